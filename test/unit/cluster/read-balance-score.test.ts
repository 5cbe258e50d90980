import { describe, expect, it } from 'vitest';
import { readBalanceBlock, readBalanceScore, rbiRound } from '../../../src/cluster/read-balance-score.js';
import { fixtureHasBrief, fixtureNames, loadFixture, type PgSource } from './score-fixtures.js';

const names = fixtureNames();

describe('readBalanceScore matches the read_balance block Ceph Reef 18.2.7 dumped', () => {
  it('has fixtures', () => {
    expect(names.length).toBeGreaterThanOrEqual(15);
  });
  const cases: Array<[string, PgSource]> = names.flatMap((n) =>
    fixtureHasBrief(n)
      ? [
          [n, 'test-map'],
          [n, 'pgs-brief'],
        ]
      : [[n, 'test-map']],
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
        const lag = pp.pgs.some(
          (m, ps) => m?.upPrimary !== tp.pgs[ps]?.upPrimary || m?.actingPrimary !== tp.pgs[ps]?.actingPrimary,
        );
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

// Error branches no offline Reef tool can produce (osdmaptool cannot set primary affinity). The message
// formats are those found in Reef 18.2.7's libceph-common (`strings`); no score value is asserted.
describe('readBalanceScore error branches', () => {
  const fx = loadFixture('offline-conf16-pg128');
  const pool = fx.osdmap.pools.get(1)!;
  const pp = fx.placement.pools.get(1)!;
  const withPa = (f: (osd: number) => number) => ({
    ...fx.osdmap,
    primaryAffinity: Uint32Array.from({ length: fx.osdmap.maxOsd }, (_, o) => f(o)),
  });

  it('erasure pool: no block', () => {
    const r = readBalanceScore(fx.osdmap, { ...pool, type: 'erasure' }, pp, fx.ruleOsds(pool));
    expect(readBalanceBlock(r)).toBeUndefined();
  });
  it('all affinity 0: ERANGE, block with the message and zero scores', () => {
    const r = readBalanceScore(
      withPa(() => 0),
      pool,
      pp,
      fx.ruleOsds(pool),
    );
    expect(readBalanceBlock(r)).toEqual({
      error_message: 'pool 1 has primary_affinity set to zero on all OSDs',
      score_acting: 0,
      score_stable: 0,
    });
  });
  it('weighted affinity below 1/size: EINVAL', () => {
    const r = readBalanceScore(
      withPa((o) => (o === 0 ? 0x10000 : 0)),
      pool,
      pp,
      fx.ruleOsds(pool),
    );
    expect(r).toMatchObject({
      errno: 'EINVAL',
      error: 'pool 1 average primary affinity is lower than 0.33, read balance score is not reliable',
    });
  });
  it('a PG whose acting OSDs all have affinity 0: EINVAL naming the first such PG', () => {
    const set = new Set(pp.pgs[0]!.acting);
    const r = readBalanceScore(
      withPa((o) => (set.has(o) ? 0 : 0x10000)),
      pool,
      pp,
      fx.ruleOsds(pool),
    );
    expect(r).toMatchObject({ errno: 'EINVAL' });
    expect((r as { error: string }).error).toMatch(
      /^pool 1 has some PGs where all OSDs are with primary_affinity 0 \(at least pg 1\.0\)/,
    );
  });
  it('acting primary on an affinity-0 OSD: a warning in error_message, scores still given', () => {
    const p0 = pp.pgs[0]!.actingPrimary;
    const r = readBalanceScore(
      withPa((o) => (o === p0 ? 0 : 0x10000)),
      pool,
      pp,
      fx.ruleOsds(pool),
    );
    expect(r).toHaveProperty(
      'error_message',
      'pool 1 has acting primaries on OSD(s) with primary affinity 0, read balance score is not accurate',
    );
    expect(r).toHaveProperty('score_acting');
  });
});
