/**
 * Issue 13, `--method both` and applying affinity plans. The pg-upmap-primary part is planned on the map the affinity
 * values make: there a lowered affinity can reject an entry's target (Ceph applies affinity after the entry), so
 * the entries reach the optimum of that map, not always pg-upmap-primary alone's; its predictions hold in the final state derived independently (values and entries applied, every PG mapped from
 * scratch). Apply's checks of affinity values (revalidate, effect on the live map) agree with the plan on its map.
 */
import { describe, expect, it } from 'vitest';
import { affinityEffect } from '../../../src/balance/affinity-effect.js';
import { buildBothPlan } from '../../../src/balance/both-plan.js';
import { opEntry } from '../../../src/balance/primary-op.js';
import { revalidateAffinity } from '../../../src/balance/revalidate-affinity.js';
import { FIXED_ONE } from '../../../src/cluster/osdmap.js';
import { mapAllPgs } from '../../../src/cluster/pg-mapping.js';
import { withUpmapPrimaries } from '../../../src/cluster/pg-upmap-primary.js';
import { withPrimaryAffinity } from '../../../src/cluster/primary-affinity.js';
import { affinityShares } from '../../../src/policy/affinity-shares.js';
import { evenPolicy } from '../../../src/policy/even-policy.js';
import { loadSnap, maxPrimaries, planOf, snapNames } from './plan-fixtures.js';

const names = snapNames().filter((n) => n !== 'big1200');

describe('--method both on every fixture', () => {
  for (const name of names) {
    it(`${name}: affinity then entries: between the two methods' results, predictions exact`, () => {
      const s = loadSnap(name);
      const policy = affinityShares(evenPolicy);
      const both = buildBothPlan({ ...s, poolIds: [], policy });
      const alone = planOf(s, { policy });
      expect(both.upmapAloneOps).toBe(alone.ops.length);
      // the final map, derived independently: the values, then the entries, every PG mapped from scratch
      const withValues = withPrimaryAffinity(
        s.osdmap,
        both.affinity.ops.map((o) => ({ osd: o.osd, value: o.to })),
      );
      const final = withUpmapPrimaries(withValues, both.upmap.ops.map(opEntry));
      const placement = mapAllPgs(final, s.crush);
      for (const p of both.upmap.pools) {
        if (p.status === 'skipped') continue;
        const got = maxPrimaries(placement, p.poolId, final.maxOsd);
        const at = `${name} pool ${p.poolId}`;
        expect(got, at).toBe(p.maxAfter);
        expect(p.status, at).not.toBe('budget-limited');
        expect(p.overloadAfter, at).toBeLessThanOrEqual(p.overloadBefore + 1e-9);
      }
      for (const op of both.upmap.ops) {
        const id = op.pgid.split('.');
        const pg = placement.pools.get(Number(id[0]))?.pgs[Number.parseInt(id[1] as string, 16)];
        expect(pg?.actingPrimary, `${name} ${op.pgid}`).toBe(op.to);
      }
    });
  }
});

describe('apply-time checks of affinity values', () => {
  const s = loadSnap('live-8osd');
  const both = buildBothPlan({ ...s, poolIds: [], policy: affinityShares(evenPolicy) });
  const ops = both.affinity.ops;

  it('on the plan map: every value holds, the PGs moved are the predicted ones, no pool gets worse', () => {
    expect(ops.length).toBeGreaterThan(0);
    const r = revalidateAffinity(s.osdmap, ops);
    expect(r.valid).toEqual(ops);
    const e = affinityEffect(s.osdmap, s.crush, s.placement, r.valid);
    expect(e.worse).toEqual([]);
    expect(new Map([...e.moved].sort())).toEqual(new Map([...both.affinity.predicted].sort()));
  });

  it('values already in place are done; values someone changed since are stale', () => {
    const [a, b] = ops as [(typeof ops)[number], (typeof ops)[number]];
    const later = withPrimaryAffinity(s.osdmap, [
      { osd: a.osd, value: a.to },
      { osd: b.osd, value: (b.to + 1) % (FIXED_ONE + 1) },
    ]);
    const r = revalidateAffinity(later, ops);
    expect(r.done).toEqual([a]);
    expect(r.stale.map((d) => d.op)).toEqual([b]);
    expect(r.stale[0]?.why).toMatch(new RegExp(`^osd\\.${b.osd} has primary affinity .* the plan expected 1$`));
    expect(r.valid.length).toBe(ops.length - 2);
  });

  it('an OSD that no longer exists is stale', () => {
    const gone = { ...s.osdmap, exists: Uint8Array.from(s.osdmap.exists, (v, i) => (i === ops[0]?.osd ? 0 : v)) };
    expect(revalidateAffinity(gone, ops).stale[0]?.why).toBe(`osd.${ops[0]?.osd} does not exist any more`);
  });

  it('values planned on another map that would make a pool busier are reported as worse', () => {
    // every primary onto one OSD: all others at affinity 0
    const all = [...Array(s.osdmap.maxOsd).keys()].slice(1).map((osd) => ({
      op: 'primary-affinity' as const,
      osd,
      from: FIXED_ONE,
      to: 0,
      reason: 'balance' as const,
    }));
    const e = affinityEffect(s.osdmap, s.crush, s.placement, all);
    expect(e.worse.length).toBeGreaterThan(0);
    for (const w of e.worse) expect(w.after).toBeGreaterThan(w.before);
  });
});
