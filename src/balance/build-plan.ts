/**
 * From one snapshot to one plan: what each PG's primary can be, what the policy wants, what the engine chooses,
 * and the typed list of operations that gets there (plus removal of pg_upmap_primaries entries that do nothing).
 * Pure: the caller reads the files and renders the plan.
 */
import type { CrushMap } from '../crush/types.js';
import type { OsdMap } from '../cluster/osdmap.js';
import type { Placement } from '../cluster/placement.js';
import type { Policy } from '../policy/policy.js';
import { balanceCluster } from './balance-cluster.js';
import type { Plan, PoolPlan } from './plan.js';
import type { PrimaryOp } from './primary-op.js';
import { optimumFromWork } from './optimum.js';
import { currentPrimaries } from './pool-choices.js';
import { finishPlan, maxPrimaries, planParts, poolOps } from './plan-parts.js';

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
  /** PGs whose primary and pg_upmap_primaries entry stay as they are (the watch daemon's skipped and foreign PGs). */
  pinned?: ReadonlySet<string>;
  /**
   * Whether each pool's smallest possible busiest-OSD primary count (PoolPlan.optimum) is computed when the shares
   * differ (default true). With unequal shares it is a separate flow problem (~0.4 s at 320k PGs), which a watch
   * round whose mapping changed would pay for a figure it does not show.
   */
  primaryOptimum?: boolean;
}

export function buildPlan(req: PlanRequest): Plan {
  const { osdmap } = req;
  const parts = planParts(req);
  const { works, enginePools } = parts;
  const result = balanceCluster({
    osdCount: osdmap.maxOsd,
    pools: enginePools,
    hostOf: req.hostOf,
    ...(req.maxChanges !== undefined ? { maxChanges: Math.max(0, req.maxChanges - parts.forced) } : {}),
  });

  const ops: PrimaryOp[] = [];
  const pools: PoolPlan[] = [];
  works.forEach((w, i) => {
    const r = result.pools[i];
    if (r === undefined) throw new Error(`engine returned no result for pool ${w.pool.id}`);
    const moves = poolOps(w, r.chosen, ops);
    const equal = uniformShare(enginePools[i]?.desired, w.eligible);
    pools.push({
      poolId: w.pool.id,
      poolName: w.pool.name,
      status: r.status === 'budget-limited' ? 'budget-limited' : 'balanced',
      pgCount: w.pool.pgNum,
      eligibleOsds: w.eligible.reduce((a, b) => a + b, 0),
      maxBefore: maxPrimaries(currentPrimaries(w), osdmap.maxOsd),
      maxAfter: maxPrimaries(r.chosen, osdmap.maxOsd),
      optimum:
        equal !== undefined
          ? Math.round(r.optimum + equal)
          : req.primaryOptimum === false
            ? null
            : optimumFromWork(w, osdmap.maxOsd),
      equalShares: equal !== undefined,
      overloadBefore: r.before.maxOverload,
      overloadAfter: r.after.maxOverload,
      overloadOptimum: r.optimum,
      moves,
      cleanups: 0,
    });
  });
  return finishPlan(req, parts, pools, ops);
}

/**
 * The share when every eligible OSD has the same one (then the optimum overload plus the share is the optimum
 * number of primaries of the busiest OSD); undefined when the shares differ.
 */
export function uniformShare(desired: Float64Array | undefined, eligible: Uint8Array): number | undefined {
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
