import { countPrimaries, type PoolGraph } from './flow-graph.js';

/**
 * The state of a min-cost flow on a pool (see min-cost-flow.ts): where each PG's primary is now, how many primaries
 * each OSD has absorbed on its sink arcs (`load`) and how many are still to route away from it (`excess`), and the
 * node potentials (`pi` per OSD, `piT` for the sink; the super source stays at 0).
 */
export interface FlowState {
  g: PoolGraph;
  assign: Int32Array;
  capFree: Int32Array;
  /** Cost of the cap-th unit per OSD when > 0 (a top unit), else none. */
  topCost: Float64Array | null;
  load: Int32Array;
  excess: Int32Array;
  totalExcess: number;
  pi: Float64Array;
  piT: number;
  cost: number;
}

export function initialState(g: PoolGraph, cap: Int32Array, topCost: Float64Array | null): FlowState {
  const m = g.osdCount;
  const assign = g.orig.slice();
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
  return { g, assign, capFree, topCost, load, excess, totalExcess, pi: new Float64Array(m), piT: 0, cost: 0 };
}

/** Cost of the next unit OSD a can absorb: 0 on its free arc, its top cost, or Infinity when full. */
export function sinkCost(s: FlowState, a: number): number {
  if (s.load[a]! < s.capFree[a]!) return 0;
  if (s.topCost && s.load[a] === s.capFree[a] && s.topCost[a]! > 0) return s.topCost[a]!;
  return Infinity;
}
