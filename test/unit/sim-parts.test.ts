import { describe, expect, it } from 'vitest';
import { aliasDraw, aliasTable } from '../../src/sim/alias-table.js';
import { latencySummary, percentile } from '../../src/sim/latency-summary.js';
import { mulberry32 } from '../../src/sim/mulberry32.js';
import { serviceSampler } from '../../src/sim/service-sampler.js';
import { zipfPgWeights } from '../../src/sim/zipf-weights.js';

describe('simulator parts', () => {
  it('alias table draws each index with probability weight / sum', () => {
    const w = [1, 0, 3, 6];
    const t = aliasTable(w);
    const rng = mulberry32(3);
    const n = 200_000;
    const seen = [0, 0, 0, 0];
    for (let i = 0; i < n; i++) seen[aliasDraw(t, rng)]!++;
    expect(seen[1]).toBe(0);
    for (let i = 0; i < 4; i++) expect(Math.abs(seen[i]! / n - w[i]! / 10)).toBeLessThan(0.005);
    expect(() => aliasTable([0, 0])).toThrow(/sum to zero/);
  });

  it('Zipf weights: s = 0 is uniform; s > 0 sums the harmonic series over all objects, skewed', () => {
    expect([...zipfPgWeights(4, 10, 0, 1)]).toEqual([1, 1, 1, 1]);
    const w = zipfPgWeights(64, 16, 1.1, 1);
    let h = 0;
    for (let k = 1; k <= 64 * 16; k++) h += 1 / k ** 1.1;
    expect(w.reduce((a, b) => a + b, 0)).toBeCloseTo(h, 9);
    expect(Math.max(...w) / Math.min(...w)).toBeGreaterThan(5);
    expect(zipfPgWeights(64, 16, 1.1, 2)).not.toEqual(w);
  });

  it('service samplers keep their mean; lognormal keeps its coefficient of variation', () => {
    for (const [dist, cv] of [
      [{ kind: 'exp' } as const, 1],
      [{ kind: 'det' } as const, 0],
      [{ kind: 'lognormal', cv: 0.5 } as const, 0.5],
    ] as const) {
      const s = serviceSampler(dist, mulberry32(5));
      const xs = Array.from({ length: 200_000 }, () => s(2));
      const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
      const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length);
      expect(Math.abs(mean - 2)).toBeLessThan(0.02);
      expect(Math.abs(sd / mean - cv)).toBeLessThan(0.02);
    }
  });

  it('latency summary: nearest-rank percentiles and a histogram holding every value', () => {
    const xs = Float64Array.from({ length: 1000 }, (_, i) => (i + 1) / 10);
    const s = latencySummary(xs);
    expect(s.p50).toBe(50);
    expect(s.p99).toBe(99);
    expect(s.p999).toBe(99.9);
    expect(s.mean).toBeCloseTo(50.05, 9);
    expect(s.counts.reduce((a, b) => a + b, 0)).toBe(1000);
    expect(s.counts).toHaveLength(s.boundsMs.length);
    expect(s.boundsMs[0]).toBe(0);
    expect(s.boundsMs.at(-1)!).toBeLessThanOrEqual(100);
    expect(percentile(new Float64Array(0), 0.5)).toBe(0);
  });
});
