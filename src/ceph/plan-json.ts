import type { Plan } from '../balance/plan.js';
import { ITEM_NONE, parsePgid } from '../cluster/osdmap.js';
import type { Placement } from '../cluster/placement.js';
import { readBalanceBlock, readBalanceScore } from '../cluster/read-balance-score.js';
import type { RuleOsdWeight } from '../cluster/rule-osds.js';
import type { OsdMap, Pool } from '../cluster/osdmap.js';
import { heatJson } from './heat-json.js';
import { opArgs } from './op-command.js';
import { PLAN_FORMAT, PLAN_VERSION } from './plan-file.js';

export interface PlanJsonContext {
  osdmapBefore: OsdMap;
  placementBefore: Placement;
  ruleOsdsOf: (pool: Pool) => readonly RuleOsdWeight[];
}

function primaries(placement: Placement, poolId: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const pg of placement.pools.get(poolId)?.pgs ?? []) {
    const p = pg.actingPrimary;
    if (p >= 0 && p !== ITEM_NONE) out[String(p)] = (out[String(p)] ?? 0) + 1;
  }
  return out;
}

function score(osdmap: OsdMap, placement: Placement, pool: Pool, ctx: PlanJsonContext) {
  const pp = placement.pools.get(pool.id);
  return pp === undefined ? null : (readBalanceBlock(readBalanceScore(osdmap, pool, pp, ctx.ruleOsdsOf(pool))) ?? null);
}

/** The plan for programs: operations (with the exact ceph command), and per pool before/after figures. */
export function planJson(plan: Plan, ctx: PlanJsonContext): string {
  return `${JSON.stringify(planDoc(plan, ctx), null, 2)}\n`;
}

/** planJson's document, for renderings that extend it (`--method both`). */
export function planDoc(plan: Plan, ctx: PlanJsonContext) {
  const operations = plan.ops.map((op) => ({
    op: op.op,
    pgid: op.pgid,
    ...(op.op === 'set' ? { osd: op.osd } : {}),
    from: op.from,
    to: op.to,
    reason: op.reason,
    command: ['ceph', ...opArgs(op)].join(' '),
  }));
  const pools = plan.pools.map((p) => {
    const pool = ctx.osdmapBefore.pools.get(p.poolId) as Pool;
    const predicted: Record<string, { acting_primary: number }> = {};
    for (const op of plan.ops)
      if (parsePgid(op.pgid)?.pool === p.poolId) predicted[op.pgid] = { acting_primary: op.to };
    return {
      pool_id: p.poolId,
      pool_name: p.poolName,
      status: p.status,
      ...(p.reason !== undefined ? { reason: p.reason } : {}),
      pg_num: p.pgCount,
      eligible_osds: p.eligibleOsds,
      max_primaries: { before: p.maxBefore, after: p.maxAfter, optimum: p.optimum },
      max_overload: { before: p.overloadBefore, after: p.overloadAfter, optimum: p.overloadOptimum },
      moves: p.moves,
      cleanups: p.cleanups,
      before: {
        read_balance: score(ctx.osdmapBefore, ctx.placementBefore, pool, ctx),
        primaries: primaries(ctx.placementBefore, p.poolId),
      },
      after: {
        read_balance: score(plan.osdmapAfter, plan.placementAfter, pool, ctx),
        primaries: primaries(plan.placementAfter, p.poolId),
      },
      predicted,
    };
  });
  return {
    format: PLAN_FORMAT,
    version: PLAN_VERSION,
    fsid: plan.fsid,
    epoch: plan.epoch,
    policy: plan.policy,
    status: plan.status,
    warnings: plan.warnings,
    ...(plan.notes.length > 0 ? { notes: plan.notes } : {}),
    ...(plan.drain !== undefined ? { drain: plan.drain } : {}),
    ...(plan.heat !== undefined ? { heat: heatJson(plan.heat) } : {}),
    operations,
    pools,
  };
}
