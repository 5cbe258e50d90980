import { desiredPrimaries } from '../cluster/desired-primaries.js';
import type { Policy, PolicyContext } from './policy.js';

/**
 * `ceph`: Ceph's own desired distribution (Reef's RB_SIMPLE): each OSD's PGs of the pool / pool size, weighted by
 * its primary affinity, scaled to the pool's PG count, over every OSD that can lead PGs of the pool.
 */
export const cephPolicy: Policy = {
  name: 'ceph',
  describe: "Ceph's desired distribution: PGs on the OSD / pool size, weighted by primary affinity",
  weighsAffinity: true,
  desired(ctx: PolicyContext): Float64Array {
    const osds: number[] = [];
    for (let o = 0; o < ctx.eligible.length; o++) if (ctx.eligible[o]) osds.push(o);
    const d = desiredPrimaries(ctx.osdmap, ctx.pool, ctx.placement, osds);
    const out = new Float64Array(ctx.eligible.length);
    if (d instanceof Float64Array) out.set(d.subarray(0, out.length));
    return out;
  },
};
