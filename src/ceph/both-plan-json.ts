import type { BothPlan } from '../balance/both-plan.js';
import { affinityOpJson } from './affinity-plan-json.js';
import { type PlanJsonContext, planDoc } from './plan-json.js';

/**
 * A `--method both` plan as JSON: the pg-upmap-primary plan's document (before = the map as it is, after = with
 * both), `method: both`, the affinity values first in `operations`, and every PG's predicted primary.
 */
export function bothPlanJson(plan: BothPlan, ctx: PlanJsonContext): string {
  const doc = planDoc(plan.upmap, ctx);
  const pools = doc.pools.map((p) => {
    const predicted: Record<string, { acting_primary: number }> = {};
    for (const [pgid, osd] of plan.affinity.predicted)
      if (pgid.startsWith(`${p.pool_id}.`)) predicted[pgid] = { acting_primary: osd };
    return { ...p, predicted: { ...predicted, ...p.predicted } };
  });
  const out = {
    ...doc,
    method: 'both',
    operations: [...plan.affinity.ops.map(affinityOpJson), ...doc.operations],
    upmap_primary_alone_operations: plan.upmapAloneOps,
    pools,
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}
