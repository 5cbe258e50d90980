import { moveHeld, type HeldIndex } from './held-index.js';
import { sinkCost, type FlowState } from './flow-state.js';

/** Work arrays for augmentTight. */
export interface TightScratch {
  level: Int32Array;
  queue: Int32Array;
  ptr: Int32Array;
  stackOsd: Int32Array;
  stackPg: Int32Array;
}

export function tightScratch(m: number): TightScratch {
  return {
    level: new Int32Array(m),
    queue: new Int32Array(m),
    ptr: new Int32Array(m),
    stackOsd: new Int32Array(m + 1),
    stackPg: new Int32Array(m + 1),
  };
}

const DEAD = -2;

/**
 * Max-flow (Dinic) restricted to the admissible graph: arcs of zero reduced cost under the current potentials, from
 * sources S→a (excess, π_a = 0) to OSDs whose next sink unit is tight. Layering by hop count keeps the graph acyclic
 * even though zero-cost cycles exist. The BFS layers the whole reachable graph (not only up to the nearest sink) and
 * the DFS stops at any tight sink on its way, so one round routes paths of several lengths (near-saturated pools need
 * long paths: far fewer rounds). Every path found is a shortest path, so optimality is kept. Out-arcs are scanned
 * from the live held index (held-index.ts), moved along with each PG. Returns the number of units routed; stops early
 * when the cost exceeds `limit`.
 */
export function augmentTight(s: FlowState, w: TightScratch, held: HeldIndex, limit: number): number {
  const { g, assign, excess, load, pi } = s;
  const { orig } = g;
  const { start, end: heldEnd, pg, home: homeOf, choice, stride } = held;
  const { level, queue, ptr, stackOsd, stackPg } = w;
  const m = g.osdCount;
  const tightSink = (a: number): boolean => {
    const sc = sinkCost(s, a);
    return sc !== Infinity && sc + pi[a]! - s.piT === 0;
  };
  let routed = 0;
  for (;;) {
    level.fill(-1);
    let qt = 0;
    let anySink = false;
    for (let o = 0; o < m; o++) {
      if (excess[o]! > 0 && pi[o] === 0) {
        level[o] = 0;
        queue[qt++] = o;
        if (!anySink && tightSink(o)) anySink = true;
      }
    }
    const sources = qt;
    for (let qh = 0; qh < qt; qh++) {
      const a = queue[qh]!;
      const la = level[a]!;
      const pa = pi[a]!;
      for (let r = start[a]!, re = heldEnd[a]!; r < re; r++) {
        const home = homeOf[r]!;
        const base = pa + (a === home ? 0 : -1);
        for (let j = r * stride, je = j + stride; j < je; j++) {
          const b = choice[j]!;
          if (b < 0 || level[b] !== -1 || base + (b === home ? 0 : 1) - pi[b]! !== 0) continue;
          level[b] = la + 1;
          queue[qt++] = b;
          if (!anySink && tightSink(b)) anySink = true;
        }
      }
    }
    if (!anySink) return routed;
    for (let i = 0; i < qt; i++) ptr[queue[i]!] = start[queue[i]!]!;
    let phaseRouted = 0;
    for (let si = 0; si < sources; si++) {
      const src = queue[si]!;
      while (excess[src]! > 0 && level[src] === 0) {
        let top = 0;
        stackOsd[0] = src;
        let found = false;
        for (;;) {
          const a = stackOsd[top]!;
          if (tightSink(a)) {
            found = true;
            break;
          }
          const next = level[a]! + 1;
          const pa = pi[a]!;
          let pushed = false;
          let r = ptr[a]!;
          for (const re = heldEnd[a]!; r < re; r++) {
            const home = homeOf[r]!;
            const base = pa + (a === home ? 0 : -1);
            for (let j = r * stride, je = j + stride; j < je; j++) {
              const b = choice[j]!;
              if (b >= 0 && level[b] === next && base + (b === home ? 0 : 1) - pi[b]! === 0) {
                stackPg[top] = pg[r]!;
                stackOsd[++top] = b;
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
        const end = stackOsd[top]!;
        s.cost += sinkCost(s, end);
        for (let i = 0; i < top; i++) {
          const p = stackPg[i]!;
          s.cost += (stackOsd[i + 1] === orig[p] ? 0 : 1) - (stackOsd[i] === orig[p] ? 0 : 1);
          assign[p] = stackOsd[i + 1]!;
          moveHeld(held, p, stackOsd[i]!, stackOsd[i + 1]!);
        }
        excess[src]!--;
        load[end]!++;
        s.totalExcess--;
        routed++;
        phaseRouted++;
        if (s.cost > limit) return routed;
      }
    }
    if (phaseRouted === 0 || s.totalExcess === 0) return routed;
  }
}
