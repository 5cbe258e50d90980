/**
 * The weighted engine on the synthetic instances of engine-bench.ts with Zipf-distributed read heat per PG
 * (exponent 1.1 over the PGs in a random order): time, largest load over share against the LP bound, changes.
 */
import { balanceWeighted } from '../src/balance/balance-weighted.js';
import type { WeightedInput } from '../src/balance/weighted-graph.js';
import { mulberry32 } from '../src/sim/mulberry32.js';
import { instance } from './engine-bench.js';

export function zipfInstance(osds: number, pgs: number, seed: number, exponent = 1.1): WeightedInput {
  const base = instance(osds, 10, [pgs], false, seed);
  const rand = mulberry32(seed + 1000);
  const rank = Int32Array.from({ length: pgs }, (_, i) => i);
  for (let i = pgs - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [rank[i], rank[j]] = [rank[j]!, rank[i]!];
  }
  const list = base.pools[0]!.pgs.map((pg, i) => ({ ...pg, heat: 1000 / (1 + rank[i]!) ** exponent }));
  const total = list.reduce((a, p) => a + p.heat, 0);
  const eligible = new Set(list.flatMap((p) => p.choices));
  const target = new Float64Array(osds);
  for (const o of eligible) target[o] = total / eligible.size;
  return { osdCount: osds, pgs: list, target };
}

export async function benchWeighted(): Promise<string[]> {
  const cases: Array<[string, () => WeightedInput]> = [
    ['1k OSDs, 32k PGs, Zipf 1.1 heat', () => zipfInstance(1_000, 32_000, 11)],
    ['1k OSDs, 32k PGs, Zipf 0.8 heat', () => zipfInstance(1_000, 32_000, 12, 0.8)],
    ['10k OSDs, 320k PGs, Zipf 1.1 heat', () => zipfInstance(10_000, 320_000, 13)],
    ['10k OSDs, 320k PGs, Zipf 0.8 heat', () => zipfInstance(10_000, 320_000, 14, 0.8)],
  ];
  const out: string[] = [];
  const f = (x: number) => x.toFixed(3);
  for (const [name, make] of cases) {
    const input = make();
    const t0 = performance.now();
    const r = balanceWeighted(input);
    const ms = performance.now() - t0;
    const ratio = (load: Float64Array) =>
      [...load].map((l, o) => (input.target[o]! > 0 ? l / input.target[o]! : 0)).sort((a, b) => b - a);
    const rb = ratio(r.loadBefore);
    const ra = ratio(r.loadAfter);
    const at = (xs: number[], q: number) => xs[Math.floor(q * xs.length)]!.toFixed(2);
    const mean = r.loadBefore.reduce((a, b) => a + b, 0) / input.target.filter((t) => t > 0).length;
    out.push(
      `${name}: ${ms.toFixed(0)} ms, largest load over share ${f(r.maxBefore)} → ${f(r.maxAfter)} (LP bound ${f(r.lpBound)}, lower bound ${f(r.lowerBound)}, gap ${f(r.gap)} = ${((100 * r.gap) / mean).toFixed(2)}% of the mean load ${f(mean)}; heaviest PG ${f(r.heaviest)}), changes ${r.changes} of ${input.pgs.length}; load/share: 2nd busiest ${rb[1]!.toFixed(2)} → ${ra[1]!.toFixed(2)}, top 1% ${at(rb, 0.01)} → ${at(ra, 0.01)}, median ${at(rb, 0.5)} → ${at(ra, 0.5)}`,
    );
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const line of await benchWeighted()) console.log(line);
}
