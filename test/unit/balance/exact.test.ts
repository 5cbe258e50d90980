import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { balanceCluster } from '../../../src/balance/balance-cluster.js';
import { bruteForcePool } from '../../../src/balance/brute-force.js';
import { singlePoolInput, smallInstance } from './instances.js';

describe('balanceCluster vs brute force (levels 1–3 exact)', () => {
  it('matches the exhaustive optimum tuple on random tiny pools', () => {
    fc.assert(
      fc.property(smallInstance, ({ osdCount, spec }) => {
        const input = singlePoolInput(osdCount, spec);
        const res = balanceCluster(input);
        const pool = res.pools[0]!;
        const brute = bruteForcePool(input.pools[0]!, osdCount).best;
        expect(pool.after.maxOverload).toBeCloseTo(brute.maxOverload, 6);
        expect(pool.optimum).toBeCloseTo(brute.maxOverload, 6);
        expect(pool.after.atMax).toBe(brute.atMax);
        expect(pool.optimumAtMax).toBe(brute.atMax);
        expect(pool.after.changes).toBe(brute.changes);
        pool.chosen.forEach((o, i) => expect(spec.choices[i]).toContain(o));
      }),
      { numRuns: 3000 },
    );
  });
});
