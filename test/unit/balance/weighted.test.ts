import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { balanceWeighted } from '../../../src/balance/balance-weighted.js';
import type { WeightedInput } from '../../../src/balance/weighted-graph.js';
import { mulberry32 } from '../../../src/sim/mulberry32.js';

/** Every assignment, by enumeration: the lexicographic optimum (largest load − target, then changes). */
function bruteForce(input: WeightedInput): { max: number; changes: number } {
  const { pgs, osdCount, target } = input;
  const eligible = new Set(pgs.flatMap((p) => p.choices));
  let best = { max: Infinity, changes: Infinity };
  const load = new Float64Array(osdCount);
  const rec = (i: number, changes: number) => {
    if (i === pgs.length) {
      let max = -Infinity;
      for (const o of eligible) max = Math.max(max, load[o]! - target[o]!);
      if (max < best.max - 1e-9 || (max <= best.max + 1e-9 && changes < best.changes)) best = { max, changes };
      return;
    }
    const pg = pgs[i]!;
    for (const o of pg.choices) {
      load[o]! += pg.heat;
      rec(i + 1, changes + (o === pg.current ? 0 : 1));
      load[o]! -= pg.heat;
    }
  };
  rec(0, 0);
  return best;
}

/** The LP optimum by its dual: max over OSD sets S of (heat of PGs whose choices all lie in S − target(S)) / |S|. */
function lpByCuts(input: WeightedInput): number {
  const osds = [...new Set(input.pgs.flatMap((p) => p.choices))];
  let best = -Infinity;
  for (let mask = 1; mask < 1 << osds.length; mask++) {
    const s = new Set(osds.filter((_, i) => mask & (1 << i)));
    let h = 0;
    for (const pg of input.pgs) if (pg.choices.every((o) => s.has(o))) h += pg.heat;
    let t = 0;
    for (const o of s) t += input.target[o]!;
    best = Math.max(best, (h - t) / s.size);
  }
  return best;
}

/** Random instance: `pgs` PGs on `osds` OSDs, 1–3 distinct choices each, heats from `heat`, even targets. */
function instance(seed: number, pgs: number, osds: number, heat: (r: () => number) => number): WeightedInput {
  const r = mulberry32(seed);
  const list = [];
  for (let i = 0; i < pgs; i++) {
    const n = 1 + Math.floor(r() * Math.min(3, osds));
    const choices: number[] = [];
    while (choices.length < n) {
      const o = Math.floor(r() * osds);
      if (!choices.includes(o)) choices.push(o);
    }
    list.push({ pgid: `1.${i.toString(16)}`, choices, current: choices[Math.floor(r() * n)]!, heat: heat(r) });
  }
  const eligible = new Set(list.flatMap((p) => p.choices));
  const total = list.reduce((a, p) => a + p.heat, 0);
  const target = new Float64Array(osds);
  for (const o of eligible) target[o] = total / eligible.size;
  return { osdCount: osds, pgs: list, target };
}

/**
 * A planted instance: a few hot PGs (heat 50–150) among cold ones (0–5), 3 choices each, the current primary random,
 * and each OSD's target the load of a hidden assignment: a perfect balance (max load − target = 0) exists.
 */
function planted(seed: number, pgs: number, osds: number, hot: number): WeightedInput {
  const r = mulberry32(seed);
  const list = [];
  const target = new Float64Array(osds);
  for (let i = 0; i < pgs; i++) {
    const choices: number[] = [];
    while (choices.length < Math.min(3, osds)) {
      const o = Math.floor(r() * osds);
      if (!choices.includes(o)) choices.push(o);
    }
    const heat = i < hot ? 50 + r() * 100 : r() * 5;
    target[choices[Math.floor(r() * choices.length)]!]! += heat;
    list.push({ pgid: `1.${i.toString(16)}`, choices, current: choices[Math.floor(r() * choices.length)]!, heat });
  }
  return { osdCount: osds, pgs: list, target };
}

const zipf = (r: () => number) => 1 / (1 + Math.floor(r() * 50)) ** 1.1;

function checkInvariants(input: WeightedInput) {
  const res = balanceWeighted(input);
  const tol = 1e-7 * (1 + res.heaviest);
  res.chosen.forEach((o, i) => expect(input.pgs[i]!.choices).toContain(o));
  expect(res.maxAfter).toBeLessThanOrEqual(res.lpBound + res.heaviest + tol);
  expect(res.maxAfter).toBeLessThanOrEqual(res.maxBefore + tol);
  expect(res.lowerBound).toBeLessThanOrEqual(res.maxAfter + tol);
  expect(res.lpBound).toBeLessThanOrEqual(res.lowerBound + tol);
  let changes = 0;
  res.chosen.forEach((o, i) => {
    if (o !== input.pgs[i]!.current) changes++;
  });
  expect(res.changes).toBe(changes);
  return res;
}

describe('balanceWeighted', () => {
  it('is exact on small instances (brute force): largest load over target, then fewest changes', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1e9 }),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: 5 }),
        (seed, pgs, osds) => {
          const input = instance(seed, pgs, osds, zipf);
          const res = checkInvariants(input);
          const brute = bruteForce(input);
          expect(res.exact).toBe(true);
          expect(res.maxAfter).toBeCloseTo(brute.max, 9);
          expect(res.changes).toBe(brute.changes);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('computes the LP optimum exactly (equals the best cut bound)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1e9 }),
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 7 }),
        (seed, pgs, osds) => {
          const input = instance(seed, pgs, osds, (r) => r() * 10);
          expect(balanceWeighted(input).lpBound).toBeCloseTo(lpByCuts(input), 7);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps its guarantee on random maps and Zipf heats: max ≤ LP bound + heaviest PG, never worse than now', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1e9 }),
        fc.integer({ min: 50, max: 600 }),
        fc.integer({ min: 3, max: 60 }),
        (seed, pgs, osds) => {
          checkInvariants(instance(seed, pgs, osds, zipf));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('finds a near-perfect balance where one exists, with few hot PGs (the rounding alone is off by up to a hot PG)', () => {
    // a fixed sample (a search under a node budget is a heuristic: its figures, not a property of every instance);
    // the optimum is 0 and the search trades up to 1% of a mean share beyond what it found for fewer changes. The
    // rounding alone: max 120%, median 5.8%, 158 of 300 over 5% (session 9)
    const r = mulberry32(99);
    const rel: number[] = [];
    for (let k = 0; k < 100; k++) {
      const [pgs, osds, hot] = [16 + Math.floor(r() * 49), 4 + Math.floor(r() * 5), 4 + Math.floor(r() * 9)];
      const input = planted(Math.floor(r() * 1e9), pgs, osds, hot);
      const res = checkInvariants(input);
      rel.push(res.maxAfter / (input.target.reduce((a, b) => a + b, 0) / osds));
    }
    expect(Math.max(...rel)).toBeLessThanOrEqual(0.05);
    expect(rel.filter((x) => x > 0.02).length).toBeLessThanOrEqual(3);
  });

  it('is idempotent: planned again on its own result it changes nothing', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const input = instance(seed, 300, 20, zipf);
      const res = balanceWeighted(input);
      const again = balanceWeighted({ ...input, pgs: input.pgs.map((p, i) => ({ ...p, current: res.chosen[i]! })) });
      expect(again.maxAfter).toBeLessThanOrEqual(res.maxAfter + 1e-9);
    }
  });

  it('handles no heat at all and PGs with one choice', () => {
    const input = instance(7, 40, 6, () => 0);
    const res = balanceWeighted(input);
    expect(res.changes).toBe(0);
    expect(res.maxAfter).toBe(res.maxBefore);
  });
});
