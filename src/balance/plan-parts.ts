/**
 * The steps every primary plan shares, whatever engine chose the primaries: which pools and PGs can be planned (and
 * the policy's shares), the ops that give a chosen primary, and the finish (cleanup of entries that do nothing,
 * the predicted map, warnings).
 */
import { parsePgid, type Pool } from '../cluster/osdmap.js';
import { applyPlanOps } from './apply-plan-ops.js';
import type { PlanRequest } from './build-plan.js';
import type { EnginePool } from './engine-types.js';
import { entryCleanup } from './entry-cleanup.js';
import type { Plan, PoolPlan } from './plan.js';
import { planWarnings } from './plan-warnings.js';
import { gatherPool, targetOf, type PoolWork } from './pool-choices.js';
import type { PrimaryOp } from './primary-op.js';

export interface PlanParts {
  works: PoolWork[];
  /** Pools that cannot be planned (erasure-coded). */
  skipped: PoolPlan[];
  /** Per work: its PGs and the policy's desired primaries. */
  enginePools: EnginePool[];
}

function skipReason(pool: Pool): string | undefined {
  if (pool.type !== 'replicated')
    return 'erasure-coded pool: the monitor accepts pg-upmap-primary for replicated pools only';
  return undefined;
}

export function planParts(req: PlanRequest): PlanParts {
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
    const work = gatherPool(req.osdmap, req.crush, req.placement, pool);
    if (req.pinned !== undefined && req.pinned.size > 0) pinPgs(work, req.pinned);
    works.push(work);
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
  return { works, skipped, enginePools };
}

/** Appends the ops that give each PG of `w` its chosen primary; returns how many. */
export function poolOps(w: PoolWork, chosen: Int32Array, ops: PrimaryOp[]): number {
  let moves = 0;
  w.pgs.forEach((pg, k) => {
    const to = chosen[k] as number;
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
  return moves;
}

/** Adds the cleanup ops (within the budget), predicts the map after the ops and assembles the plan. */
export function finishPlan(req: PlanRequest, parts: PlanParts, pools: PoolPlan[], ops: PrimaryOp[]): Plan {
  const { osdmap } = req;
  // Entries that do nothing (redundant or invalid) in the planned pools, while the budget allows.
  const moved = new Set(ops.map((o) => o.pgid));
  const budget = req.maxChanges ?? Infinity;
  for (const op of entryCleanup(osdmap, req.crush, req.placement, new Set(parts.works.map((w) => w.pool.id)))) {
    if (ops.length >= budget) break;
    if (moved.has(op.pgid) || req.pinned?.has(op.pgid)) continue;
    ops.push(op);
    const p = pools.find((x) => x.poolId === parsePgid(op.pgid)?.pool);
    if (p) p.cleanups++;
  }
  const { osdmapAfter, placementAfter } = applyPlanOps(osdmap, req.crush, req.placement, ops);
  const limited = pools.some((p) => p.status === 'budget-limited');
  const note = req.policy.note?.(osdmap);
  return {
    epoch: osdmap.epoch,
    fsid: osdmap.fsid,
    policy: req.policy.name,
    notes: note !== undefined ? [note] : [],
    ops,
    pools: [...pools, ...parts.skipped].sort((a, b) => a.poolId - b.poolId),
    status: limited ? 'budget-limited' : ops.length > 0 ? 'improved' : 'balanced',
    warnings: planWarnings(osdmap, ops.length, ops.filter((o) => o.op === 'set').length),
    osdmapAfter,
    placementAfter,
  };
}

/** A pinned PG keeps its current primary: its only choice. */
function pinPgs(w: PoolWork, pinned: ReadonlySet<string>): void {
  for (const pg of w.pgs) if (pinned.has(pg.pgid)) pg.choices = [pg.current];
}

export function maxPrimaries(primaries: readonly number[], osdCount: number): number {
  const count = new Int32Array(osdCount);
  let max = 0;
  for (const o of primaries) if (o >= 0 && o < osdCount) max = Math.max(max, ++count[o]!);
  return max;
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
