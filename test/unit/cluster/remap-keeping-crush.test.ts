/**
 * remapKeepingCrush (the watch daemon's map of a new epoch with the same CRUSH map, OSD slots and pools) equals a
 * full map of the new epoch (mappings and recorded probes), on real fixture maps with random OSD states, reweights
 * (out, in, fractions), affinities, upmap entries and temps, both ways.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { choicesKept } from '../../../src/cluster/crush-probes.js';
import { FIXED_ONE, pgidText, type OsdMap } from '../../../src/cluster/osdmap.js';
import { rawPgToPps } from '../../../src/cluster/pg-seed.js';
import { choiceLayout } from '../../../src/crush/choice-record.js';
import { crushWeightChange } from '../../../src/crush/crush-weight-change.js';
import type { CrushMap } from '../../../src/crush/types.js';
import { mapAllPgs } from '../../../src/cluster/pg-mapping.js';
import { crushReusable, remapKeepingCrush, sameCrushInputs } from '../../../src/cluster/remap-keeping-crush.js';
import { loadFixture } from './osdmap-fixtures.js';

const MAPS = [
  'mg24',
  'mg24-upmap',
  'mg24-down',
  'small',
  'live12-after',
  'live6-temp',
  'hetero24',
  't-msr16',
  't-msr16-out',
];

const arbChange = fc.record({
  down: fc.array(fc.nat(40), { maxLength: 4 }),
  revive: fc.array(fc.nat(40), { maxLength: 2 }),
  aff: fc.array(fc.tuple(fc.nat(40), fc.constantFrom(0, 0x4000, 0x8000, FIXED_ONE)), { maxLength: 5 }),
  reweight: fc.array(fc.tuple(fc.nat(40), fc.constantFrom(0, 0x4000, 0x8000, 0xe000, FIXED_ONE)), { maxLength: 3 }),
  items: fc.array(fc.tuple(fc.nat(300), fc.nat(40), fc.nat(40)), { maxLength: 12 }),
  prims: fc.array(fc.tuple(fc.nat(300), fc.nat(40)), { maxLength: 12 }),
  upmaps: fc.array(fc.tuple(fc.nat(300), fc.uniqueArray(fc.nat(40), { minLength: 1, maxLength: 4 })), {
    maxLength: 4,
  }),
  temps: fc.array(fc.tuple(fc.nat(300), fc.uniqueArray(fc.nat(40), { minLength: 1, maxLength: 3 })), {
    maxLength: 3,
  }),
  clear: fc.boolean(),
});

/** `ceph osd crush reweight`: the item's weight in its bucket and every ancestor's weight in theirs move by `delta`. */
function crushReweight(map: CrushMap, item: number, delta: number): CrushMap {
  const buckets = map.buckets.slice();
  for (let child = item, parent = map.parentOf.get(child); parent !== undefined; parent = map.parentOf.get(child)) {
    const k = -1 - parent;
    const b = buckets[k]!;
    const weights = b.weights.slice();
    const i = b.items.indexOf(child);
    weights[i] = Math.max(0, weights[i]! + delta);
    buckets[k] = { ...b, weights };
    child = parent;
  }
  return { ...map, buckets };
}

/** `base` with OSD states, affinities, upmap entries and temps changed (CRUSH's inputs untouched). */
function changed(base: OsdMap, r: typeof arbChange extends fc.Arbitrary<infer T> ? T : never): OsdMap {
  const n = base.maxOsd;
  const up = base.up.slice();
  for (const o of r.down) up[o % n] = 0;
  for (const o of r.revive) if (base.exists[o % n]) up[o % n] = 1;
  const aff = (base.primaryAffinity ?? new Uint32Array(n).fill(FIXED_ONE)).slice();
  for (const [o, a] of r.aff) aff[o % n] = a;
  const weight = base.weight.slice();
  for (const [o, w] of r.reweight) if (base.exists[o % n]) weight[o % n] = w;
  const pools = [...base.pools.values()];
  const pgOf = (k: number) => {
    const p = pools[k % pools.length]!;
    return pgidText(p.id, Math.floor(k / pools.length) % p.pgNum);
  };
  const keep = <V>(m: Map<string, V>) => (r.clear ? new Map<string, V>() : new Map(m));
  const pgUpmapItems = keep(base.pgUpmapItems);
  for (const [k, a, b] of r.items) pgUpmapItems.set(pgOf(k), [[a % n, b % n]]);
  const pgUpmapPrimaries = keep(base.pgUpmapPrimaries);
  for (const [k, o] of r.prims) pgUpmapPrimaries.set(pgOf(k), o % n);
  const pgUpmap = keep(base.pgUpmap);
  for (const [k, osds] of r.upmaps) pgUpmap.set(pgOf(k), [...new Set(osds.map((o) => o % n))]);
  const pgTemp = keep(base.pgTemp);
  for (const [k, osds] of r.temps) pgTemp.set(pgOf(k), [...new Set(osds.map((o) => o % n))]);
  return {
    ...base,
    epoch: base.epoch + 1,
    up,
    weight,
    primaryAffinity: aff,
    pgUpmapItems,
    pgUpmapPrimaries,
    pgUpmap,
    pgTemp,
  };
}

describe('remapKeepingCrush', () => {
  it('equals a full map of the new epoch, from the old epoch or back to it', () => {
    fc.assert(
      fc.property(fc.constantFrom(...MAPS), arbChange, arbChange, (name, c1, c2) => {
        const { osdmap: base, crush } = loadFixture(name);
        const a = changed(base, c1);
        const b = changed(base, c2);
        const placementA = mapAllPgs(a, crush, undefined, true);
        expect(crushReusable(placementA, a, b)).toBe(true);
        const placementB = remapKeepingCrush(placementA, a, b, crush);
        expect(placementB).toEqual(mapAllPgs(b, crush, undefined, true));
        expect(remapKeepingCrush(placementB, b, a, crush)).toEqual(placementA);
      }),
      { numRuns: 60, seed: 20261130 },
    );
  });

  it('after CRUSH weight changes (with OSD changes too) equals a full map under the new CRUSH map', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...MAPS),
        arbChange,
        fc.array(fc.tuple(fc.nat(40), fc.integer({ min: -0x20000, max: 0x20000 })), { minLength: 1, maxLength: 3 }),
        (name, c, moves) => {
          const { osdmap: base, crush } = loadFixture(name);
          let next = crush;
          for (const [o, d] of moves) next = crushReweight(next, o % base.maxOsd, d);
          const rw = crushWeightChange(crush, next);
          expect(rw).toBeDefined(); // the fixtures are straw2 without choose_args
          const b = changed(base, c);
          const before = mapAllPgs(base, crush, undefined, true);
          expect(crushReusable(before, base, b, true)).toBe(true);
          expect(remapKeepingCrush(before, base, b, next, rw)).toEqual(mapAllPgs(b, next, undefined, true));
        },
      ),
      { numRuns: 60, seed: 20261201 },
    );
  });

  it('`ceph osd crush reweight` of one OSD in 1,200 runs CRUSH again for few PGs', () => {
    const { osdmap, crush } = loadFixture('big1200');
    const next = crushReweight(crush, 17, -0x8000);
    const rw = crushWeightChange(crush, next)!;
    const before = mapAllPgs(osdmap, crush, undefined, true);
    let again = 0;
    let pgs = 0;
    for (const [id, pp] of before.pools) {
      const pool = osdmap.pools.get(id)!;
      for (let ps = 0; ps < pp.pgs.length; ps++, pgs++)
        if (!choicesKept(pp.probes!, ps, rawPgToPps(pool, ps), rw, choiceLayout(next))) again++;
    }
    expect(again).toBeGreaterThan(0);
    expect(again).toBeLessThan(pgs / 50);
    expect(remapKeepingCrush(before, osdmap, osdmap, next, rw)).toEqual(mapAllPgs(osdmap, next, undefined, true));
  });

  it("a reweight runs CRUSH again only for the PGs that read that OSD's reweight, and needs recorded probes", () => {
    const { osdmap: base, crush } = loadFixture('hetero24');
    const before = mapAllPgs(base, crush, undefined, true);
    const weight = base.weight.slice();
    weight[3] = 0x8000;
    const after = { ...base, epoch: base.epoch + 1, weight };
    let probed = 0;
    let pgs = 0;
    for (const pp of before.pools.values()) {
      pgs += pp.pgs.length;
      for (let ps = 0; ps < pp.pgs.length; ps++) {
        const p = pp.probes!;
        if (p.osds.subarray(p.start[ps], p.start[ps + 1]).includes(3)) probed++;
      }
    }
    // osd.3 is one of 24: far fewer PGs read its reweight than there are PGs
    expect(probed).toBeGreaterThan(0);
    expect(probed).toBeLessThan(pgs / 4);
    expect(remapKeepingCrush(before, base, after, crush)).toEqual(mapAllPgs(after, crush, undefined, true));
    const bare = { pools: new Map([...before.pools].map(([id, pp]) => [id, { poolId: id, pgs: pp.pgs }])) };
    expect(crushReusable(bare, base, after)).toBe(false);
    expect(crushReusable(bare, base, { ...base, epoch: base.epoch + 1 })).toBe(true);
  });

  it('a reweight, an OSD gone or a pool change is not a CRUSH-preserving change', () => {
    const { osdmap: base } = loadFixture('mg24');
    const weight = base.weight.slice();
    weight[3] = 0x8000;
    expect(sameCrushInputs(base, { ...base, weight })).toBe(false);
    const exists = base.exists.slice();
    exists[5] = 0;
    expect(sameCrushInputs(base, { ...base, exists })).toBe(false);
    const pools = new Map(base.pools);
    const first = [...pools.values()][0]!;
    pools.set(first.id, { ...first, size: first.size + 1 });
    expect(sameCrushInputs(base, { ...base, pools })).toBe(false);
    expect(sameCrushInputs(base, { ...base, up: base.up.map(() => 0) })).toBe(true);
  });
});
