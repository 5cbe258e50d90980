/** Every line of every crushtool fixture (Reef 18.2.7, scripts/gen-crush-fixtures.sh) must be identical. */
import { describe, expect, it } from 'vitest';
import { runCrushTest } from '../../../src/cli/crush-test.js';
import { fixtureCases, fixtureMaps } from './fixture-cases.js';

const maps = fixtureMaps();

describe('crushtool --test --show-mappings fixtures', () => {
  it('has at least 12 maps', () => {
    expect(maps.length).toBeGreaterThanOrEqual(12);
  });
  for (const map of maps) {
    describe(map, () => {
      for (const c of fixtureCases(map)) {
        it(`${c.file}: ${c.args.join(' ')}`, () => {
          const got = runCrushTest({
            crush: c.crush,
            rule: c.rule,
            numRep: c.numRep,
            minX: c.minX,
            maxX: c.maxX,
            weight: c.weight,
            poolId: c.poolId,
          }).split('\n');
          const want = c.expected().split('\n');
          const firstDiff = want.findIndex((l, i) => got[i] !== l);
          expect(
            firstDiff === -1 ? null : { line: firstDiff + 1, want: want[firstDiff], got: got[firstDiff] },
          ).toBeNull();
          expect(got.length).toBe(want.length);
        });
      }
    });
  }
});
