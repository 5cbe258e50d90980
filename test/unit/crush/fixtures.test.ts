/**
 * Every line of every crushtool fixture must be identical to the crushtool that made it: Reef 18.2.7
 * (scripts/gen-crush-fixtures.sh) and Tentacle 20.2.4 with MSR rules (scripts/gen-msr-crush-fixtures.sh).
 */
import { describe, expect, it } from 'vitest';
import { runCrushTest } from '../../../src/cli/crush-test.js';
import { FIXTURE_SETS, fixtureCases, fixtureMaps } from './fixture-cases.js';

describe.each(FIXTURE_SETS)('crushtool --test --show-mappings fixtures of $release', ({ dir }) => {
  const maps = fixtureMaps(dir);
  it('has at least 6 maps', () => {
    expect(maps.length).toBeGreaterThanOrEqual(6);
  });
  for (const map of maps) {
    describe(map, () => {
      for (const c of fixtureCases(map, dir)) {
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
