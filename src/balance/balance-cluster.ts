import type { EngineInput, EngineResult, PoolResult, PoolStatus } from './engine-types.js';
import { EPS } from './engine-types.js';
import { analysePool, solveAt, type PoolAnalysis } from './balance-pool.js';
import { poolFigures } from './pool-figures.js';

function statusOf(changes: number, after: number, optimum: number): PoolStatus {
  if (after > optimum + EPS) return 'budget-limited';
  return changes === 0 ? 'unchanged' : 'balanced';
}

/** THE entry point: chooses the primary of every PG of every pool. */
export function balanceCluster(input: EngineInput): EngineResult {
  const analyses: PoolAnalysis[] = input.pools.map((pool) => analysePool(pool, input.osdCount));
  const chosen = analyses.map((a) => solveAt(a, a.optimumIndex, true).assign);
  return assemble(input, analyses, chosen);
}

function assemble(input: EngineInput, analyses: PoolAnalysis[], chosen: Int32Array[]): EngineResult {
  const before = new Int32Array(input.osdCount);
  const afterTotals = new Int32Array(input.osdCount);
  let changes = 0;
  const pools: PoolResult[] = analyses.map((a, i) => {
    const c = chosen[i]!;
    const after = poolFigures(a.graph, c);
    for (let p = 0; p < a.graph.pgCount; p++) {
      before[a.graph.orig[p]!]!++;
      afterTotals[c[p]!]!++;
    }
    changes += after.changes;
    const optimum = a.graph.pgCount === 0 ? 0 : a.scale.value(a.optimumIndex);
    return {
      poolId: a.pool.poolId,
      chosen: c,
      before: a.before,
      after,
      optimum,
      optimumAtMax: after.atMax,
      status: statusOf(after.changes, after.maxOverload, optimum),
    };
  });
  return { pools, changes, osdPrimariesBefore: before, osdPrimariesAfter: afterTotals };
}
