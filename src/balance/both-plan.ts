/**
 * `--method both`: primary-affinity values first (honoured by every client), then pg-upmap-primary entries on the map
 * those values make, to reach the per-PG optimum with fewer entries than pg-upmap-primary alone needs. Pure.
 */
import type { OsdMap } from '../cluster/osdmap.js';
import type { Policy } from '../policy/policy.js';
import { type AffinityPlan, buildAffinityPlan } from './affinity-plan.js';
import { buildPlan, type PlanRequest } from './build-plan.js';
import type { Plan } from './plan.js';

export interface BothPlan {
  method: 'both';
  affinity: AffinityPlan;
  /** Planned on the map after the affinity values (its osdmapAfter/placementAfter are the final state). */
  upmap: Plan;
  /** The number of operations pg-upmap-primary alone would need on the same map, for comparison. */
  upmapAloneOps: number;
}

/** The policy's shares judged on `osdmap`'s primary affinity (the operator's), not on the values the plan sets. */
function sharesOn(policy: Policy, osdmap: OsdMap): Policy {
  return {
    ...policy,
    desired: (ctx) => policy.desired({ ...ctx, osdmap }),
    note: () => policy.note?.(osdmap),
  };
}

export function buildBothPlan(req: PlanRequest): BothPlan {
  const affinity = buildAffinityPlan(req);
  const upmap = buildPlan({
    ...req,
    osdmap: affinity.osdmapAfter,
    placement: affinity.placementAfter,
    policy: sharesOn(req.policy, req.osdmap),
  });
  return { method: 'both', affinity, upmap, upmapAloneOps: buildPlan(req).ops.length };
}
