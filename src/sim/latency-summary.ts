import type { LatencySummary } from './sim-result.js';

/** Histogram bucket bounds, ms: 0, then 10 log-spaced buckets per decade from 10 us to 100 s. */
const BOUNDS: number[] = [0];
for (let i = 0; i <= 70; i++) BOUNDS.push(Number((0.01 * 10 ** (i / 10)).toPrecision(3)));

/** Nearest-rank percentile of sorted values (q in 0..1). */
export function percentile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return 0;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i]!;
}

/** Mean, p50/p99/p99.9 and a log-spaced histogram (trailing empty buckets dropped) of latencies in ms. */
export function latencySummary(latencies: Float64Array): LatencySummary {
  const sorted = Float64Array.from(latencies).sort();
  let sum = 0;
  for (let i = 0; i < sorted.length; i++) sum += sorted[i]!;
  const counts = new Array<number>(BOUNDS.length).fill(0);
  let b = 0;
  for (let i = 0; i < sorted.length; i++) {
    const v = sorted[i]!;
    while (b + 1 < BOUNDS.length && v >= BOUNDS[b + 1]!) b++;
    counts[b]!++;
  }
  let last = counts.length;
  while (last > 1 && counts[last - 1] === 0) last--;
  return {
    mean: sorted.length ? sum / sorted.length : 0,
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
    p999: percentile(sorted, 0.999),
    boundsMs: BOUNDS.slice(0, last),
    counts: counts.slice(0, last),
  };
}
