/**
 * CRUSH on WebAssembly (crush-firstn.ts, wasm/crush-firstn.c) against the TypeScript mapper (doRuleGeneral): every
 * fixture map and rule it takes, and random straw2 maps (weights 0 to huge, empty buckets, takes of missing
 * buckets, every firstn tunable and set_* step, reweights in and past the array), give the same results.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCrushMap } from '../../../src/ceph/read-crush.js';
import { crushtoolWeights } from '../../../src/cli/crush-test.js';
import { crushFirstnFor } from '../../../src/crush/crush-firstn.js';
import { doRule, doRuleGeneral } from '../../../src/crush/do-rule.js';
import { lnTable } from '../../../src/crush/ln.js';
import { TUNABLES_PROFILES } from '../../../src/crush/tunables.js';
import * as T from '../../../src/crush/types.js';
import type { CrushBucket, CrushMap, CrushRuleStep } from '../../../src/crush/types.js';
import { FIXTURE_SETS, fixtureMaps } from './fixture-cases.js';

function same(map: CrushMap, rule: number, x: number, numRep: number, w: Uint32Array): void {
  const fast = doRule(map, rule, x, numRep, w, undefined, []);
  const ref = doRuleGeneral(map, rule, x, numRep, w, undefined, []);
  if (fast.join() !== ref.join()) expect({ rule, x, numRep, fast }).toEqual({ rule, x, numRep, fast: ref });
}

describe('CRUSH on WebAssembly', () => {
  it('maps like the TypeScript mapper on every fixture map and rule it takes', () => {
    let checked = 0;
    for (const { dir } of FIXTURE_SETS) {
      for (const name of fixtureMaps(dir)) {
        const map = parseCrushMap(JSON.parse(readFileSync(join(dir, name, 'crush.json'), 'utf8')), name);
        const wasm = crushFirstnFor(map);
        if (wasm === null) continue;
        const base = crushtoolWeights(map, new Map());
        const half = base.map((v, i) => (i % 3 === 0 ? 0x8000 : i % 7 === 0 ? 0 : v));
        for (const r of map.rules) {
          if (r === undefined || !wasm.handles(r.id)) continue;
          checked++;
          for (let x = -50; x < 1500; x++) same(map, r.id, x * 7919, 1 + (x & 7), x & 1 ? base : half);
        }
      }
    }
    // most fixture maps are straw2 with firstn rules (16 rules when this was written): the WebAssembly mapper must
    // have taken a good share of them
    expect(checked).toBeGreaterThanOrEqual(16);
  });

  it('maps like the TypeScript mapper on random straw2 maps (fast-check)', () => {
    fc.assert(
      fc.property(mapArb, fc.array(fc.integer(), { minLength: 20, maxLength: 20 }), ({ map, w }, xs) => {
        for (const r of map.rules) {
          if (r === undefined) continue;
          expect(crushFirstnFor(map)?.handles(r.id)).toBe(true);
          xs.forEach((x, i) => same(map, r.id, x, 1 + (i % 8), w));
        }
      }),
      { numRuns: 400 },
    );
  });

  it('computes the crush_ln table as ln.ts does, every entry', () => {
    const wasm = crushFirstnFor(randomMap(T.BUCKET_STRAW2));
    expect(wasm).not.toBeNull();
    expect([...wasm!.lnTable()]).toEqual([...lnTable()]);
  });

  it('leaves other maps and rules to the TypeScript mapper', () => {
    const straw = randomMap(T.BUCKET_STRAW);
    expect(crushFirstnFor(straw)).toBeNull();
    const indep = randomMap(T.BUCKET_STRAW2, [
      { op: T.OP_TAKE, arg1: -1, arg2: 0 },
      { op: T.OP_CHOOSELEAF_INDEP, arg1: 0, arg2: 1 },
      { op: T.OP_EMIT, arg1: 0, arg2: 0 },
    ]);
    expect(crushFirstnFor(indep)?.handles(0)).toBe(false);
  });
});

// ---- random straw2 maps: root (type 3) -> racks (2) -> hosts (1) -> devices ----

function bucket(id: number, typeId: number, alg: number, items: number[], weights: number[]): CrushBucket {
  return {
    id,
    name: `b${-id}`,
    typeId,
    alg,
    hash: 0,
    size: items.length,
    weight: weights.reduce((a, b) => a + b, 0) >>> 0,
    items: Int32Array.from(items),
    weights: Uint32Array.from(weights),
    sumWeights: new Uint32Array(0),
    nodeWeights: new Uint32Array(0),
    numNodes: 0,
    straws: Uint32Array.from(weights),
  };
}

interface Built {
  buckets: (CrushBucket | undefined)[];
  devices: number;
}

function buildTree(racks: number[][], weights: number[], alg: number): Built {
  const buckets: (CrushBucket | undefined)[] = [];
  let nextId = -2;
  let dev = 0;
  let wi = 0;
  const w = () => weights[wi++ % weights.length]!;
  const rackIds: number[] = [];
  for (const hosts of racks) {
    const hostIds: number[] = [];
    for (const n of hosts) {
      const items = Array.from({ length: n }, () => dev++);
      const id = nextId--;
      buckets[-1 - id] = bucket(id, 1, alg, items, items.map(w));
      hostIds.push(id);
    }
    const id = nextId--;
    buckets[-1 - id] = bucket(id, 2, alg, hostIds, hostIds.map(w));
    rackIds.push(id);
  }
  buckets[0] = bucket(-1, 3, alg, rackIds, rackIds.map(w));
  return { buckets, devices: dev };
}

function crushMap(b: Built, rules: CrushRuleStep[][], tunables: Partial<T.Tunables>): CrushMap {
  return {
    maxDevices: b.devices,
    maxBuckets: b.buckets.length,
    buckets: b.buckets,
    rules: rules.map((steps, id) => ({ id, name: `r${id}`, type: T.RULE_TYPE_REPLICATED, steps })),
    tunables: { ...TUNABLES_PROFILES.jewel!, ...tunables },
    devices: Array.from({ length: b.devices }, (_, id) => ({ id, name: `osd.${id}`, deviceClass: undefined })),
    typeNames: new Map([
      [0, 'osd'],
      [1, 'host'],
      [2, 'rack'],
      [3, 'root'],
    ]),
    typeIds: new Map([
      ['osd', 0],
      ['host', 1],
      ['rack', 2],
      ['root', 3],
    ]),
    parentOf: new Map(),
    chooseArgs: new Map(),
    devicePresent: new Uint8Array(b.devices).fill(1),
  };
}

function randomMap(alg: number, steps?: CrushRuleStep[]): CrushMap {
  const b = buildTree([[2, 3], [1]], [0x10000], alg);
  return crushMap(
    b,
    [
      steps ?? [
        { op: T.OP_TAKE, arg1: -1, arg2: 0 },
        { op: T.OP_CHOOSELEAF_FIRSTN, arg1: 0, arg2: 1 },
        { op: T.OP_EMIT, arg1: 0, arg2: 0 },
      ],
    ],
    {},
  );
}

const weightArb = fc.oneof(
  fc.constant(0x10000),
  fc.constant(0),
  fc.integer({ min: 1, max: 0x3ffff }),
  fc.integer({ min: 0x100000, max: 0xffffffff }),
);
const step = (op: number, arg1 = 0, arg2 = 0): CrushRuleStep => ({ op, arg1, arg2 });
const ruleArb = fc
  .record({
    sets: fc.array(
      fc.oneof(
        fc.integer({ min: -1, max: 60 }).map((v) => step(T.OP_SET_CHOOSE_TRIES, v)),
        fc.integer({ min: -1, max: 5 }).map((v) => step(T.OP_SET_CHOOSELEAF_TRIES, v)),
        fc.integer({ min: -1, max: 3 }).map((v) => step(T.OP_SET_CHOOSE_LOCAL_TRIES, v)),
        fc.integer({ min: -1, max: 3 }).map((v) => step(T.OP_SET_CHOOSELEAF_VARY_R, v)),
        fc.integer({ min: -1, max: 1 }).map((v) => step(T.OP_SET_CHOOSELEAF_STABLE, v)),
        fc.constant(step(T.OP_SET_CHOOSE_LOCAL_FALLBACK_TRIES, 0)),
        fc.constant(step(T.OP_NOOP)),
      ),
      { maxLength: 3 },
    ),
    take: fc.constantFrom(-1, -2, -3, 0, -999),
    body: fc.constantFrom(
      [step(T.OP_CHOOSELEAF_FIRSTN, 0, 1)],
      [step(T.OP_CHOOSELEAF_FIRSTN, 0, 2)],
      [step(T.OP_CHOOSELEAF_FIRSTN, -1, 1)],
      [step(T.OP_CHOOSELEAF_FIRSTN, 2, 0)],
      [step(T.OP_CHOOSE_FIRSTN, 0, 0)],
      [step(T.OP_CHOOSE_FIRSTN, 2, 2), step(T.OP_CHOOSELEAF_FIRSTN, 2, 1)],
      [step(T.OP_CHOOSE_FIRSTN, 0, 1), step(T.OP_CHOOSE_FIRSTN, 1, 0)],
      [step(T.OP_CHOOSE_FIRSTN, 3, 2), step(T.OP_EMIT), step(T.OP_TAKE, -1), step(T.OP_CHOOSELEAF_FIRSTN, 0, 1)],
    ),
  })
  .map(({ sets, take, body }) => [...sets, step(T.OP_TAKE, take), ...body, step(T.OP_EMIT)]);

const mapArb = fc
  .record({
    racks: fc.array(fc.array(fc.integer({ min: 0, max: 7 }), { minLength: 1, maxLength: 5 }), {
      minLength: 1,
      maxLength: 5,
    }),
    weights: fc.array(weightArb, { minLength: 1, maxLength: 12 }),
    rules: fc.array(ruleArb, { minLength: 1, maxLength: 3 }),
    tunables: fc.record({
      chooseLocalTries: fc.integer({ min: 0, max: 3 }),
      chooseTotalTries: fc.integer({ min: 0, max: 60 }),
      chooseleafDescendOnce: fc.integer({ min: 0, max: 1 }),
      chooseleafVaryR: fc.integer({ min: 0, max: 2 }),
      chooseleafStable: fc.integer({ min: 0, max: 1 }),
    }),
    reweights: fc.array(fc.oneof(fc.constant(0x10000), fc.constant(0), fc.integer({ min: 1, max: 0x1ffff })), {
      maxLength: 60,
    }),
  })
  .map(({ racks, weights, rules, tunables, reweights }) => {
    const built = buildTree(racks, weights, T.BUCKET_STRAW2);
    const map = crushMap(built, rules, tunables);
    // reweights may be shorter than the devices (the rest are out) or cover them
    const w = Uint32Array.from(reweights.length > 0 ? reweights : Array.from({ length: built.devices }, () => 0x10000));
    return { map, w };
  });
