/**
 * The steps every primary plan shares, whatever engine chose the primaries: which pools and PGs can be planned (and
 * the policy's shares), the ops that give a chosen primary, and the finish (cleanup of entries that do nothing,
 * the predicted map, warnings).
 */
import { parsePgid, pgidText, type Pool } from '../cluster/osdmap.js';
import type { Placement } from '../cluster/placement.js';
import { applyPlanOps } from './apply-plan-ops.js';
import type { PlanRequest } from './build-plan.js';
import { drainChoices } from './drain-choices.js';
import type { EnginePool } from './engine-types.js';
import { entryCleanup } from './entry-cleanup.js';
import type { Plan, PoolPlan } from './plan.js';
import { planWarnings } from './plan-warnings.js';
import { currentOf, gatherPoolCached, targetOf, type PoolWork } from './pool-choices.js';
import type { PrimaryOp } from './primary-op.js';

export interface PlanParts {
  works: PoolWork[];
  /** Pools that cannot be planned (erasure-coded). */
  skipped: PoolPlan[];
  /** Per work: its PGs and the policy's desired primaries. */
  enginePools: EnginePool[];
  /** The policy drains OSDs: which, and the PGs left with no other choice (they keep their drained primary). */
  drain?: { osds: number[]; kept: Array<{ pgid: string; osd: number }> };
  /** PGs moved off drained OSDs before the engine runs (they use that much of the change budget). */
  forced: number;
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
    const work = gatherPoolCached(req.osdmap, req.crush, req.placement, pool);
    if (req.pinned !== undefined && req.pinned.size > 0) pinPgs(work, req.pinned);
    works.push(work);
  }
  if (req.policy.drained !== undefined && req.policy.drained.length > 0) return drainedParts(req, works, skipped);
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
  return { works, skipped, enginePools, forced: 0 };
}

/**
 * planParts with drained OSDs: they leave every PG's choices (drain-choices.ts), the policy shares the PGs that can
 * move among the other OSDs, and a drained OSD's share is the PGs it must keep (so it is never over its share).
 */
function drainedParts(req: PlanRequest, all: PoolWork[], skipped: PoolPlan[]): PlanParts {
  const drained = new Set(req.policy.drained);
  const budget = { left: req.maxChanges ?? Number.POSITIVE_INFINITY };
  let forced = 0;
  const kept: Array<{ pgid: string; osd: number }> = [];
  const works: PoolWork[] = [];
  const enginePools: EnginePool[] = [];
  for (const w0 of all) {
    const d = drainChoices(w0, drained, budget);
    const w = d.work;
    forced += d.forced;
    works.push(w);
    kept.push(...d.kept);
    // the policy shares the PGs that can move among the OSDs that are not drained
    const shared = Uint8Array.from(w.eligible, (e, o) => (drained.has(o) ? 0 : e));
    const desired = req.policy.desired({
      osdmap: req.osdmap,
      pool: w.pool,
      placement: req.placement.pools.get(w.pool.id) ?? { poolId: w.pool.id, pgs: [] },
      eligible: shared,
      pgCount: w.pgs.length - d.keptTotal,
    });
    for (const [o, n] of d.keptPerOsd) if (o < desired.length) desired[o] = n;
    enginePools.push({ poolId: w.pool.id, pgs: w.pgs, desired });
  }
  return { works, skipped, enginePools, drain: { osds: [...drained].sort((a, b) => a - b), kept }, forced };
}

/** Appends the ops that give each PG of `w` its chosen primary; returns how many. */
export function poolOps(w: PoolWork, chosen: Int32Array, ops: PrimaryOp[]): number {
  let moves = 0;
  w.pgs.forEach((pg, k) => {
    const to = chosen[k] as number;
    const from = currentOf(w, k);
    if (to === from) return;
    const target = targetOf(w, k, to);
    if (target === undefined) throw new Error(`engine chose osd.${to} for pg ${pg.pgid}, not one of its choices`);
    ops.push(
      target === null
        ? { op: 'remove', pgid: pg.pgid, from, to, reason: 'balance' }
        : { op: 'set', pgid: pg.pgid, osd: target, from, to, reason: 'balance' },
    );
    moves++;
  });
  return moves;
}

/** Adds the cleanup ops (within the budget), predicts the map after the ops and assembles the plan. */
export function finishPlan(req: PlanRequest, parts: PlanParts, pools: PoolPlan[], ops: PrimaryOp[]): Plan {
  const { osdmap } = req;
  // Entries that do nothing (redundant or invalid) in the planned pools, while the budget allows.
  let moved: Set<string> | undefined; // the PGs the engine moved (made once there is an entry to clean up)
  const budget = req.maxChanges ?? Infinity;
  for (const op of entryCleanup(osdmap, req.crush, req.placement, new Set(parts.works.map((w) => w.pool.id)))) {
    if (ops.length >= budget) break;
    moved ??= new Set(ops.map((o) => o.pgid));
    if (moved.has(op.pgid) || req.pinned?.has(op.pgid)) continue;
    ops.push(op);
    const p = pools.find((x) => x.poolId === parsePgid(op.pgid)?.pool);
    if (p) p.cleanups++;
  }
  const { osdmapAfter, placementAfter } = applyPlanOps(osdmap, req.crush, req.placement, ops);
  const limited = pools.some((p) => p.status === 'budget-limited');
  const note = req.policy.note?.(osdmap);
  const drain = parts.drain ? drainFigures(parts.drain, parts.works, placementAfter) : undefined;
  return {
    epoch: osdmap.epoch,
    fsid: osdmap.fsid,
    policy: req.policy.name,
    notes: note !== undefined ? [note] : [],
    ops,
    pools: [...pools, ...parts.skipped].sort((a, b) => a.poolId - b.poolId),
    status: limited ? 'budget-limited' : ops.length > 0 ? 'improved' : 'balanced',
    warnings: [
      ...planWarnings(osdmap, ops.length, ops.filter((o) => o.op === 'set').length),
      ...parts.works.flatMap(primarylessWarning),
      ...(drain && drain.pending > 0
        ? [
            `${drain.pending} PG(s) still led by drained OSDs after the plan (the change budget ran out): plan again after applying`,
          ]
        : []),
    ],
    osdmapAfter,
    placementAfter,
    ...(drain ? { drain } : {}),
  };
}

/** A pool with PGs that have no acting primary: they are left out of the plan, and the operator should know why. */
function primarylessWarning(w: PoolWork): string[] {
  const { count, first } = w.primaryless;
  if (count === 0) return [];
  return [
    `pool ${w.pool.name}: ${count} of ${w.pool.pgNum} PG(s) have no acting primary (e.g. ${first}: no OSD of its set is up, or CRUSH maps it to none); they serve no reads and are left out of the plan`,
  ];
}

/** A pinned PG keeps its current primary: its only choice. */
function pinPgs(w: PoolWork, pinned: ReadonlySet<string>): void {
  // new PG objects: the work's PGs may be shared with a cached work (gatherPoolCached)
  w.pgs.forEach((pg, k) => {
    if (pinned.has(pg.pgid)) w.pgs[k] = { ...pg, choices: [pg.current] };
  });
}

/** The plan's drain report: which OSDs, the PGs that keep a drained primary, and those the budget left. */
function drainFigures(
  d: NonNullable<PlanParts['drain']>,
  works: readonly PoolWork[],
  placementAfter: Placement,
): NonNullable<Plan['drain']> {
  const osds = new Set(d.osds);
  const keptIds = new Set(d.kept.map((k) => k.pgid));
  let pending = 0;
  for (const w of works) {
    const pp = placementAfter.pools.get(w.pool.id);
    pp?.pgs.forEach((m, ps) => {
      if (osds.has(m.actingPrimary) && !keptIds.has(pgidText(w.pool.id, ps))) pending++;
    });
  }
  return { osds: d.osds, kept: d.kept, pending };
}

export function maxPrimaries(primaries: ArrayLike<number>, osdCount: number): number {
  const count = new Int32Array(osdCount);
  let max = 0;
  for (let i = 0; i < primaries.length; i++) {
    const o = primaries[i] as number;
    if (o >= 0 && o < osdCount) max = Math.max(max, ++count[o]!);
  }
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
