/**
 * Read heat from samples recorded on a real Reef 18.2.7 cluster (test/fixtures/heat-4osd, README there): rates,
 * restarted counters (primary change, OSD down/up), scrubs, pg_num changes, smoothing, and the bad-input errors.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkHeatSamples, parseHeatSample } from '../../../src/ceph/read-heat-sample.js';
import type { HeatSample } from '../../../src/cluster/heat-sample.js';
import { readHeat } from '../../../src/cluster/read-heat.js';
import type { LoadshiftError } from '../../../src/errors.js';

const DIR = join(import.meta.dirname, '../../fixtures/heat-4osd');
const text = (f: string) => readFileSync(join(DIR, f), 'utf8');
const sample = (f: string): HeatSample => parseHeatSample({ source: f, text: text(f) });
const heatOf = (files: string[], metric: 'ops' | 'bytes' | 'mix' = 'ops', halfLifeS = 3600) =>
  readHeat(checkHeatSamples(files.map(sample), undefined).kept, { metric, halfLifeS });
const errorOf = (fn: () => unknown): LoadshiftError => {
  try {
    fn();
  } catch (e) {
    return e as LoadshiftError;
  }
  throw new Error('no error');
};

describe('read heat from recorded samples', () => {
  it('a rate per PG from two gather snapshots: the hot pool dominates, totals match the client counts', () => {
    const h = heatOf(['snap-1.json', 'snap-2.json']);
    const byPool = new Map<number, number>();
    for (const [pgid, v] of h.heat)
      byPool.set(Number(pgid.split('.')[0]), (byPool.get(Number(pgid.split('.')[0])) ?? 0) + v);
    // run 1: hot 48513 reads, rp 9702, cold 8244 in 15 s (client counts); rates are per second of the sample interval
    expect(byPool.get(4)!).toBeGreaterThan(3 * byPool.get(2)!);
    expect(byPool.get(4)!).toBeGreaterThan(3 * byPool.get(3)!);
    const s1 = sample('snap-1.json');
    const s2 = sample('snap-2.json');
    let reads = 0;
    for (const [pgid, c] of s2.pgs) if (pgid.startsWith('4.')) reads += c.numRead - (s1.pgs.get(pgid)?.numRead ?? 0);
    expect(reads).toBeGreaterThanOrEqual(48513);
    expect(reads).toBeLessThan(48513 * 1.01);
    expect(h.windowS).toBeCloseTo((s2.timeMs - s1.timeMs) / 1000, 6);
  });

  it('gather snapshots and the pg dumps taken beside them give the same shares of the heat (within 10%)', () => {
    // a pg dump has no time of its own (the latest last_fresh stands for it, which on a cluster idle at that moment
    // lies well before it), so its rates are over longer windows; the shares, which the plan balances, agree
    const a = heatOf(['snap-1.json', 'snap-2.json', 'snap-3.json']);
    const b = heatOf(['pg-dump-1.json', 'pg-dump-2.json', 'pg-dump-3.json']);
    const total = (h: ReadonlyMap<string, number>) => [...h.values()].reduce((x, y) => x + y, 0);
    const [ta, tb] = [total(a.heat), total(b.heat)];
    for (const [pgid, v] of a.heat)
      if (v > 0.005 * ta) expect(Math.abs(b.heat.get(pgid)! / tb / (v / ta) - 1), pgid).toBeLessThan(0.1);
  });

  it('PGs idle before the first sample: their reads count over the load, not over the idle time (recorded)', () => {
    const files = ['idle-then-hot/s1.json', 'idle-then-hot/s2.json'];
    const h = heatOf(files);
    const [s1, s2] = files.map(sample) as [HeatSample, HeatSample];
    const byOsd = (value: (pgid: string) => number) => {
      const out = [0, 0, 0, 0];
      for (const [pgid, c] of s2.pgs) out[c.actingPrimary]! += value(pgid);
      const t = out.reduce((a, b) => a + b, 0);
      return out.map((x) => x / t);
    };
    // the raw read counts of the interval, per leading OSD: what the OSDs' own op_r counted (53.7 / 15.1 / 15.4 / 15.8%)
    const raw = byOsd((pgid) => s2.pgs.get(pgid)!.numRead - (s1.pgs.get(pgid)?.numRead ?? 0));
    expect(raw.map((x) => Math.round(1000 * x) / 10)).toEqual([53.7, 15.1, 15.4, 15.8]);
    const heat = byOsd((pgid) => h.heat.get(pgid) ?? 0);
    heat.forEach((x, o) => expect(Math.abs(x - raw[o]!), `osd.${o}`).toBeLessThan(0.01));
  });

  it('bytes: 4 KiB objects give 4096 bytes per read; mix equals ops (within 1%) for one object size', () => {
    const ops = heatOf(['snap-1.json', 'snap-2.json']);
    const bytes = heatOf(['snap-1.json', 'snap-2.json'], 'bytes');
    const mix = heatOf(['snap-1.json', 'snap-2.json'], 'mix');
    for (const [pgid, v] of ops.heat) {
      if (v < 5) continue; // a few reads: num_read_kb is whole KiB
      expect(Math.abs(bytes.heat.get(pgid)! / v / 4096 - 1), pgid).toBeLessThan(0.01);
      expect(Math.abs(mix.heat.get(pgid)! / v - 1), pgid).toBeLessThan(0.01);
    }
  });

  it('a primary change restarts the counter: the reads since the change count, over the time since it', () => {
    // 2.0: 1538 reads, then pg-upmap-primary 2.0 2 (counter 0), then 1769 more reads
    const h = heatOf(['events/pg-dump-d0.json', 'events/pg-dump-d2.json']);
    const d2 = sample('events/pg-dump-d2.json').pgs.get('2.0')!;
    expect(h.heat.get('2.0')).toBeCloseTo(1769 / ((d2.freshMs! - d2.becameActiveMs!) / 1000), 6);
    expect(h.notes.join(' ')).toMatch(/1 time\(s\) a PG's read counters restarted/);
  });

  it('OSD down/up: the PGs it leads restart, the PGs where it is a replica keep counting; a scrub changes nothing', () => {
    const down = heatOf(['events/pg-dump-d5.json', 'events/pg-dump-d6.json']);
    expect(down.notes.join(' ')).toMatch(/9 time\(s\)/);
    for (const [pgid, v] of down.heat) expect(v, pgid).toBe(0); // no client reads in between
    const scrub = heatOf(['events/pg-dump-d2.json', 'events/pg-dump-d4.json']);
    expect(scrub.notes).toEqual([]);
    for (const v of scrub.heat.values()) expect(v).toBe(0);
  });

  it('pg_num changed (rp 32 -> 64): heat measured on the common ancestors and shared evenly', () => {
    const h = heatOf(['snap-3.json', 'snap-4.json']);
    expect(h.notes.join(' ')).toMatch(/pool 2: pg_num 32 -> 64 .* 32 common ancestor PGs/);
    expect(h.heat.get('2.0')).toBeCloseTo(h.heat.get('2.20')!, 9);
    expect([...h.heat.keys()].filter((p) => p.startsWith('2.'))).toHaveLength(64);
  });

  it('smoothing: a short half-life follows the last interval, a long one averages', () => {
    const files = ['snap-1.json', 'snap-2.json', 'snap-3.json'];
    const last = heatOf(['snap-2.json', 'snap-3.json']);
    const first = heatOf(['snap-1.json', 'snap-2.json']);
    const quick = heatOf(files, 'ops', 0.001);
    const slow = heatOf(files, 'ops', 1e9);
    for (const [pgid, v] of last.heat) {
      expect(quick.heat.get(pgid)!, pgid).toBeCloseTo(v, 6);
      expect(slow.heat.get(pgid)!, pgid).toBeCloseTo(first.heat.get(pgid)!, 3);
    }
  });
});

describe('heat samples: bad input is one line naming the file', () => {
  it('out of order in time', () => {
    const e = errorOf(() => checkHeatSamples([sample('snap-2.json'), sample('snap-1.json')], undefined));
    expect(e.kind).toBe('input');
    expect(e.subject).toBe('snap-1.json');
    expect(e.message).toMatch(/not after snap-2\.json .*oldest first/);
  });

  it('snapshots of another cluster (fsid edited in a copy of snap-2)', () => {
    const other = { ...sample('snap-2.json'), source: 'other.json', fsid: '00000000-0000-0000-0000-000000000000' };
    const e = errorOf(() => checkHeatSamples([sample('snap-1.json'), other], undefined));
    expect(e.subject).toBe('other.json');
    expect(e.message).toMatch(/is of cluster 0000.* not 1e645334/);
    expect(errorOf(() => checkHeatSamples([sample('snap-1.json'), sample('snap-2.json')], 'abc')).message).toMatch(
      /not abc/,
    );
  });

  it('no PG stats (a pgs_brief dump)', () => {
    const e = errorOf(() => sample('../live-8osd/pg-dump-pgs-brief.json'));
    expect(e.message).toMatch(/no per-PG read stats .*pgs_brief/);
  });

  it('too close in time to tell, and a single sample', () => {
    const s1 = sample('snap-1.json');
    const close = { ...s1, source: 'close.json', timeMs: s1.timeMs + 3000 };
    const e = errorOf(() => checkHeatSamples([s1, close], undefined));
    expect(e.subject).toBe('close.json');
    expect(e.message).toMatch(/only 3\.0 s after snap-1\.json: too close in time/);
    const kept = checkHeatSamples([s1, close, sample('snap-2.json')], undefined);
    expect(kept.kept.map((s) => s.source)).toEqual(['snap-1.json', 'snap-2.json']);
    expect(kept.notes[0]).toMatch(/close\.json: 3\.0 s after snap-1\.json, too close/);
    expect(errorOf(() => checkHeatSamples([s1], undefined)).message).toMatch(/two or more samples/);
  });
});
