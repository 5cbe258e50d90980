import type { AffinityOp, AffinityPlan } from '../balance/affinity-plan.js';
import { affinityOpArgs, affinityValueText } from './op-command.js';
import { PLAN_FORMAT, PLAN_VERSION } from './plan-file.js';

/** One affinity op as a JSON operation (what `apply` reads back: the fixed-point values are exact). */
export function affinityOpJson(op: AffinityOp) {
  return {
    op: op.op,
    osd: op.osd,
    from: Number(affinityValueText(op.from)),
    to: Number(affinityValueText(op.to)),
    from_fixed: op.from,
    to_fixed: op.to,
    reason: op.reason,
    command: ['ceph', ...affinityOpArgs(op)].join(' '),
  };
}

/** The affinity plan as JSON: operations with their exact command, per-pool figures, every predicted new primary. */
export function affinityPlanJson(plan: AffinityPlan): string {
  const operations = plan.ops.map(affinityOpJson);
  const pools = plan.pools.map((p) => ({
    pool_id: p.poolId,
    pool_name: p.poolName,
    pg_num: p.pgCount,
    max_primaries: { before: p.maxBefore, after: p.maxAfter, upmap_primary_optimum: p.upmapOptimum ?? null },
    moved: p.moved,
    predicted: Object.fromEntries(
      [...plan.predicted]
        .filter(([pgid]) => pgid.startsWith(`${p.poolId}.`))
        .map(([pgid, o]) => [pgid, { acting_primary: o }]),
    ),
  }));
  const doc = {
    format: PLAN_FORMAT,
    version: PLAN_VERSION,
    method: plan.method,
    fsid: plan.fsid,
    epoch: plan.epoch,
    status: plan.status,
    operations,
    pools,
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
