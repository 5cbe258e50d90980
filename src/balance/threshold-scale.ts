import { EPS } from './engine-types.js';
import type { PoolGraph } from './flow-graph.js';

/**
 * The candidate values of the largest overload: T = k − desired_o (k integer). Every such value is
 * integer + frac(−desired_o), so candidates are indexed implicitly: index i ↔ base + ⌊i / F⌋ + fracs[i mod F],
 * with `fracs` the sorted distinct fractional parts (F of them). Between two consecutive candidates the
 * capacities cap_o(T) = ⌊desired_o + T + EPS⌋ do not change, so searching the index space is exact.
 */
export class ThresholdScale {
  readonly fracs: Float64Array;
  readonly base: number;

  constructor(
    private readonly g: PoolGraph,
    lowest: number,
  ) {
    const raw: number[] = [];
    for (let o = 0; o < g.osdCount; o++) {
      if (!g.eligible[o]) continue;
      const d = g.desired[o]!;
      let f = Math.ceil(d) - d;
      if (f > 1 - EPS || f < EPS) f = 0;
      raw.push(f);
    }
    raw.sort((a, b) => a - b);
    const uniq: number[] = [];
    for (const f of raw) if (uniq.length === 0 || f - uniq[uniq.length - 1]! > EPS) uniq.push(f);
    if (uniq.length === 0) uniq.push(0);
    this.fracs = Float64Array.from(uniq);
    this.base = Math.floor(lowest) - 1;
  }

  value(i: number): number {
    const f = this.fracs.length;
    return this.base + Math.floor(i / f) + this.fracs[i % f]!;
  }

  /** Smallest index whose value is ≥ t (within EPS). */
  indexAtLeast(t: number): number {
    const f = this.fracs.length;
    const x = t - this.base;
    let q = Math.floor(x);
    const r = x - q;
    let lo = 0;
    let hi = f;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.fracs[mid]! >= r - EPS) hi = mid;
      else lo = mid + 1;
    }
    if (lo === f) {
      q++;
      lo = 0;
    }
    return Math.max(0, q * f + lo);
  }

  /** cap_o(T) for every OSD (0 for OSDs that no PG can choose). */
  caps(i: number, out: Int32Array): Int32Array {
    const t = this.value(i);
    const g = this.g;
    for (let o = 0; o < g.osdCount; o++) {
      out[o] = g.eligible[o] ? Math.max(0, Math.floor(g.desired[o]! + t + EPS)) : 0;
    }
    return out;
  }

  /** Sum of cap_o(value(i)) over the OSDs listed in `osds`. */
  capSum(i: number, osds: Int32Array, n: number): number {
    const t = this.value(i);
    let s = 0;
    for (let k = 0; k < n; k++) s += Math.max(0, Math.floor(this.g.desired[osds[k]!]! + t + EPS));
    return s;
  }
}
