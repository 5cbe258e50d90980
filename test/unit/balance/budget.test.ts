import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { balanceCluster } from '../../../src/balance/balance-cluster.js';
import { bruteForcePool } from '../../../src/balance/brute-force.js';
import type { EngineInput } from '../../../src/balance/engine-types.js';
import { EPS } from '../../../src/balance/engine-types.js';
import { makePool, poolSpecArb, singlePoolInput, smallInstance } from './instances.js';

describe('maxChanges budget', () => {
  it('one pool: the lowest max overload reachable within the budget, exactly', () => {
    const arb = smallInstance.chain((x) =>
      fc.tuple(fc.constant(x), fc.integer({ min: 0, max: x.spec.choices.length })),
    );
    fc.assert(
      fc.property(arb, ([{ osdCount, spec }, budget]) => {
        const input = singlePoolInput(osdCount, spec, budget);
        const res = balanceCluster(input);
        const pool = res.pools[0]!;
        expect(res.changes).toBeLessThanOrEqual(budget);
        const brute = bruteForcePool(input.pools[0]!, osdCount, budget).best;
        expect(pool.after.maxOverload).toBeCloseTo(brute.maxOverload, 6);
        expect(pool.after.atMax).toBeGreaterThanOrEqual(brute.atMax);
        expect(pool.status === 'budget-limited').toBe(pool.after.maxOverload > pool.optimum + EPS);
        pool.chosen.forEach((o, i) => expect(spec.choices[i]).toContain(o));
      }),
      { numRuns: 1500 },
    );
  });

  it('the max overload is monotone in the budget, and a large budget gives the unlimited plan', () => {
    fc.assert(
      fc.property(smallInstance, ({ osdCount, spec }) => {
        const free = balanceCluster(singlePoolInput(osdCount, spec)).pools[0]!;
        let prev = Infinity;
        for (let b = 0; b <= spec.choices.length; b++) {
          const r = balanceCluster(singlePoolInput(osdCount, spec, b)).pools[0]!;
          expect(r.after.maxOverload).toBeLessThanOrEqual(prev + EPS);
          prev = r.after.maxOverload;
          if (b >= free.after.changes) {
            expect(r.after).toEqual(free.after);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('several pools: total changes within the budget, no pool worse than before', () => {
    const arb = fc
      .integer({ min: 2, max: 8 })
      .chain((osdCount) =>
        fc.tuple(
          fc.constant(osdCount),
          fc.array(poolSpecArb(osdCount, 10), { minLength: 2, maxLength: 4 }),
          fc.integer({ min: 0, max: 12 }),
        ),
      );
    fc.assert(
      fc.property(arb, ([osdCount, specs, budget]) => {
        const input: EngineInput = {
          osdCount,
          pools: specs.map((s, i) => makePool(i + 1, osdCount, s)),
          hostOf: new Int32Array(osdCount).fill(-1),
          maxChanges: budget,
        };
        const res = balanceCluster(input);
        expect(res.changes).toBeLessThanOrEqual(budget);
        for (const p of res.pools) {
          expect(p.after.maxOverload).toBeLessThanOrEqual(p.before.maxOverload + EPS);
          expect(p.after.maxOverload).toBeGreaterThanOrEqual(p.optimum - EPS);
        }
      }),
      { numRuns: 500 },
    );
  });
});
