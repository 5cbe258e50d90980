/** The generator's core: Ceph's bucket ids and shadow trees, weights, rules, determinism, spec checks. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crushDumpJson, osdDumpJson } from '../../../src/ceph/generated-dumps.js';
import { parseSnapshot } from '../../../src/ceph/read-snapshot.js';
import { checkSpec, type ClusterSpec } from '../../../src/gen/cluster-spec.js';
import { classCounts, crushWeightOf, generateCluster } from '../../../src/gen/generate-cluster.js';
import { makeRng, pickDistinct } from '../../../src/gen/rng.js';

const spec = (over: Partial<ClusterSpec> = {}): ClusterSpec => ({
  racks: 3,
  hostsPerRack: 2,
  osdsPerHost: 4,
  classes: [
    { name: 'hdd', share: 2, minWeight: 1, maxWeight: 4 },
    { name: 'ssd', share: 2, minWeight: 0.5, maxWeight: 0.5 },
  ],
  pools: [{ name: 'rbd', kind: 'replicated', size: 3, pgNum: 64, failureDomain: 'host' }],
  affinity: [],
  randomAffinity: undefined,
  out: [],
  down: [],
  randomOut: 0,
  randomDown: 0,
  seed: 1,
  epoch: 1,
  ...over,
});

type Bucket = { id: number; name: string; type_id: number; weight: number; items: { id: number; weight: number }[] };

describe('generateCluster', () => {
  it('numbers buckets and shadow trees as the Reef monitor did for the same layout (mapgen hetero-24)', () => {
    // hetero-24: 3 racks x 2 hosts x 4 OSDs, 2 hdd then 2 ssd per host, added OSD by OSD (mapgen + mon)
    const real = JSON.parse(
      readFileSync(join(import.meta.dirname, '../../fixtures/osdmap/hetero24/crush.json'), 'utf8'),
    ) as { buckets: Bucket[] };
    const ours = crushDumpJson(generateCluster(spec(), makeRng(1))) as { buckets: Bucket[] };
    const shape = (b: Bucket) => ({ id: b.id, name: b.name, type_id: b.type_id, items: b.items.map((i) => i.id) });
    expect(ours.buckets.map(shape)).toEqual(real.buckets.map(shape));
  });

  it('makes bucket weights the sums of their items, shadows holding only their class', () => {
    const g = generateCluster(spec({ seed: 9 }), makeRng(9));
    const byId = new Map(g.buckets.map((b) => [b.id, b]));
    const total = (id: number): number => byId.get(id)!.weights.reduce((a, w) => a + w, 0);
    for (const b of g.buckets)
      b.items.forEach((item, k) => {
        if (item < 0) expect(b.weights[k]).toBe(total(item));
        else expect(b.weights[k]).toBe(g.osds[item]!.crushWeight);
        if (item >= 0 && b.name.includes('~')) expect(g.osds[item]!.cls).toBe(b.name.split('~')[1]);
      });
    expect(total(-1)).toBe(g.osds.reduce((a, o) => a + o.crushWeight, 0));
  });

  it('is a pure function of the seed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), (seed) => {
        const s = spec({ seed, randomOut: 2, randomDown: 2, randomAffinity: { count: 3, value: 0x8000 } });
        const a = JSON.stringify([osdDumpJson(generateCluster(s, makeRng(seed)))]);
        const b = JSON.stringify([osdDumpJson(generateCluster(s, makeRng(seed)))]);
        expect(a).toBe(b);
      }),
      { numRuns: 20 },
    );
    const w = (seed: number) => generateCluster(spec(), makeRng(seed)).osds.map((o) => o.crushWeight);
    expect(w(1)).not.toEqual(w(2));
  });

  it('writes dumps that loadshift reads back, rules as create-replicated and erasure profiles make them', () => {
    const s = spec({
      pools: [
        { name: 'rbd', kind: 'replicated', size: 3, pgNum: 64, failureDomain: 'host' },
        { name: 'fast', kind: 'replicated', size: 2, pgNum: 32, failureDomain: 'rack', deviceClass: 'ssd' },
        { name: 'ec', kind: 'erasure', size: 5, k: 3, m: 2, pgNum: 32, failureDomain: 'host' },
      ],
    });
    const g = generateCluster(s, makeRng(1));
    const od = osdDumpJson(g);
    const cd = crushDumpJson(g);
    const { osdmap, crush } = parseSnapshot(
      { source: 'o', text: JSON.stringify(od) },
      { source: 'c', text: JSON.stringify(cd) },
    );
    expect(osdmap.pools.get(2)).toMatchObject({ crushRule: 1, size: 2, minSize: 1 });
    expect(osdmap.pools.get(3)).toMatchObject({ type: 'erasure', crushRule: 2, size: 5, minSize: 4 });
    expect((cd.rules as unknown[])[1]).toEqual({
      rule_id: 1,
      rule_name: 'replicated_rack_ssd',
      type: 1,
      steps: [
        { op: 'take', item: -9, item_name: 'default~ssd' },
        { op: 'chooseleaf_firstn', num: 0, type: 'rack' },
        { op: 'emit' },
      ],
    });
    expect(crush.rules[2]!.steps.map((st) => st.op)).toEqual([9, 8, 1, 7, 4]);
  });
});

describe('generator helpers', () => {
  it('splits a host by class shares with the largest remainders', () => {
    expect(classCounts(12, [3, 1])).toEqual([9, 3]);
    expect(classCounts(5, [1, 1])).toEqual([3, 2]);
    expect(classCounts(4, [1, 1, 1])).toEqual([2, 1, 1]);
  });
  it('converts weights as `ceph osd crush add` does ((int)(float w * 0x10000))', () => {
    expect(crushWeightOf(1)).toBe(0x10000);
    expect(crushWeightOf(3.9)).toBe(255590);
    expect(crushWeightOf(0.1)).toBe(6553);
  });
  it('draws distinct OSDs', () => {
    const p = pickDistinct(makeRng(3), 50, 20);
    expect(new Set(p).size).toBe(20);
    expect(Math.max(...p)).toBeLessThan(50);
  });
  it('names the field of an impossible spec', () => {
    expect(checkSpec(spec())).toBeUndefined();
    expect(checkSpec(spec({ out: [24] }))?.field).toBe('--out-osds');
    expect(checkSpec(spec({ racks: 0, pools: [{ ...spec().pools[0]!, failureDomain: 'rack' }] }))?.field).toBe(
      '--pool rbd',
    );
    expect(checkSpec(spec({ osdsPerHost: 100_000 }))?.message).toMatch(/more than/);
  });
});
