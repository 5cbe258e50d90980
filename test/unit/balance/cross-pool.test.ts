import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { balanceCluster } from '../../../src/balance/balance-cluster.js';
import type { EngineInput } from '../../../src/balance/engine-types.js';
import { makePool, poolSpecArb, type PoolSpec } from './instances.js';

const input = (osdCount: number, specs: PoolSpec[], hostOf?: Int32Array): EngineInput => ({
  osdCount,
  pools: specs.map((s, i) => makePool(i + 1, osdCount, s)),
  hostOf: hostOf ?? new Int32Array(osdCount).fill(-1),
});

describe('cross-pool balance (level 4)', () => {
  it('spreads the pools’ max-level primaries over different OSDs', () => {
    const all = [0, 1, 2, 3];
    const specs: PoolSpec[] = [
      { choices: [all, all], current: [0, 0], weights: null },
      { choices: [all, all], current: [0, 1], weights: null },
    ];
    const res = balanceCluster(input(4, specs));
    expect(Math.max(...res.osdPrimariesAfter)).toBe(1);
    expect(res.crossPool.after.maxOsdOverload).toBeCloseTo(0, 9);
    for (const p of res.pools) expect(p.after.maxOverload).toBeCloseTo(0.5, 9);
  });

  it('is idempotent on several pools: re-running on its result changes nothing', () => {
    const arb = fc
      .integer({ min: 2, max: 8 })
      .chain((osdCount) =>
        fc.tuple(fc.constant(osdCount), fc.array(poolSpecArb(osdCount, 10), { minLength: 2, maxLength: 4 })),
      );
    fc.assert(
      fc.property(arb, ([osdCount, specs]) => {
        const hostOf = Int32Array.from({ length: osdCount }, (_, o) => o % 3);
        const first = balanceCluster(input(osdCount, specs, hostOf));
        const again = balanceCluster(
          input(
            osdCount,
            specs.map((s, i) => ({ ...s, current: Array.from(first.pools[i]!.chosen) })),
            hostOf,
          ),
        );
        expect(again.changes).toBe(0);
        again.pools.forEach((p) => expect(p.status).toBe('unchanged'));
      }),
      { numRuns: 500 },
    );
  });
});
