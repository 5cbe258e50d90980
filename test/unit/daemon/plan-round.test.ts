/** The round's decision on the recorded 8-OSD cluster: budget, threshold, ranking, pinned PGs. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planRound } from '../../../src/balance/plan-round.js';
import { parseSnapshot } from '../../../src/ceph/read-snapshot.js';
import { hostIndex } from '../../../src/cluster/host-index.js';
import { parsePgid } from '../../../src/cluster/osdmap.js';
import { mapAllPgs } from '../../../src/cluster/pg-mapping.js';
import { affinityShares } from '../../../src/policy/affinity-shares.js';
import { evenPolicy } from '../../../src/policy/even-policy.js';

const DIR = join(import.meta.dirname, '../../fixtures/live-8osd');
const doc = (f: string) => ({ source: f, text: readFileSync(join(DIR, f), 'utf8') });
const { osdmap, crush } = parseSnapshot(doc('osd-dump.json'), doc('osd-crush-dump.json'));
const placement = mapAllPgs(osdmap, crush);
const replicated = [...osdmap.pools.values()].filter((p) => p.type === 'replicated').map((p) => p.id);
const req = (over: Partial<Parameters<typeof planRound>[0]> = {}) =>
  planRound({
    osdmap,
    crush,
    placement,
    poolIds: replicated,
    policy: affinityShares(evenPolicy),
    hostOf: hostIndex(osdmap, crush).hostOf,
    maxChanges: 1000,
    minImprovement: 0.5,
    ...over,
  });

describe('planRound', () => {
  it('keeps to the budget', () => {
    for (const n of [1, 5, 12]) expect(req({ maxChanges: n }).ops.length).toBeLessThanOrEqual(n);
  });

  it('orders pools by the improvement they bring, largest first', () => {
    const d = req();
    const order = [...new Set(d.ops.map((o) => parsePgid(o.pgid)?.pool))];
    const gains = order.map((id) => d.improvement.get(id as number) ?? 0);
    expect(gains.length).toBeGreaterThan(1);
    expect(gains).toEqual([...gains].sort((a, b) => b - a));
  });

  it('drops a pool whose gain is not above the threshold, and says so', () => {
    const all = req();
    const gains = [...all.improvement.values()].sort((a, b) => a - b);
    const cut = gains[0] as number;
    const d = req({ minImprovement: cut });
    expect(d.improvement.size).toBe(all.improvement.size - gains.filter((g) => g <= cut).length);
    expect(d.rejected.length).toBeGreaterThan(0);
    for (const r of d.rejected) expect(r.improvement).toBeLessThanOrEqual(cut);
  });

  it('never touches a pinned PG', () => {
    const all = req();
    const pinned = new Set(all.ops.slice(0, 10).map((o) => o.pgid));
    const d = req({ pinned });
    for (const o of d.ops) expect(pinned.has(o.pgid)).toBe(false);
  });

  it('planned again on its own result: nothing to do', () => {
    const d = req();
    const again = planRound({
      osdmap: d.plan.osdmapAfter,
      crush,
      placement: d.plan.placementAfter,
      poolIds: replicated,
      policy: affinityShares(evenPolicy),
      hostOf: hostIndex(osdmap, crush).hostOf,
      maxChanges: 1000,
      minImprovement: 0.5,
    });
    expect(again.ops.filter((o) => o.reason === 'balance')).toEqual([]);
  });
});
