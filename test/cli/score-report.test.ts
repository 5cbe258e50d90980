import { describe, expect, it } from 'vitest';
import { renderScoreText, scorePools } from '../../src/cli/score-report.js';
import { findPool } from '../../src/cluster/osdmap.js';
import { hostsOf, loadFixture } from '../unit/cluster/score-fixtures.js';

describe('scorePools (pure)', () => {
  const fx = loadFixture('mapgen-hetero-24');
  const input = {
    osdmap: fx.osdmap,
    placement: fx.placement,
    ruleOsdsOf: fx.ruleOsds,
    hosts: hostsOf(fx.crushJson, fx.osdmap.maxOsd),
  };

  it("carries Ceph's read_balance block and our figures per pool", () => {
    const r = scorePools(input);
    expect(r.epoch).toBe(fx.osdmap.epoch);
    expect(r.pools.map((p) => p.name)).toEqual(['rbd', 'p32', 'byrack', 'fast']);
    for (const p of r.pools) {
      expect(p.read_balance).toEqual(fx.expected.get(p.id));
      expect(p.optimum).toBeNull();
      expect(p.maxPrimaries).toBeGreaterThan(0);
    }
    expect(r.osds).toHaveLength(24);
    expect(r.osds.reduce((a, o) => a + o.total, 0)).toBe(256 + 32 + 128 + 64);
    expect(r.hosts.map((h) => h.host)).toEqual(['host0', 'host1', 'host2', 'host3', 'host4', 'host5']);
    expect(JSON.parse(JSON.stringify(r)).pools[0]).toHaveProperty('optimum', null);
  });

  it('takes one pool and an injected optimum', () => {
    const r = scorePools(input, { poolIds: [findPool(fx.osdmap, 'p32')!], optimumOf: (id) => id * 10 });
    expect(r.pools).toHaveLength(1);
    expect(r.pools[0]).toMatchObject({ id: 2, name: 'p32', optimum: 20 });
    expect(findPool(fx.osdmap, '3')).toBe(3);
    expect(findPool(fx.osdmap, 'nope')).toBeUndefined();
  });

  it('renders a text table', () => {
    const text = renderScoreText(scorePools(input));
    expect(text).toMatch(/^POOL\s+ID\s+PGS\s+SIZE\s+SCORE\(ACT\)/m);
    expect(text).toMatch(/^rbd\s+1\s+256\s+3\s+2\.91\s+2\.91\s+1\.00/m);
    expect(text).toContain('primaries per OSD');
    expect(text).toContain('primaries per host');
  });
});
