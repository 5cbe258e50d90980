import { describe, expect, it } from 'vitest';
import { readBalanceBlock, readBalanceScore, rbiRound } from '../../../src/cluster/read-balance-score.js';
import { fixtureHasBrief, fixtureNames, loadFixture, type PgSource } from './score-fixtures.js';

const names = fixtureNames();

describe('readBalanceScore matches the read_balance block Ceph Reef 18.2.7 dumped', () => {
  it('has fixtures', () => {
    expect(names.length).toBeGreaterThanOrEqual(15);
  });
  const cases: Array<[string, PgSource]> = names.flatMap((n) =>
    fixtureHasBrief(n) ? [[n, 'test-map'], [n, 'pgs-brief']] : [[n, 'test-map']],
  ) as Array<[string, PgSource]>;
  for (const [name, source] of cases) {
    it(`${name} (placement from ${source})`, () => {
      const fx = loadFixture(name, source);
      // The mgr's pg dump can lag the osdmap by a PG or two: compare only pools whose dumped primaries
      // are those of the osdmap the score was computed from (osdmaptool's mapping of the same epoch).
      const truth = source === 'pgs-brief' ? loadFixture(name, 'test-map') : fx;
      let compared = 0;
      let lagging = 0;
      for (const [id, pool] of fx.osdmap.pools) {
        const pp = fx.placement.pools.get(id)!;
        const tp = truth.placement.pools.get(id)!;
        const lag = pp.pgs.some((m, ps) => m?.upPrimary !== tp.pgs[ps]?.upPrimary || m?.actingPrimary !== tp.pgs[ps]?.actingPrimary);
        if (lag) {
          lagging++;
          continue;
        }
        expect(pp.pgs.filter((p) => p !== undefined).length, `pool ${id} placement complete`).toBe(pool.pgNum);
        const got = readBalanceBlock(readBalanceScore(fx.osdmap, pool, pp, fx.ruleOsds(pool)));
        const want = fx.expected.get(id);
        // exact: same float32 arithmetic as Ceph, so equal to the dumped doubles bit for bit
        expect(got, `pool ${id}`).toEqual(want);
        compared++;
      }
      expect(compared + lagging).toBe(fx.osdmap.pools.size);
      expect(lagging).toBeLessThanOrEqual(1);
    });
  }
});

describe('rbiRound', () => {
  it('rounds to 2 decimals in float like Ceph', () => {
    expect(rbiRound(1)).toBe(1);
    expect(rbiRound(0) === 0).toBe(true);
    expect(rbiRound(Math.fround(1.625))).toBe(Math.fround(1.63));
  });
});
