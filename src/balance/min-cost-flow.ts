import type { PoolGraph } from './flow-graph.js';
import { minCostWasm } from './flow-wasm.js';
import { heldIndex, type HeldIndex } from './held-index.js';
import { initialState, sinkCost, type FlowState } from './flow-state.js';
import { MinHeap } from './min-heap.js';
import { augmentTight, tightScratch } from './tight-augment.js';

export interface MinCostResult {
  assign: Int32Array;
  /** PGs whose primary differs from the original one (-1 when incomplete). */
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
 * (reduced costs ≥ 0; arcs out of t are never needed on S–t paths), then a blocking flow on the zero-reduced-cost
 * graph (tight-augment.ts). Integer costs keep the potentials exact. Returns null when the capacities are infeasible.
 * All costs are ≥ 0 at the start, so shortest-path lengths (non-decreasing in SSP) are ≥ 0 and the running cost only
 * grows: once it exceeds `limit` the answer is "more than limit" and the flow stops (complete: false).
 * The phases run on WebAssembly where they can (flow-wasm.ts: same result).
 */
export function minCostAssign(
  g: PoolGraph,
  cap: Int32Array,
  topCost: Float64Array | null,
  limit = Infinity,
): MinCostResult | null {
  const s = initialState(g, cap, topCost);
  const m = g.osdCount;
  const dist = new Float64Array(m);
  const done = new Uint8Array(m);
  const heap = new MinHeap(4 * m);
  const scratch = tightScratch(m);
  const held = heldIndex(g, s.assign);
  const wasm = minCostWasm(s, held, limit);
  if (wasm === 'infeasible') return null;
  if (wasm === 'over-limit') return { assign: s.assign, changes: -1, cost: s.cost, complete: false };
  while (wasm === null && s.totalExcess > 0) {
    const dt = shortestPaths(s, dist, done, heap, held);
    if (dt === Infinity) return null;
    for (let o = 0; o < m; o++) s.pi[o] = s.pi[o]! + Math.min(dist[o]!, dt);
    s.piT += dt;
    // piT is now the true cost of every path of this phase (π(S) = 0).
    if (s.cost + s.piT > limit) return { assign: s.assign, changes: -1, cost: s.cost + s.piT, complete: false };
    augmentTight(s, scratch, held, limit);
    if (s.cost > limit) return { assign: s.assign, changes: -1, cost: s.cost, complete: false };
  }
  let changes = 0;
  for (let p = 0; p < g.pgCount; p++) if (s.assign[p] !== g.orig[p]) changes++;
  return { assign: s.assign, changes, cost: s.cost, complete: true };
}

/** Dijkstra on reduced costs from the super source; returns the reduced distance to the sink. */
function shortestPaths(s: FlowState, dist: Float64Array, done: Uint8Array, heap: MinHeap, held: HeldIndex): number {
  const { g, pi, excess } = s;
  const { start, end, home: homeOf, choice, stride } = held;
  dist.fill(Infinity);
  done.fill(0);
  heap.clear();
  for (let o = 0; o < g.osdCount; o++) {
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
    const sc = sinkCost(s, a);
    if (sc !== Infinity) dt = Math.min(dt, du + sc + pi[a]! - s.piT);
    const pa = pi[a]! + du;
    for (let r = start[a]!, re = end[a]!; r < re; r++) {
      const home = homeOf[r]!;
      const base = pa + (a === home ? 0 : -1);
      for (let j = r * stride, je = j + stride; j < je; j++) {
        const b = choice[j]!;
        if (b < 0 || b === a || done[b]) continue;
        const nd = base + (b === home ? 0 : 1) - pi[b]!;
        if (nd < dist[b]!) {
          dist[b] = nd;
          heap.push(nd, b);
        }
      }
    }
  }
  return dt;
}
