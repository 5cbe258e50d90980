import { FIXED_ONE, type OsdMap } from '../cluster/osdmap.js';
import type { Policy, PolicyContext } from './policy.js';

/** Each OSD's primary affinity as a fraction (1 when the map sets none). */
function affinityOf(osdmap: OsdMap, osd: number): number {
  const a = osdmap.primaryAffinity?.[osd];
  return a === undefined ? 1 : a / FIXED_ONE;
}

/**
 * The operator's intent kept: an OSD with primary affinity below 1 gets that fraction of the share the policy gives
 * it (0.5: half; 0: none), the shares then scaled back to the pool's PG count. An operator lowers affinity to say
 * "this OSD should lead less"; Ceph's own read balancer weighs its shares the same way. A policy whose shares
 * already weigh affinity is returned as it is.
 */
export function affinityShares(policy: Policy): Policy {
  if (policy.weighsAffinity) return policy;
  return {
    name: policy.name,
    describe: `${policy.describe}, scaled by primary affinity`,
    weighsAffinity: true,
    ...(policy.drained !== undefined ? { drained: policy.drained } : {}),
    desired(ctx: PolicyContext): Float64Array {
      const base = policy.desired(ctx);
      if (ctx.osdmap.primaryAffinity === undefined) return base;
      const out = new Float64Array(base.length);
      let sum = 0;
      for (let o = 0; o < base.length; o++) {
        if (!ctx.eligible[o]) continue;
        out[o] = (base[o] ?? 0) * affinityOf(ctx.osdmap, o);
        sum += out[o] as number;
      }
      // every eligible OSD at affinity 0 (each PG then keeps Ceph's fallback primary): the shares stay as they were
      if (sum <= 0) return base;
      const k = ctx.pgCount / sum;
      for (let o = 0; o < out.length; o++) out[o] = (out[o] as number) * k;
      return out;
    },
    note(osdmap: OsdMap): string | undefined {
      const own = affinityNote(osdmap);
      const inner = policy.note?.(osdmap);
      return inner === undefined ? own : own === undefined ? inner : `${inner}; ${own}`;
    },
  };
}

function affinityNote(osdmap: OsdMap): string | undefined {
  const low: string[] = [];
  for (let o = 0; o < osdmap.maxOsd; o++) {
    const a = affinityOf(osdmap, o);
    if (osdmap.exists[o] === 1 && a < 1) low.push(`osd.${o} ${a.toFixed(2)}`);
  }
  if (low.length === 0) return undefined;
  return `shares scaled by primary affinity (${low.join(', ')}); --ignore-affinity gives these OSDs full shares`;
}
