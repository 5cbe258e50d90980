import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { balanceCluster } from '../../../src/balance/balance-cluster.js';
import { bruteForcePool } from '../../../src/balance/brute-force.js';
import type { EngineInput } from '../../../src/balance/engine-types.js';
import { EPS } from '../../../src/balance/engine-types.js';
import { makePool, poolSpecArb, singlePoolInput, smallInstance, type PoolSpec } from './instances.js';

const withCurrent = (spec: PoolSpec, current: ArrayLike<number>): PoolSpec => ({
  ...spec,
  current: Array.from(current),
});

describe('engine invariants', () => {
  it('never worsens the largest overload, and re-running on its result changes nothing (idempotence)', () => {
    fc.assert(
      fc.property(smallInstance, ({ osdCount, spec }) => {
        const first = balanceCluster(singlePoolInput(osdCount, spec)).pools[0]!;
        expect(first.after.maxOverload).toBeLessThanOrEqual(first.before.maxOverload + EPS);
        const again = balanceCluster(singlePoolInput(osdCount, withCurrent(spec, first.chosen))).pools[0]!;
        expect(again.after.changes).toBe(0);
        expect(again.status).toBe('unchanged');
        expect(Array.from(again.chosen)).toEqual(Array.from(first.chosen));
      }),
      { numRuns: 1000 },
    );
  });

  it('a pool already optimal (levels 1–2) yields zero changes', () => {
    fc.assert(
      fc.property(smallInstance, ({ osdCount, spec }) => {
        const optimal = bruteForcePool(singlePoolInput(osdCount, spec).pools[0]!, osdCount).assign;
        const res = balanceCluster(singlePoolInput(osdCount, withCurrent(spec, optimal))).pools[0]!;
        expect(res.after.changes).toBe(0);
        expect(res.before.maxOverload).toBeCloseTo(res.optimum, 6);
      }),
      { numRuns: 500 },
    );
  });

  it('renumbering OSDs does not change the objective values', () => {
    const arb = smallInstance.chain(({ osdCount, spec }) =>
      fc.tuple(
        fc.constant(osdCount),
        fc.constant(spec),
        fc.shuffledSubarray([...Array(osdCount).keys()], { minLength: osdCount, maxLength: osdCount }),
      ),
    );
    fc.assert(
      fc.property(arb, ([osdCount, spec, perm]) => {
        const renamed: PoolSpec = {
          choices: spec.choices.map((c) => c.map((o) => perm[o]!)),
          current: spec.current.map((o) => perm[o]!),
          weights: spec.weights ? spec.weights.map((_, o) => spec.weights![perm.indexOf(o)]!) : null,
        };
        const a = balanceCluster(singlePoolInput(osdCount, spec)).pools[0]!;
        const b = balanceCluster(singlePoolInput(osdCount, renamed)).pools[0]!;
        expect(b.after.maxOverload).toBeCloseTo(a.after.maxOverload, 6);
        expect(b.after.atMax).toBe(a.after.atMax);
        expect(b.after.changes).toBe(a.after.changes);
      }),
      { numRuns: 500 },
    );
  });

  it('OSDs with desired 0 gain primaries only when the optimum needs it', () => {
    fc.assert(
      fc.property(smallInstance, ({ osdCount, spec }) => {
        const input = singlePoolInput(osdCount, spec);
        const res = balanceCluster(input).pools[0]!;
        const desired = input.pools[0]!.desired;
        const before = new Int32Array(osdCount);
        const after = new Int32Array(osdCount);
        spec.current.forEach((o) => before[o]!++);
        res.chosen.forEach((o) => after[o]!++);
        for (let o = 0; o < osdCount; o++) {
          if (desired[o] !== 0 || after[o]! <= before[o]!) continue;
          // It gained: then even one primary there is within the optimum (overload after[o] ≤ T*).
          expect(after[o]!).toBeLessThanOrEqual(res.optimum + EPS);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('a PG whose only choice has desired 0 still lands there', () => {
    // OSD 2 (desired 0) must lead PG 0 (overload 1 = T*); PG 3 leaves it for OSD 1 (overload 2 − 2 = 0 < 1).
    const spec: PoolSpec = { choices: [[2], [0, 1], [0, 1], [1, 2]], current: [2, 0, 0, 2], weights: [1, 1, 0] };
    const res = balanceCluster(singlePoolInput(3, spec)).pools[0]!;
    expect(Array.from(res.chosen)).toEqual([2, 0, 0, 1]);
    expect(res.optimum).toBeCloseTo(1, 9);
    expect(res.after.changes).toBe(1);
  });

  it('sparse pool: 32 PGs on 1000 OSDs end with at most one primary per OSD', () => {
    let seed = 7;
    const rand = (): number => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return seed / 2 ** 32;
    };
    const choices: number[][] = [];
    for (let i = 0; i < 32; i++) {
      const c = new Set<number>();
      while (c.size < 3) c.add(Math.floor(rand() * 1000));
      choices.push([...c]);
    }
    // Everyone currently on OSD choices[i][0]; force collisions by putting 8 PGs' first choice on OSD 5.
    for (let i = 0; i < 8; i++) if (!choices[i]!.includes(5)) choices[i]![0] = 5;
    const spec: PoolSpec = { choices, current: choices.map((c) => c[0]!), weights: null };
    const res = balanceCluster(singlePoolInput(1000, spec)).pools[0]!;
    const count = new Int32Array(1000);
    res.chosen.forEach((o) => count[o]!++);
    expect(Math.max(...count)).toBe(1);
    expect(res.before.maxOverload).toBeGreaterThan(7);
    expect(res.status).toBe('balanced');
  });

  it('multi-pool: every pool keeps its exact levels 1–2', () => {
    const arb = fc
      .integer({ min: 2, max: 6 })
      .chain((osdCount) =>
        fc.tuple(fc.constant(osdCount), fc.array(poolSpecArb(osdCount, 6), { minLength: 2, maxLength: 3 })),
      );
    fc.assert(
      fc.property(arb, ([osdCount, specs]) => {
        const input: EngineInput = {
          osdCount,
          pools: specs.map((s, i) => makePool(i + 1, osdCount, s)),
          hostOf: Int32Array.from({ length: osdCount }, (_, o) => o >> 1),
        };
        const res = balanceCluster(input);
        res.pools.forEach((pr, i) => {
          const brute = bruteForcePool(input.pools[i]!, osdCount).best;
          expect(pr.after.maxOverload).toBeCloseTo(brute.maxOverload, 6);
          expect(pr.after.atMax).toBe(brute.atMax);
          pr.chosen.forEach((o, k) => expect(specs[i]!.choices[k]).toContain(o));
        });
      }),
      { numRuns: 500 },
    );
  });
});
