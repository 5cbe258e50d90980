/** Properties of the mapper that Ceph relies on, over every fixture map (fast-check). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCrushMap } from '../../../src/ceph/read-crush.js';
import { crushtoolWeights } from '../../../src/cli/crush-test.js';
import { chooseArgsFor } from '../../../src/crush/choose-args.js';
import { doRule } from '../../../src/crush/do-rule.js';
import {
  BUCKET_STRAW2,
  OP_CHOOSE_FIRSTN,
  OP_CHOOSELEAF_FIRSTN,
  OP_CHOOSELEAF_INDEP,
  type CrushMap,
} from '../../../src/crush/types.js';
import { FIXTURES, fixtureMaps } from './fixture-cases.js';

const load = (name: string): CrushMap =>
  parseCrushMap(JSON.parse(readFileSync(join(FIXTURES, name, 'crush.json'), 'utf8')), name);
const maps = fixtureMaps()
  .filter((m) => m !== 'build-1200')
  .map((name) => ({ name, map: load(name) }));
const ruleIds = (m: CrushMap): number[] => m.rules.flatMap((r) => (r ? [r.id] : []));
const mapArb = fc.constantFrom(...maps).chain(({ name, map }) =>
  fc.record({
    name: fc.constant(name),
    map: fc.constant(map),
    rule: fc.constantFrom(...ruleIds(map)),
    x: fc.integer({ min: -0x80000000, max: 0x7fffffff }),
    numRep: fc.integer({ min: 1, max: 8 }),
    device: fc.integer({ min: 0, max: map.maxDevices - 1 }),
  }),
);
const run = (m: CrushMap, rule: number, x: number, n: number, w: Uint32Array): number[] =>
  doRule(m, rule, x, n, w, chooseArgsFor(m, 0), []);

describe('doRule properties', () => {
  it('is deterministic and does not depend on earlier calls (per-bucket permutation cache)', () => {
    fc.assert(
      fc.property(mapArb, fc.integer(), ({ name, map, rule, x, numRep }, other) => {
        const w = crushtoolWeights(map, new Map());
        const first = run(map, rule, x, numRep, w);
        run(map, rule, other, numRep, w);
        run(map, rule, x ^ 1, numRep + 1, w);
        expect(run(map, rule, x, numRep, w)).toEqual(first);
        expect(run(load(name), rule, x, numRep, w)).toEqual(first); // fresh map, fresh caches
      }),
      { numRuns: 300 },
    );
  });

  it('returns at most numRep items, no duplicates except holes', () => {
    fc.assert(
      fc.property(mapArb, ({ map, rule, x, numRep }) => {
        const out = run(map, rule, x, numRep, crushtoolWeights(map, new Map()));
        expect(out.length).toBeLessThanOrEqual(numRep);
        const real = out.filter((o) => o !== 0x7fffffff);
        expect(new Set(real).size).toBe(real.length);
      }),
      { numRuns: 500 },
    );
  });

  it('reweighting one device to 0 changes only the mappings that contained it; firstn keeps the prefix', () => {
    fc.assert(
      fc.property(mapArb, ({ map, rule, x, numRep, device }) => {
        // Reef quirk: chooseleaf indep ... type osd writes the leaf to out2 before its is_out test, so an
        // out device can stay in the result (fixture ec-holes/r4-n6-w.txt); such rules are left out here.
        if (map.rules[rule]!.steps.some((s) => s.op === OP_CHOOSELEAF_INDEP && s.arg2 === 0)) return;
        const w = crushtoolWeights(map, new Map());
        const before = run(map, rule, x, numRep, w);
        const after = run(map, rule, x, numRep, crushtoolWeights(map, new Map([[device, 0]])));
        expect(after).not.toContain(device);
        const at = before.indexOf(device);
        if (at < 0) {
          expect(after).toEqual(before);
        } else {
          const steps = map.rules[rule]!.steps;
          const firstnOnly = steps.every(
            (s) => s.op < 2 || s.op === 4 || s.op === OP_CHOOSE_FIRSTN || s.op === OP_CHOOSELEAF_FIRSTN || s.op > 7,
          );
          const oneChoose =
            steps.filter((s) => s.op === OP_CHOOSE_FIRSTN || s.op === OP_CHOOSELEAF_FIRSTN).length === 1;
          if (firstnOnly && oneChoose) expect(after.slice(0, at)).toEqual(before.slice(0, at));
        }
      }),
      { numRuns: 1500 },
    );
  });

  it('straw2: lowering a device weight inside its bucket only changes mappings that contained it', () => {
    const straw2 = maps.filter(
      ({ map }) => map.buckets.every((b) => !b || b.alg === BUCKET_STRAW2) && map.chooseArgs.size === 0,
    );
    expect(straw2.length).toBeGreaterThan(0);
    fc.assert(
      fc.property(
        fc.constantFrom(...straw2),
        fc.integer(),
        fc.integer({ min: 1, max: 6 }),
        fc.nat(),
        fc.nat(),
        (m, x, numRep, pick, rulePick) => {
          const map = m.map;
          const rule = ruleIds(map)[rulePick % ruleIds(map).length]!;
          const holders = map.buckets.filter((b) => b && b.size > 0 && b.items.some((i) => i >= 0));
          const b = holders[pick % holders.length]!;
          const k = pick % b.size;
          const device = b.items[k]!;
          const w = crushtoolWeights(map, new Map());
          const before = run(map, rule, x, numRep, w);
          const lighter = new Uint32Array(b.weights);
          lighter[k] = lighter[k]! >>> 1;
          const buckets = map.buckets.slice();
          buckets[-1 - b.id] = { ...b, weights: lighter };
          const after = run({ ...map, buckets }, rule, x, numRep, w);
          if (!before.includes(device)) expect(after).toEqual(before);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
