import { pgsPerOsd, readRatioOf } from './size-aware-load.js';
import type { Policy, PolicyContext } from './policy.js';

/**
 * `size-aware`: Squid's size-aware read model, solved exactly. An OSD's load is
 * PGs x (100 - r) + primaries x r (r = the pool's read_ratio), so for any constant C
 *   max load = C + r x max_o (primaries_o - desired_o)   with desired_o = (C - PGs_o x (100 - r)) / r,
 * and the engine, which minimises the largest (primaries - desired), minimises the busiest OSD's load. C is chosen
 * so the shares add up to the pool's PG count; a big OSD's share can be below zero (its writes alone exceed the
 * average load: it should lead nothing). With read_ratio 100 this is `even`. Primary affinity is not weighed, as
 * in Ceph's size-aware balancer.
 */
export const sizeAwarePolicy: Policy = {
  name: 'size-aware',
  describe: "the busiest OSD's load least, load = primaries x 100 + other PGs x (100 - read_ratio) (Squid's model)",
  weighsAffinity: true,
  desired(ctx: PolicyContext): Float64Array {
    const n = ctx.eligible.length;
    const out = new Float64Array(n);
    const r = readRatioOf(ctx.pool);
    const pgs = pgsPerOsd(ctx.pool, ctx.placement, n);
    let count = 0;
    let writes = 0;
    for (let o = 0; o < n; o++) {
      if (!ctx.eligible[o]) continue;
      count++;
      writes += pgs[o]! * (100 - r);
    }
    if (count === 0 || r <= 0) return out;
    const c = (ctx.pgCount * r + writes) / count;
    for (let o = 0; o < n; o++) if (ctx.eligible[o]) out[o] = (c - pgs[o]! * (100 - r)) / r;
    return out;
  },
  note(): string | undefined {
    return "size-aware shares from each pool's read_ratio (70 when unset); primary affinity is not weighed";
  },
};
