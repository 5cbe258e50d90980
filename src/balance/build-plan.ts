/**
 * From one snapshot to one plan: what each PG's primary can be, what the policy wants, what the engine chooses,
 * and the typed list of operations that gets there (plus removal of pg_upmap_primaries entries that do nothing).
 * Pure: the caller reads the files and renders the plan.
 */
import type { CrushMap } from '../crush/types.js';
import { parsePgid, type OsdMap, type Pool } from '../cluster/osdmap.js';
import type { Placement } from '../cluster/placement.js';
import type { Policy } from '../policy/policy.js';
import { balanceCluster } from './balance-cluster.js';
import type { EnginePool } from './engine-types.js';
import type { Plan, PoolPlan } from './plan.js';
import type { PrimaryOp } from './primary-op.js';
import { applyPlanOps } from './apply-plan-ops.js';
import { entryCleanup } from './entry-cleanup.js';
import { gatherPool, targetOf, type PoolWork } from './pool-choices.js';
import { optimumFromWork } from './optimum.js';
import { planWarnings } from './plan-warnings.js';

export interface PlanRequest {
  osdmap: OsdMap;
  crush: CrushMap;
  placement: Placement;
  /** Pools to plan, in order; every pool when empty. */
  poolIds: readonly number[];
  policy: Policy;
  /** Host index per OSD id (-1: none), for the cross-pool host balance. */
  hostOf: Int32Array;
  /** Largest number of operations the plan may hold. */
  maxChanges?: number;
}

function skipReason(pool: Pool): string | undefined {
  if (pool.type !== 'replicated')
    return 'erasure-coded pool: the monitor accepts pg-upmap-primary for replicated pools only';
  return undefined;
}

export function buildPlan(req: PlanRequest): Plan {
  const { osdmap } = req;
  const ids = req.poolIds.length > 0 ? [...new Set(req.poolIds)] : [...osdmap.pools.keys()].sort((a, b) => a - b);
  const works: PoolWork[] = [];
  const skipped: PoolPlan[] = [];
  for (const id of ids) {
    const pool = osdmap.pools.get(id);
    if (pool === undefined) continue;
    const why = skipReason(pool);
    if (why !== undefined) {
      skipped.push(skippedPool(pool, why));
      continue;
    }
    works.push(gatherPool(req.osdmap, req.crush, req.placement, pool));
  }
  const enginePools: EnginePool[] = works.map((w) => ({
    poolId: w.pool.id,
    pgs: w.pgs,
    desired: req.policy.desired({
      osdmap,
      pool: w.pool,
      placement: req.placement.pools.get(w.pool.id) ?? { poolId: w.pool.id, pgs: [] },
      eligible: w.eligible,
      pgCount: w.pgs.length,
    }),
  }));
  const result = balanceCluster({
    osdCount: osdmap.maxOsd,
    pools: enginePools,
    hostOf: req.hostOf,
    ...(req.maxChanges !== undefined ? { maxChanges: req.maxChanges } : {}),
  });

  const ops: PrimaryOp[] = [];
  const pools: PoolPlan[] = [];
  works.forEach((w, i) => {
    const r = result.pools[i];
    if (r === undefined) throw new Error(`engine returned no result for pool ${w.pool.id}`);
    let moves = 0;
    w.pgs.forEach((pg, k) => {
      const to = r.chosen[k] as number;
      if (to === pg.current) return;
      const target = targetOf(w, k, to);
      if (target === undefined) throw new Error(`engine chose osd.${to} for pg ${pg.pgid}, not one of its choices`);
      ops.push(
        target === null
          ? { op: 'remove', pgid: pg.pgid, from: pg.current, to, reason: 'balance' }
          : { op: 'set', pgid: pg.pgid, osd: target, from: pg.current, to, reason: 'balance' },
      );
      moves++;
    });
    const equal = uniformShare(enginePools[i]?.desired, w.eligible);
    pools.push({
      poolId: w.pool.id,
      poolName: w.pool.name,
      status: r.status === 'budget-limited' ? 'budget-limited' : 'balanced',
      pgCount: w.pgs.length,
      eligibleOsds: w.eligible.reduce((a, b) => a + b, 0),
      maxBefore: maxPrimaries(
        w.pgs.map((p) => p.current),
        osdmap.maxOsd,
      ),
      maxAfter: maxPrimaries([...r.chosen], osdmap.maxOsd),
      optimum: equal !== undefined ? Math.round(r.optimum + equal) : optimumFromWork(w, osdmap.maxOsd),
      equalShares: equal !== undefined,
      overloadBefore: r.before.maxOverload,
      overloadAfter: r.after.maxOverload,
      overloadOptimum: r.optimum,
      moves,
      cleanups: 0,
    });
  });

  // Entries that do nothing (redundant or invalid) in the planned pools, while the budget allows.
  const moved = new Set(ops.map((o) => o.pgid));
  const budget = req.maxChanges ?? Infinity;
  for (const op of entryCleanup(osdmap, req.crush, req.placement, new Set(works.map((w) => w.pool.id)))) {
    if (ops.length >= budget) break;
    if (moved.has(op.pgid)) continue;
    ops.push(op);
    const p = pools.find((x) => x.poolId === parsePgid(op.pgid)?.pool);
    if (p) p.cleanups++;
  }

  const { osdmapAfter, placementAfter } = applyPlanOps(osdmap, req.crush, req.placement, ops);
  const limited = pools.some((p) => p.status === 'budget-limited');
  return {
    epoch: osdmap.epoch,
    fsid: osdmap.fsid,
    policy: req.policy.name,
    notes: req.policy.note?.(osdmap) !== undefined ? [req.policy.note(osdmap) as string] : [],
    ops,
    pools: [...pools, ...skipped].sort((a, b) => a.poolId - b.poolId),
    status: limited ? 'budget-limited' : ops.length > 0 ? 'improved' : 'balanced',
    warnings: planWarnings(osdmap, ops.length, ops.filter((o) => o.op === 'set').length),
    osdmapAfter,
    placementAfter,
  };
}

function maxPrimaries(primaries: readonly number[], osdCount: number): number {
  const count = new Int32Array(osdCount);
  let max = 0;
  for (const o of primaries) if (o >= 0 && o < osdCount) max = Math.max(max, ++count[o]!);
  return max;
}

/**
 * The share when every eligible OSD has the same one (then the optimum overload plus the share is the optimum
 * number of primaries of the busiest OSD); undefined when the shares differ.
 */
function uniformShare(desired: Float64Array | undefined, eligible: Uint8Array): number | undefined {
  if (desired === undefined) return undefined;
  let share: number | undefined;
  for (let o = 0; o < eligible.length; o++) {
    if (!eligible[o]) continue;
    const d = desired[o] ?? 0;
    if (share === undefined) share = d;
    else if (Math.abs(d - share) > 1e-9) return undefined;
  }
  return share;
}

function skippedPool(pool: Pool, reason: string): PoolPlan {
  return {
    poolId: pool.id,
    poolName: pool.name,
    status: 'skipped',
    reason,
    pgCount: pool.pgNum,
    eligibleOsds: 0,
    maxBefore: 0,
    maxAfter: 0,
    optimum: 0,
    overloadBefore: 0,
    overloadAfter: 0,
    overloadOptimum: 0,
    equalShares: true,
    moves: 0,
    cleanups: 0,
  };
}
