import type { WeightedGraph } from './weighted-graph.js';

/** The LP optimum of the weighted problem and a fractional assignment reaching it. */
export interface FractionalOptimum {
  /** min over fractional assignments of max_o (load_o − target_o): the LP lower bound. */
  bound: number;
  /** Heat of PG p on its choice slot k (CSR of the graph); Σ_k x = heat[p]. */
  x: Float64Array;
  /** Max-flow rounds (phases) and threshold raises it took. */
  phases: number;
  raises: number;
}

/**
 * The LP relaxation of restricted-assignment makespan (each PG's heat may be split among its choices), exactly:
 * threshold T is feasible iff a flow moves every OSD's excess over cap_o = T + target_o to OSDs with room, through
 * PGs (OSD a → OSD b along PG p while p still puts heat on a). Starting from the current assignment at the global
 * average bound, a failed flow leaves a closed set R (every PG with heat in R has all its choices in R), so
 * T ≥ (heat(R) − target(R)) / |R| for every fractional assignment: raise T to that value and continue the same flow
 * (capacities only grow, so it stays valid). This is Newton's method on the parametric cut; it stops at the LP
 * optimum, the first T at which the flow succeeds, which equals the last lower bound.
 */
export function fractionalOptimum(g: WeightedGraph): FractionalOptimum {
  const m = g.osdCount;
  const x = new Float64Array(g.choiceOsd.length);
  const load = new Float64Array(m);
  let total = 0;
  let maxHeat = 0;
  for (let p = 0; p < g.pgCount; p++) {
    for (let k = g.choiceStart[p]!; k < g.choiceStart[p + 1]!; k++) {
      if (g.choiceOsd[k] === g.orig[p]) {
        x[k] = g.heat[p]!;
        break;
      }
    }
    load[g.orig[p]!]! += g.heat[p]!;
    total += g.heat[p]!;
    maxHeat = Math.max(maxHeat, g.heat[p]!);
  }
  let n = 0;
  let targetSum = 0;
  for (let o = 0; o < m; o++) {
    if (!g.eligible[o]) continue;
    n++;
    targetSum += g.target[o]!;
  }
  if (n === 0 || total === 0) return { bound: n === 0 ? 0 : -minTarget(g), x, phases: 0, raises: 0 };
  const tol = 1e-9 * (total / n + maxHeat);
  let t = (total - targetSum) / n;
  const s = scratch(m);
  let phases = 0;
  let raises = 0;
  for (;;) {
    const r = route(g, x, load, t, tol, s);
    phases += r.phases;
    if (r.feasible) break;
    let heatR = 0;
    let targetR = 0;
    let size = 0;
    for (let o = 0; o < m; o++) {
      if (s.level[o]! < 0) continue;
      heatR += load[o]!;
      targetR += g.target[o]!;
      size++;
    }
    const next = (heatR - targetR) / size;
    t = next > t + tol ? next : t + tol;
    raises++;
  }
  return { bound: t, x, phases, raises };
}

function minTarget(g: WeightedGraph): number {
  let v = Infinity;
  for (let o = 0; o < g.osdCount; o++) if (g.eligible[o]) v = Math.min(v, g.target[o]!);
  return v === Infinity ? 0 : v;
}

const DEAD = -2;

interface Scratch {
  level: Int32Array;
  queue: Int32Array;
  ptr: Int32Array;
  stackOsd: Int32Array;
  /** x slot leaving stackOsd[i] and slot entering stackOsd[i+1]. */
  outSlot: Int32Array;
  inSlot: Int32Array;
}

function scratch(m: number): Scratch {
  return {
    level: new Int32Array(m),
    queue: new Int32Array(m),
    ptr: new Int32Array(m),
    stackOsd: new Int32Array(m + 1),
    outSlot: new Int32Array(m + 1),
    inSlot: new Int32Array(m + 1),
  };
}

/**
 * Dinic's max-flow on the implicit OSD graph with real amounts; moves heat in `x`/`load` until no OSD exceeds
 * T + target (within tol). On failure (decided by a layering that reaches no OSD with room) the OSDs with
 * level ≥ 0 form the closed overloaded set R.
 */
function route(
  g: WeightedGraph,
  x: Float64Array,
  load: Float64Array,
  t: number,
  tol: number,
  s: Scratch,
): { feasible: boolean; phases: number } {
  const { level, queue, ptr, stackOsd, outSlot, inSlot } = s;
  const { revStart, revPg, revSlot, choiceStart, choiceOsd, target } = g;
  const m = g.osdCount;
  const room = (o: number) => t + target[o]! - load[o]!;
  let phases = 0;
  for (;;) {
    phases++;
    level.fill(-1);
    let qt = 0;
    for (let o = 0; o < m; o++) {
      if (g.eligible[o] && room(o) < -tol) {
        level[o] = 0;
        queue[qt++] = o;
      }
    }
    if (qt === 0) return { feasible: true, phases };
    const sources = qt;
    let anySink = false;
    for (let qh = 0; qh < qt; qh++) {
      const a = queue[qh]!;
      const la = level[a]!;
      for (let r = revStart[a]!, re = revStart[a + 1]!; r < re; r++) {
        if (x[revSlot[r]!]! <= 0) continue;
        const p = revPg[r]!;
        for (let k = choiceStart[p]!, ke = choiceStart[p + 1]!; k < ke; k++) {
          const b = choiceOsd[k]!;
          if (level[b] !== -1) continue;
          level[b] = la + 1;
          queue[qt++] = b;
          if (room(b) > tol) anySink = true;
        }
      }
    }
    if (!anySink) return { feasible: false, phases };
    for (let i = 0; i < qt; i++) ptr[queue[i]!] = revStart[queue[i]!]!;
    for (let si = 0; si < sources; si++) {
      const src = queue[si]!;
      // after each augmentation the search resumes at the tail of the first saturated edge (not at the source)
      let top = 0;
      stackOsd[0] = src;
      while (room(src) < -tol) {
        let found = false;
        for (;;) {
          const a = stackOsd[top]!;
          if (top > 0 && room(a) > tol) {
            found = true;
            break;
          }
          const next = level[a]! + 1;
          let pushed = false;
          let r = ptr[a]!;
          const re = revStart[a + 1]!;
          for (; r < re; r++) {
            const ka = revSlot[r]!;
            if (x[ka]! <= 0) continue;
            const p = revPg[r]!;
            for (let k = choiceStart[p]!, ke = choiceStart[p + 1]!; k < ke; k++) {
              const b = choiceOsd[k]!;
              if (level[b] === next) {
                outSlot[top] = ka;
                inSlot[top] = k;
                stackOsd[++top] = choiceOsd[k]!;
                pushed = true;
                break;
              }
            }
            if (pushed) break;
          }
          ptr[a] = r;
          if (pushed) continue;
          level[a] = DEAD;
          if (top === 0) break;
          top--;
        }
        if (!found) break;
        let d = Math.min(-room(src), room(stackOsd[top]!));
        for (let i = 0; i < top; i++) d = Math.min(d, x[outSlot[i]!]!);
        for (let i = 0; i < top; i++) {
          const ko = outSlot[i]!;
          x[ko] = x[ko]! === d ? 0 : x[ko]! - d;
          x[inSlot[i]!]! += d;
        }
        load[src]! -= d;
        load[stackOsd[top]!]! += d;
        for (let i = 0; i < top; i++) {
          if (x[outSlot[i]!]! <= 0) {
            top = i;
            break;
          }
        }
      }
    }
  }
}
