import type { Policy, PolicyContext } from './policy.js';

/**
 * `even`: every OSD that can lead PGs of the pool gets the same share. Minimising the largest overload against equal
 * shares minimises the largest number of primaries any OSD leads, which is what Ceph's read_balance_score measures:
 * a device serves reads at the speed of its technology, not of its capacity.
 */
export const evenPolicy: Policy = {
  name: 'even',
  describe: 'the same number of primaries on every OSD that can lead PGs of the pool',
  weighsAffinity: false,
  desired(ctx: PolicyContext): Float64Array {
    const out = new Float64Array(ctx.eligible.length);
    let n = 0;
    for (let o = 0; o < ctx.eligible.length; o++) n += ctx.eligible[o] ?? 0;
    if (n === 0) return out;
    const share = ctx.pgCount / n;
    for (let o = 0; o < ctx.eligible.length; o++) if (ctx.eligible[o]) out[o] = share;
    return out;
  },
};
