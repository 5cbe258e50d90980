/**
 * The primary-affinity optimiser (issue 13): its per-PG model equals the full mapping pipeline for any affinities,
 * it never makes a pool's busiest OSD busier, it only reports what the mapping then really gives (buildAffinityPlan
 * throws otherwise), and re-planning its result finds nothing to do.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { affinityPgs, primaryUnder } from '../../../src/balance/affinity-pgs.js';
import { buildAffinityPlan } from '../../../src/balance/affinity-plan.js';
import { FIXED_ONE } from '../../../src/cluster/osdmap.js';
import { mapAllPgs } from '../../../src/cluster/pg-mapping.js';
import { withPrimaryAffinity } from '../../../src/cluster/primary-affinity.js';
import { fixtureNames, loadFixture } from '../cluster/osdmap-fixtures.js';

const small = fixtureNames().filter((n) => n !== 'big1200');

describe('affinity model', () => {
  it('primaryUnder equals the mapping pipeline for random affinities (every PG of every pool)', () => {
    for (const name of ['mg24', 'live12', 'small-down', 'live6-temp', 'mg24-upmap']) {
      const { osdmap, crush } = loadFixture(name);
      const ids = [...osdmap.pools.keys()];
      fc.assert(
        fc.property(
          fc.array(fc.tuple(fc.nat(osdmap.maxOsd - 1), fc.integer({ min: 0, max: FIXED_ONE })), { maxLength: 8 }),
          (changes) => {
            const map = withPrimaryAffinity(
              osdmap,
              changes.map(([osd, value]) => ({ osd, value })),
            );
            const placement = mapAllPgs(map, crush);
            // the model is built from the placement before the change: affinity does not change up sets
            const model = affinityPgs(osdmap, mapAllPgs(osdmap, crush), ids);
            const aff = new Uint32Array(osdmap.maxOsd);
            for (let o = 0; o < osdmap.maxOsd; o++) aff[o] = map.primaryAffinity?.[o] ?? FIXED_ONE;
            model.pgids.forEach((pgid, pg) => {
              const [pool, ps] = pgid.split('.') as [string, string];
              expect(primaryUnder(model, pg, aff), `${name} ${pgid}`).toBe(
                placement.pools.get(Number(pool))?.pgs[Number.parseInt(ps, 16)]?.actingPrimary,
              );
            });
          },
        ),
        { numRuns: 15, seed: 7 },
      );
    }
  });
});

describe('affinity plan on every fixture', () => {
  for (const name of small) {
    it(`${name}: never worse per pool, predictions exact, idempotent`, () => {
      const { osdmap, crush } = loadFixture(name);
      const placement = mapAllPgs(osdmap, crush);
      const poolIds = [...osdmap.pools.keys()];
      const plan = buildAffinityPlan({ osdmap, crush, placement, poolIds });
      for (const p of plan.pools) expect(p.maxAfter, `${name} ${p.poolName}`).toBeLessThanOrEqual(p.maxBefore);
      if (plan.ops.length > 0) expect(plan.figures.after.sumMax).toBeLessThan(plan.figures.before.sumMax + 1e-9);
      for (const op of plan.ops) {
        expect(op.to).toBeGreaterThanOrEqual(0);
        expect(op.to).toBeLessThanOrEqual(FIXED_ONE);
        expect(op.to).not.toBe(op.from);
      }
      const again = buildAffinityPlan({ osdmap: plan.osdmapAfter, crush, placement: plan.placementAfter, poolIds });
      expect(again.ops).toEqual([]);
    });
  }
});

describe('affinity plan from random starting affinities', () => {
  it('never makes any pool busier than it is', () => {
    const { osdmap, crush } = loadFixture('mg24');
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(osdmap.maxOsd - 1), fc.integer({ min: 0, max: FIXED_ONE })), { maxLength: 10 }),
        (changes) => {
          const map = withPrimaryAffinity(
            osdmap,
            changes.map(([osd, value]) => ({ osd, value })),
          );
          const placement = mapAllPgs(map, crush);
          const plan = buildAffinityPlan({ osdmap: map, crush, placement, poolIds: [...map.pools.keys()] });
          for (const p of plan.pools) expect(p.maxAfter).toBeLessThanOrEqual(p.maxBefore);
        },
      ),
      { numRuns: 12, seed: 11 },
    );
  });
});
