import { describe, expect, it } from 'vitest';
import { primaryStats } from '../../../src/cluster/primary-stats.js';
import { hostsOf, loadFixture } from './score-fixtures.js';

describe('primaryStats', () => {
  const fx = loadFixture('mapgen-hetero-24');
  const hosts = hostsOf(fx.crushJson, fx.osdmap.maxOsd);

  it('counts one acting primary per PG, per pool, per OSD and per host', () => {
    const s = primaryStats(fx.osdmap, fx.placement, hosts);
    expect(s.pools.map((p) => p.poolId)).toEqual([1, 2, 3, 4]);
    for (const p of s.pools) {
      expect(p.primaries.reduce((a, v) => a + v, 0)).toBe(p.pgNum);
      expect(p.perHost.reduce((a, v) => a + v, 0)).toBe(p.pgNum);
      expect(p.maxPrimaries).toBe(Math.max(...p.primaries));
      expect(p.primaries[p.busiestOsd]).toBe(p.maxPrimaries);
      expect(p.meanPrimaries).toBeCloseTo(p.pgNum / p.eligibleCount, 12);
    }
    const total = s.pools.reduce((a, p) => a + p.pgNum, 0);
    expect(s.totalPrimaries.reduce((a, v) => a + v, 0)).toBe(total);
    expect(s.perHost.reduce((a, h) => a + h.primaries, 0)).toBe(total);
    expect([...s.readLoad]).toEqual([...s.totalPrimaries]);
    // the "fast" pool (ssd rule) only reaches ssd OSDs (position 2 and 3 in every host)
    const fast = s.pools.find((p) => p.poolId === 4)!;
    for (let osd = 0; osd < 24; osd++) if (osd % 4 < 2) expect(fast.eligible[osd]).toBe(0);
  });

  it('weights read load by per-PG read rates when given', () => {
    const rates = new Map([[2, Float64Array.from({ length: 32 }, (_, ps) => ps)]]);
    const s = primaryStats(fx.osdmap, fx.placement, hosts, { poolIds: [2], readRates: rates });
    const pp = fx.placement.pools.get(2)!;
    const want = new Float64Array(fx.osdmap.maxOsd);
    pp.pgs.forEach((m, ps) => (want[m.actingPrimary]! += ps));
    expect([...s.readLoad]).toEqual([...want]);
    expect(s.perHost.reduce((a, h) => a + h.readLoad, 0)).toBe((31 * 32) / 2);
  });
});
