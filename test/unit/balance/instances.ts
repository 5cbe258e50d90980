import fc from 'fast-check';
import type { EngineInput, EnginePool } from '../../../src/balance/engine-types.js';
import { mulberry32 } from '../../../src/sim/mulberry32.js';

export interface PoolSpec {
  choices: number[][];
  current: number[];
  weights: number[] | null;
}

/** desired: even over eligible OSDs, or proportional to weights (over eligible OSDs), summing to the PG count. */
export function makePool(poolId: number, osdCount: number, spec: PoolSpec): EnginePool {
  const eligible = new Uint8Array(osdCount);
  for (const c of spec.choices) for (const o of c) eligible[o] = 1;
  const desired = new Float64Array(osdCount);
  let wsum = 0;
  for (let o = 0; o < osdCount; o++) if (eligible[o]) wsum += spec.weights ? spec.weights[o]! : 1;
  const even = !spec.weights || wsum === 0;
  if (even) wsum = eligible.reduce((a, b) => a + b, 0);
  for (let o = 0; o < osdCount; o++) {
    if (eligible[o]) desired[o] = (spec.choices.length * (even ? 1 : spec.weights![o]!)) / wsum;
  }
  return {
    poolId,
    desired,
    pgs: spec.choices.map((choices, i) => ({
      pgid: `${poolId}.${i.toString(16)}`,
      choices,
      current: spec.current[i]!,
    })),
  };
}

export function poolSpecArb(
  osdCount: number,
  maxPgs: number,
  maxChoices = 3,
  zeroWeights = true,
): fc.Arbitrary<PoolSpec> {
  const pg = fc
    .uniqueArray(fc.integer({ min: 0, max: osdCount - 1 }), { minLength: 1, maxLength: Math.min(maxChoices, osdCount) })
    .chain((choices) => fc.tuple(fc.constant(choices), fc.integer({ min: 0, max: choices.length - 1 })));
  return fc
    .record({
      pgs: fc.array(pg, { minLength: 1, maxLength: maxPgs }),
      weights: fc.option(
        fc.array(fc.integer({ min: zeroWeights ? 0 : 1, max: 4 }), { minLength: osdCount, maxLength: osdCount }),
        {
          nil: null,
        },
      ),
    })
    .map(({ pgs, weights }) => ({
      choices: pgs.map(([c]) => c),
      current: pgs.map(([c, i]) => c[i]!),
      weights,
    }));
}

/** A tiny single-pool instance. */
export const smallInstance = fc
  .integer({ min: 1, max: 6 })
  .chain((osdCount) => poolSpecArb(osdCount, 7).map((spec) => ({ osdCount, spec })));

export function singlePoolInput(osdCount: number, spec: PoolSpec, maxChanges?: number): EngineInput {
  const input: EngineInput = {
    osdCount,
    pools: [makePool(1, osdCount, spec)],
    hostOf: new Int32Array(osdCount).fill(-1),
  };
  if (maxChanges !== undefined) input.maxChanges = maxChanges;
  return input;
}

export const rng = mulberry32;
