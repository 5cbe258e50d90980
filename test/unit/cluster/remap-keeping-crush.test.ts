/**
 * remapKeepingCrush (the watch daemon's map of a new epoch with the same CRUSH map, OSD slots and pools) equals a
 * full map of the new epoch (mappings and recorded probes), on real fixture maps with random OSD states, reweights
 * (out, in, fractions), affinities, upmap entries and temps, both ways.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FIXED_ONE, pgidText, type OsdMap } from '../../../src/cluster/osdmap.js';
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
        const placementA = mapAllPgs(a, crush);
        expect(crushReusable(placementA, a, b)).toBe(true);
        const placementB = remapKeepingCrush(placementA, a, b, crush);
        expect(placementB).toEqual(mapAllPgs(b, crush));
        expect(remapKeepingCrush(placementB, b, a, crush)).toEqual(placementA);
      }),
      { numRuns: 60, seed: 20261130 },
    );
  });

  it("a reweight runs CRUSH again only for the PGs that read that OSD's reweight, and needs recorded probes", () => {
    const { osdmap: base, crush } = loadFixture('hetero24');
    const before = mapAllPgs(base, crush);
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
    expect(remapKeepingCrush(before, base, after, crush)).toEqual(mapAllPgs(after, crush));
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
