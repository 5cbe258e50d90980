import { countPrimaries, type PoolGraph } from './flow-graph.js';
import { MinHeap } from './min-heap.js';

export interface MinCostResult {
  assign: Int32Array;
  /** PGs whose primary differs from the original one. */
  changes: number;
  /** Total cost: changes + Σ topCost of the top units used. */
  cost: number;
  /** False when the flow was abandoned because its cost exceeded `limit` (assign is then partial). */
  complete: boolean;
}

/**
 * Min-cost flow from the original assignment on the implicit OSD graph (successive shortest paths, primal–dual).
 * Moving PG p from OSD a to b costs [b ≠ orig p] − [a ≠ orig p] (one change; moving a PG back home refunds it).
 * OSD o absorbs up to cap_o primaries; when topCost_o > 0 its last (cap_o-th) unit costs topCost_o — used with a
 * topCost larger than any number of changes, this minimises first the top units (OSDs at the max level), then changes.
 *
 * Initial pseudo-flow: every PG stays home; OSD o keeps min(count_o, cap_o − [top]) units on its free sink arc and the
 * rest is excess to route (its own top unit included, via the zero-length path S→o→t). This pseudo-flow has cost 0
 * and no negative cycle, so augmenting along shortest paths keeps optimality. Each phase: Dijkstra with potentials
 * (reduced costs ≥ 0; arcs out of t are never needed on S–t paths), then as many augmenting paths of zero reduced cost
 * as an iterative DFS finds. Integer costs keep the potentials exact. Returns null when the capacities are infeasible.
 * All costs are ≥ 0 at the start, so shortest-path lengths (non-decreasing in SSP) are ≥ 0 and the running cost only
 * grows: once it exceeds `limit` the answer is "more than limit" and the flow stops (complete: false).
 */
export function minCostAssign(
  g: PoolGraph,
  cap: Int32Array,
  topCost: Float64Array | null,
  limit = Infinity,
): MinCostResult | null {
  const m = g.osdCount;
  const { choiceStart, choiceOsd, revStart, revPg, orig } = g;
  const assign = orig.slice();
  const count = countPrimaries(g, assign);
  const capFree = new Int32Array(m);
  const load = new Int32Array(m);
  const excess = new Int32Array(m);
  let totalExcess = 0;
  for (let o = 0; o < m; o++) {
    capFree[o] = topCost && topCost[o]! > 0 ? cap[o]! - 1 : cap[o]!;
    load[o] = Math.min(count[o]!, capFree[o]!);
    excess[o] = count[o]! - load[o]!;
    totalExcess += excess[o]!;
  }
  const pi = new Float64Array(m);
  let piT = 0;
  const dist = new Float64Array(m);
  const done = new Uint8Array(m);
  const heap = new MinHeap(4 * m);
  const ptr = new Int32Array(m);
  const dead = new Uint8Array(m);
  const onStack = new Uint8Array(m);
  const stackOsd = new Int32Array(m + 1);
  const stackPg = new Int32Array(m + 1);
  let cost = 0;

  const sinkCost = (a: number): number => {
    if (load[a]! < capFree[a]!) return 0;
    if (topCost && load[a] === capFree[a] && topCost[a]! > 0) return topCost[a]!;
    return Infinity;
  };

  while (totalExcess > 0) {
    // Dijkstra on reduced costs from the super source.
    dist.fill(Infinity);
    done.fill(0);
    heap.clear();
    for (let o = 0; o < m; o++) {
      if (excess[o]! > 0) {
        dist[o] = -pi[o]!;
        heap.push(dist[o]!, o);
      }
    }
    let dt = Infinity;
    while (heap.size > 0) {
      const du = heap.topKey();
      const a = heap.pop();
      if (done[a] || du > dist[a]!) continue;
      if (du >= dt) break;
      done[a] = 1;
      const sc = sinkCost(a);
      if (sc !== Infinity) dt = Math.min(dt, du + sc + pi[a]! - piT);
      const pa = pi[a]! + du;
      for (let r = revStart[a]!, re = revStart[a + 1]!; r < re; r++) {
        const p = revPg[r]!;
        if (assign[p] !== a) continue;
        const home = orig[p]!;
        const base = a === home ? 0 : -1;
        for (let k = choiceStart[p]!, ke = choiceStart[p + 1]!; k < ke; k++) {
          const b = choiceOsd[k]!;
          if (b === a || done[b]) continue;
          const nd = pa + base + (b === home ? 0 : 1) - pi[b]!;
          if (nd < dist[b]!) {
            dist[b] = nd;
            heap.push(nd, b);
          }
        }
      }
    }
    if (dt === Infinity) return null;
    // piT + dt is the true cost of every path of this phase (π(S) = 0).
    if (cost + piT + dt > limit) return { assign, changes: -1, cost: cost + piT + dt, complete: false };
    for (let o = 0; o < m; o++) pi[o] = pi[o]! + Math.min(dist[o]!, dt);
    piT += dt;

    // Augment along zero-reduced-cost paths.
    for (let o = 0; o < m; o++) ptr[o] = revStart[o]!;
    dead.fill(0);
    for (let src = 0; src < m && totalExcess > 0; src++) {
      if (excess[src]! === 0 || pi[src]! !== 0) continue;
      while (excess[src]! > 0 && !dead[src]) {
        let top = 0;
        stackOsd[0] = src;
        onStack[src] = 1;
        let found = false;
        for (;;) {
          const a = stackOsd[top]!;
          const sc = sinkCost(a);
          if (sc !== Infinity && sc + pi[a]! - piT === 0) {
            found = true;
            break;
          }
          let pushed = false;
          let r = ptr[a]!;
          const re = revStart[a + 1]!;
          const pa = pi[a]!;
          for (; r < re; r++) {
            const p = revPg[r]!;
            if (assign[p] !== a) continue;
            const home = orig[p]!;
            const base = a === home ? 0 : -1;
            for (let k = choiceStart[p]!, ke = choiceStart[p + 1]!; k < ke; k++) {
              const b = choiceOsd[k]!;
              if (b === a || dead[b] || onStack[b]) continue;
              if (pa + base + (b === home ? 0 : 1) - pi[b]! === 0) {
                stackPg[top] = p;
                stackOsd[++top] = b;
                onStack[b] = 1;
                pushed = true;
                break;
              }
            }
            if (pushed) break;
          }
          ptr[a] = r;
          if (pushed) continue;
          dead[a] = 1;
          onStack[a] = 0;
          if (top === 0) break;
          top--;
        }
        if (!found) break;
        const end = stackOsd[top]!;
        cost += sinkCost(end);
        for (let i = 0; i < top; i++) {
          const p = stackPg[i]!;
          const a = stackOsd[i]!;
          const b = stackOsd[i + 1]!;
          cost += (b === orig[p] ? 0 : 1) - (a === orig[p] ? 0 : 1);
          assign[p] = b;
        }
        for (let i = 0; i <= top; i++) onStack[stackOsd[i]!] = 0;
        excess[src]!--;
        load[end]!++;
        totalExcess--;
        if (cost > limit) return { assign, changes: -1, cost, complete: false };
      }
    }
  }
  let changes = 0;
  for (let p = 0; p < g.pgCount; p++) if (assign[p] !== orig[p]) changes++;
  return { assign, changes, cost, complete: true };
}
