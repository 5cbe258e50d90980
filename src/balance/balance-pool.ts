import { EPS, type EnginePool, type PoolFigures } from './engine-types.js';
import { buildPoolGraph, countPrimaries, type PoolGraph } from './flow-graph.js';
import { minCostAssign, type MinCostResult } from './min-cost-flow.js';
import { flowScratch, routeExcess } from './max-flow.js';
import { minMaxThreshold } from './min-max-threshold.js';
import { poolFigures } from './pool-figures.js';
import type { ThresholdScale } from './threshold-scale.js';

/** One pool, analysed: its graph, the optimum threshold (level 1) and the current one. */
export interface PoolAnalysis {
  pool: EnginePool;
  graph: PoolGraph;
  scale: ThresholdScale;
  optimumIndex: number;
  currentIndex: number;
  before: PoolFigures;
  /** Level-2 optimum: the fewest OSDs at the optimum overload over all assignments reaching it. */
  optimumAtMax: number;
}

export function analysePool(pool: EnginePool, osdCount: number): PoolAnalysis {
  const graph = buildPoolGraph(pool, osdCount);
  const before = poolFigures(graph, graph.orig);
  const r = minMaxThreshold(graph);
  const optimumAtMax = fewestAtMax(graph, r.scale, r.optimumIndex, r.assign);
  return {
    pool,
    graph,
    scale: r.scale,
    optimumIndex: r.optimumIndex,
    currentIndex: r.currentIndex,
    before,
    optimumAtMax,
  };
}

/**
 * Level-2 optimum by max-flow: with every "top" OSD (one that is at the level T when full) limited to cap − 1, the
 * primaries a maximum flow cannot place are exactly the fewest top units needed (augmenting paths never unload a
 * sink arc), plus the OSDs at the level even when empty.
 */
function fewestAtMax(g: PoolGraph, scale: ThresholdScale, index: number, assign: Int32Array): number {
  if (g.pgCount === 0) return 0;
  const t = scale.value(index);
  const cap = scale.caps(index, new Int32Array(g.osdCount));
  let always = 0;
  for (let o = 0; o < g.osdCount; o++) {
    if (!g.eligible[o] || cap[o]! - g.desired[o]! < t - EPS) continue;
    if (cap[o] === 0) always++;
    else cap[o]!--;
  }
  const work = assign.slice();
  const count = countPrimaries(g, work);
  routeExcess(g, work, count, cap, flowScratch(g.osdCount));
  let left = 0;
  for (let o = 0; o < g.osdCount; o++) if (count[o]! > cap[o]!) left += count[o]! - cap[o]!;
  return left + always;
}

/**
 * The change-minimal assignment whose largest overload is ≤ the candidate `index`.
 * With `flatten` (level 2) the OSDs that would sit exactly at that level when full get a top unit whose cost
 * outweighs any number of changes, so the fewest OSDs end at the max level; `penalty` (small non-negative integers
 * per OSD, cross-pool balance) ranks between levels 2 and 3: it prices each top unit and outweighs changes.
 */
export function solveAt(
  a: PoolAnalysis,
  index: number,
  flatten: boolean,
  penalty: Int32Array | null = null,
  limit = Infinity,
): MinCostResult {
  const g = a.graph;
  const cap = a.scale.caps(index, new Int32Array(g.osdCount));
  let topCost: Float64Array | null = null;
  if (flatten) {
    const t = a.scale.value(index);
    const w = g.pgCount + 1;
    let maxPen = 0;
    if (penalty) for (let o = 0; o < g.osdCount; o++) maxPen = Math.max(maxPen, penalty[o]!);
    const big = w * (maxPen * g.osdCount + 1);
    topCost = new Float64Array(g.osdCount);
    let tops = 0;
    let always = 0;
    for (let o = 0; o < g.osdCount; o++) {
      if (!g.eligible[o] || cap[o]! - g.desired[o]! < t - EPS) continue;
      if (cap[o] === 0) always++;
      else {
        tops++;
        topCost[o] = big + (penalty ? w * penalty[o]! : 0);
      }
    }
    // When every top OSD must be full anyway (e.g. integral even shares), level 2 and the prices are void.
    if (index === a.optimumIndex && tops + always === a.optimumAtMax) topCost = null;
  }
  const r = minCostAssign(g, cap, topCost, limit);
  if (!r) throw new Error(`pool ${a.pool.poolId}: threshold ${a.scale.value(index)} infeasible (engine bug)`);
  return r;
}
