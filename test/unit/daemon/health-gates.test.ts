/** Health gates and read latency on replies recorded from the real Reef test cluster (fixtures/live-watch). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCrushMap } from '../../../src/ceph/read-crush.js';
import { parseOsdMap } from '../../../src/ceph/read-osdmap.js';
import { parsePgDump } from '../../../src/ceph/read-pg-dump.js';
import { healthGates } from '../../../src/cluster/health-gates.js';
import { mapAllPgs } from '../../../src/cluster/pg-mapping.js';
import { appendLatency, latencyRound } from '../../../src/cluster/read-latency.js';

const DIR = join(import.meta.dirname, '../../fixtures/live-watch');
const json = (f: string): unknown => JSON.parse(readFileSync(join(DIR, f), 'utf8'));
const crush = parseCrushMap(json('osd-crush-dump.json'), 'osd-crush-dump.json');

function gates(osdDump: string, pgDump: string) {
  const osdmap = parseOsdMap(json(osdDump), osdDump);
  const placement = mapAllPgs(osdmap, crush);
  const pools = [...osdmap.pools.keys()];
  return healthGates(osdmap, placement, parsePgDump(json(pgDump), pgDump), pools);
}

describe('health gates (recorded replies)', () => {
  it('an active+clean cluster pauses nothing and skips nothing', () => {
    const g = gates('osd-dump-clean.json', 'pg-dump-clean.json');
    expect([...g.pausedPools]).toEqual([]);
    expect([...g.skippedPgs]).toEqual([]);
  });

  it('a deep scrub in progress skips that PG only, and pauses no pool', () => {
    const g = gates('osd-dump-clean.json', 'pg-dump-scrub.json');
    expect([...g.pausedPools]).toEqual([]);
    expect([...g.skippedPgs.keys()]).toEqual(['2.1']);
    expect(g.skippedPgs.get('2.1')).toMatch(/^scrubbing \(active\+clean\+scrubbing\+deep\)/);
  });

  it('an OSD down but in pauses every pool whose PGs map to it (degraded, undersized, stale PGs)', () => {
    const g = gates('osd-dump-down3.json', 'pg-dump-down3.json');
    const osdmap = parseOsdMap(json('osd-dump-down3.json'), 'x');
    expect(osdmap.up[3]).toBe(0);
    const names = [...g.pausedPools.keys()].map((id) => osdmap.pools.get(id)?.name).sort();
    expect(names).toEqual(['.mgr', 'p64', 'rp']);
    for (const why of g.pausedPools.values()) expect(why).toMatch(/osd\.3 is down but in|undersized|degraded|stale/);
  });

  it('a PG the mgr has not reported yet is skipped, not a pause', () => {
    const osdmap = parseOsdMap(json('osd-dump-clean.json'), 'x');
    const pgs = parsePgDump(json('pg-dump-clean.json'), 'x');
    pgs.delete('3.5');
    const g = healthGates(osdmap, mapAllPgs(osdmap, crush), pgs, [...osdmap.pools.keys()]);
    expect([...g.pausedPools]).toEqual([]);
    expect([...g.skippedPgs]).toEqual([['3.5', 'not in the pg dump yet']]);
  });
});

describe('per-OSD read latency from recorded perf dumps', () => {
  const counters = (run: string) =>
    Object.fromEntries(
      [0, 1, 2, 3].map((i) => [
        String(i),
        (json(`perf-${run}-osd${i}.json`) as { osd: { op_r_latency: { avgcount: number; sum: number } } }).osd
          .op_r_latency,
      ]),
    );
  it('a normal read load: every OSD well under 1 ms', () => {
    const r = latencyRound(counters('a'), counters('b'), 1000);
    expect(Object.keys(r.readLatencyMs).sort()).toEqual(['0', '1', '2', '3']);
    for (const ms of Object.values(r.readLatencyMs)) expect(ms).toBeLessThan(1);
    expect(r.at).toBe(1000);
  });
  it('osd.3 with a 5 ms dispatch delay: above 5 ms, the others stay under 1 ms', () => {
    const r = latencyRound(counters('b'), counters('c'), 2000);
    expect(r.readLatencyMs['3']).toBeGreaterThan(5);
    for (const o of ['0', '1', '2']) expect(r.readLatencyMs[o]).toBeLessThan(1);
  });
  it('no reads, a missing reading or a counter that went back (OSD restart): absent', () => {
    const b = counters('b');
    const r = latencyRound({ ...b, '2': { avgcount: 1e9, sum: 1e9 } }, { ...b, '4': { avgcount: 5, sum: 1 } }, 0);
    expect(r.readLatencyMs).toEqual({});
  });
  it('history keeps the newest rounds, oldest first', () => {
    let h = [] as ReturnType<typeof appendLatency>;
    for (let i = 0; i < 5; i++) h = appendLatency(h, { at: i, readLatencyMs: {} }, 3);
    expect(h.map((x) => x.at)).toEqual([2, 3, 4]);
  });
});
