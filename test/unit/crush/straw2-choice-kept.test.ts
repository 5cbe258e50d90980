/**
 * A straw2 choice recorded before a CRUSH weight change is known kept exactly when drawing it again with the new
 * weights gives the same item (both ways: never kept when it moved, never moved when kept); and on real crushtool
 * fixture maps, a descent whose recorded choices in reweighted buckets are all kept gives the same output under the
 * new map. crushWeightChange accepts straw2 item weights only.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCrushMap } from '../../../src/ceph/read-crush.js';
import { straw2Choose } from '../../../src/crush/bucket-straw2.js';
import { chooseArgsFor } from '../../../src/crush/choose-args.js';
import { type ChoiceLayout, choiceLayout, choiceRecord, readChoice } from '../../../src/crush/choice-record.js';
import { crushWeightChange } from '../../../src/crush/crush-weight-change.js';
import { doRule } from '../../../src/crush/do-rule.js';
import { straw2ChoiceKept } from '../../../src/crush/straw2-choice-kept.js';
import { BUCKET_LIST, BUCKET_STRAW2, type CrushBucket, type CrushMap } from '../../../src/crush/types.js';
import { FIXTURE_SETS } from './fixture-cases.js';
import { straw2Bucket } from './straw2-bucket.js';

const weightArb = fc.oneof(
  fc.constant(0),
  fc.integer({ min: 1, max: 8 }),
  fc.constant(0x10000),
  fc.integer({ min: 1, max: 0xffffffff }),
);

const bucketOf = straw2Bucket;

function reweigh(map: CrushMap, changes: readonly [number, number, number][]): CrushMap {
  const buckets = map.buckets.slice();
  for (const [k, i, w] of changes) {
    const idx = k % buckets.length;
    const b = buckets[idx];
    if (b === undefined || b.size === 0) continue;
    const weights = b.weights.slice();
    weights[i % b.size] = w;
    buckets[idx] = { ...b, weights };
  }
  return { ...map, buckets };
}

function loadMap(dir: string): CrushMap {
  const path = join(dir, 'crush.json');
  return parseCrushMap(JSON.parse(readFileSync(path, 'utf8')), path);
}

/** Every record of a descent in a reweighted bucket drawn the same again (what crush-probes' choicesKept does). */
function recordsKept(
  row: readonly number[],
  x: number,
  rw: ReturnType<typeof crushWeightChange> & object,
  layout: ChoiceLayout,
): boolean {
  const c = { bucket: 0, r: 0, pos: 0 };
  for (const v of row) {
    if (v >= 0) continue;
    readChoice(layout, v, c);
    if (c.r < 0) return false;
    const b = rw[c.bucket];
    if (b !== undefined && !straw2ChoiceKept(b, x, c.r, c.pos)) return false;
  }
  return true;
}

describe('choice records', () => {
  it('read back as written (r too large for the layout reads as unknown), always negative int32', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 70_000 }),
        fc.integer({ min: 1, max: 70_000 }),
        fc.nat(),
        fc.nat(),
        fc.nat(300),
        (buckets, widest, bi, pi, r) => {
          const sized = { size: widest } as CrushBucket;
          const map = { buckets: [sized, ...new Array(buckets - 1)] } as unknown as CrushMap;
          const l = choiceLayout(map);
          const bucket = bi % buckets;
          const pos = pi % widest;
          const v = choiceRecord(l, bucket, r, pos);
          expect(Number.isInteger(v) && v < 0 && v >= -(2 ** 31)).toBe(true);
          const c = { bucket: -1, r: -2, pos: -1 };
          readChoice(l, v, c);
          if (l.rBits === 0 || r >= 2 ** l.rBits - 1) expect(c.r).toBe(-1);
          else expect(c).toEqual({ bucket, r, pos });
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('straw2ChoiceKept', () => {
  it('says kept exactly when the choice drawn with the new weights is the old one', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: -500, max: 10_000 }), { minLength: 1, maxLength: 30 }),
        fc.array(weightArb, { minLength: 30, maxLength: 30 }),
        fc.array(fc.tuple(fc.nat(29), weightArb), { minLength: 1, maxLength: 4 }),
        fc.integer(),
        fc.integer({ min: 0, max: 60 }),
        (ids, ws, changes, x, r) => {
          const items = Int32Array.from(ids);
          const before = Uint32Array.from(items, (_, i) => ws[i]!);
          const after = before.slice();
          for (const [i, w] of changes) after[i % items.length] = w;
          const changed = Int32Array.from([...after.keys()].filter((i) => after[i] !== before[i]));
          const oldB = bucketOf(items, before);
          const newB = bucketOf(items, after);
          const chosen = straw2Choose(oldB, x, r, undefined, 0);
          const kept = straw2ChoiceKept({ bucket: newB, changed }, x, r, items.indexOf(chosen));
          return kept === (straw2Choose(newB, x, r, undefined, 0) === chosen);
        },
      ),
      { numRuns: 4000 },
    );
  });
});

const MAPS = ['straw2-racks', 'device-classes', 'mixed-algs', 'choose-args', 'argonaut-straw2', 'build-deep'];
const tentacle = FIXTURE_SETS[1]!.dir;

describe('a CRUSH weight change', () => {
  it('leaves a descent whose reweighted choices are kept with the same output (fixture maps, MSR too)', () => {
    const maps = [
      ...MAPS.map((m) => join(FIXTURE_SETS[0]!.dir, m)),
      ...['msr-straw2', 'msr-mixed-algs', 'msr-classes', 'msr-choose-args'].map((m) => join(tentacle, m)),
    ].filter((d) => {
      try {
        readFileSync(join(d, 'crush.json'));
        return true;
      } catch {
        return false;
      }
    });
    expect(maps.length).toBe(10);
    let kept = 0;
    let moved = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(...maps),
        fc.array(fc.tuple(fc.nat(200), fc.nat(40), weightArb), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 0, max: 1 << 20 }),
        (dir, changes, x0) => {
          const map = loadMap(dir);
          const next = reweigh(map, changes);
          const rw = crushWeightChange(map, next);
          const changed = next.buckets
            .map((b, k) => (b?.weights.some((w, i) => w !== map.buckets[k]!.weights[i]) ? k : -1))
            .filter((k) => k >= 0);
          const straw2Only = changed.every((k) => next.buckets[k]!.alg === BUCKET_STRAW2);
          const argsOnChanged = [...map.chooseArgs.values()].some((s) => changed.some((k) => s.args[k] !== undefined));
          expect(rw !== undefined).toBe(straw2Only && !argsOnChanged);
          if (rw === undefined) return;
          const weights = new Uint32Array(map.maxDevices).fill(0x10000);
          for (const rule of map.rules) {
            if (rule === undefined) continue;
            for (let x = x0; x < x0 + 40; x++) {
              const row: number[] = [];
              const out1 = doRule(map, rule.id, x, 3, weights, chooseArgsFor(map, -1), [], row).slice();
              const out2 = doRule(next, rule.id, x, 3, weights, chooseArgsFor(next, -1), []).slice();
              if (recordsKept(row, x, rw, choiceLayout(map))) {
                kept++;
                expect(out2, `${dir} rule ${rule.id} x ${x}`).toEqual(out1);
              } else moved++;
            }
          }
        },
      ),
      { numRuns: 150, seed: 20261201 },
    );
    expect(kept).toBeGreaterThan(1000);
    expect(moved).toBeGreaterThan(0);
  });

  it('is not a weights-only change when a bucket, a rule or a non-straw2 weight changed', () => {
    const map = loadMap(join(FIXTURE_SETS[0]!.dir, 'straw2-racks'));
    expect(crushWeightChange(map, map)).toEqual(new Array(map.buckets.length));
    const k = map.buckets.findIndex((b) => b !== undefined && b.size > 1);
    const b = map.buckets[k]!;
    const withBucket = (nb: CrushBucket): CrushMap => ({
      ...map,
      buckets: map.buckets.map((x, i) => (i === k ? nb : x)),
    });
    const w = b.weights.slice();
    w[0] = w[0]! + 1;
    expect(crushWeightChange(map, withBucket({ ...b, weights: w }))?.[k]?.changed).toEqual(Int32Array.from([0]));
    expect(crushWeightChange(map, withBucket({ ...b, weights: w, alg: BUCKET_LIST }))).toBeUndefined();
    const items = b.items.slice().reverse();
    expect(crushWeightChange(map, withBucket({ ...b, items }))).toBeUndefined();
    expect(crushWeightChange(map, { ...map, rules: map.rules.slice(1) })).toBeUndefined();
    expect(crushWeightChange(map, { ...map, tunables: { ...map.tunables, chooseTotalTries: 51 } })).toBeUndefined();
    const args = new Map([
      [-1, { key: -1, args: map.buckets.map((_, i) => (i === k ? { weightSet: null, ids: null } : undefined)) }],
    ]);
    expect(
      crushWeightChange({ ...map, chooseArgs: args }, { ...withBucket({ ...b, weights: w }), chooseArgs: args }),
    ).toBeUndefined();
  });
});
