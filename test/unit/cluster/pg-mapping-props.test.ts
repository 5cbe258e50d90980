/** Properties of the mapping and of primaryChoices on randomly changed fixture maps (fast-check, fixed seed). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mapPgWithUpmapPrimary, withUpmapPrimaries } from '../../../src/cluster/pg-upmap-primary.js';
import { FIXED_ONE, ITEM_NONE, pgidText, type OsdMap } from '../../../src/cluster/osdmap.js';
import { mapPg, mapPgDetailed } from '../../../src/cluster/pg-mapping.js';
import { primaryChoices } from '../../../src/cluster/primary-choices.js';
import { hash32_2 } from '../../../src/crush/hash.js';
import { loadFixture } from './osdmap-fixtures.js';

const MAPS = ['mg24', 'mg24-upmap', 'mg24-down', 'small', 'live12-after', 'live12-pssd-after', 'hetero24'];
const SEED = 20251128;

/** A fixture with random OSD states, affinities and upmap entries. */
const arbMap = fc
  .record({
    name: fc.constantFrom(...MAPS),
    down: fc.array(fc.nat(40), { maxLength: 4 }),
    out: fc.array(fc.nat(40), { maxLength: 3 }),
    half: fc.array(fc.nat(40), { maxLength: 3 }),
    aff: fc.array(fc.tuple(fc.nat(40), fc.constantFrom(0, 0x4000, 0x8000, 0xc000, FIXED_ONE)), { maxLength: 6 }),
    items: fc.array(fc.tuple(fc.nat(300), fc.nat(40), fc.nat(40)), { maxLength: 20 }),
    prims: fc.array(fc.tuple(fc.nat(300), fc.nat(40)), { maxLength: 20 }),
    upmaps: fc.array(fc.tuple(fc.nat(300), fc.uniqueArray(fc.nat(40), { minLength: 1, maxLength: 4 })), {
      maxLength: 6,
    }),
  })
  .map((r) => {
    const { osdmap: base, crush } = loadFixture(r.name);
    const n = base.maxOsd;
    const up = base.up.slice();
    const weight = base.weight.slice();
    const aff = (base.primaryAffinity ?? new Uint32Array(n).fill(FIXED_ONE)).slice();
    for (const o of r.down) up[o % n] = 0;
    for (const o of r.out) weight[o % n] = 0;
    for (const o of r.half) if (weight[o % n]! > 0) weight[o % n] = 0x8000;
    for (const [o, a] of r.aff) aff[o % n] = a;
    const pools = [...base.pools.values()];
    const pgOf = (k: number) => {
      const p = pools[k % pools.length]!;
      return pgidText(p.id, Math.floor(k / pools.length) % p.pgNum);
    };
    const pgUpmapItems = new Map(base.pgUpmapItems);
    for (const [k, a, b] of r.items) pgUpmapItems.set(pgOf(k), [[a % n, b % n]]);
    const pgUpmapPrimaries = new Map(base.pgUpmapPrimaries);
    for (const [k, o] of r.prims) pgUpmapPrimaries.set(pgOf(k), o % n);
    const pgUpmap = new Map(base.pgUpmap);
    for (const [k, osds] of r.upmaps) pgUpmap.set(pgOf(k), [...new Set(osds.map((o) => o % n))]);
    const osdmap: OsdMap = { ...base, up, weight, primaryAffinity: aff, pgUpmapItems, pgUpmapPrimaries, pgUpmap };
    return { name: r.name, osdmap, crush };
  });

describe('mapping properties', () => {
  it('up sets: no out or down OSD, only CRUSH or upmap OSDs; primaries; affinity; determinism', () => {
    fc.assert(
      fc.property(arbMap, fc.nat(1000), ({ osdmap, crush }, k) => {
        const pools = [...osdmap.pools.values()];
        for (let j = 0; j < 8; j++) {
          const pool = pools[(k + j) % pools.length]!;
          const ps = (k * 7 + j * 13) % pool.pgNum;
          const { crushRaw, pps, mapping: m } = mapPgDetailed(osdmap, crush, pool, ps);
          expect(mapPg(osdmap, crush, pool, ps)).toEqual(m);
          const key = pgidText(pool.id, ps);
          const allowed = new Set<number>([
            ...crushRaw,
            ...(osdmap.pgUpmap.get(key) ?? []),
            ...(osdmap.pgUpmapItems.get(key) ?? []).map((x) => x[1]),
          ]);
          for (const o of m.up) {
            if (o === ITEM_NONE) {
              expect(pool.type).toBe('erasure');
              continue;
            }
            expect(osdmap.weight[o]).toBeGreaterThan(0);
            expect(osdmap.up[o]).toBe(1);
            expect(allowed.has(o)).toBe(true);
          }
          if (pool.type === 'erasure') expect(m.up.length).toBe(m.raw.length);
          else expect(m.up).not.toContain(ITEM_NONE);
          expect(new Set(m.up.filter((o) => o !== ITEM_NONE)).size).toBe(m.up.filter((o) => o !== ITEM_NONE).length);
          if (m.up.every((o) => o === ITEM_NONE)) expect(m.upPrimary).toBe(-1);
          else expect(m.up).toContain(m.upPrimary);
          if (pool.type === 'replicated' && m.upPrimary >= 0) expect(m.up[0]).toBe(m.upPrimary);
          // an OSD with primary affinity 0 is primary only when every OSD of the set was passed over
          const aff = osdmap.primaryAffinity!;
          if (m.upPrimary >= 0 && aff[m.upPrimary] === 0) {
            for (const o of m.up)
              if (o !== ITEM_NONE) expect(aff[o]! < FIXED_ONE && hash32_2(pps, o) >>> 16 >= aff[o]!).toBe(true);
          }
          // no pg_temp here: acting = up
          expect(m.acting).toEqual(m.up);
          expect(m.actingPrimary).toBe(m.upPrimary);
        }
      }),
      { seed: SEED, numRuns: 150 },
    );
  });

  it('primaryChoices: each choice, applied and re-mapped, gives exactly its primary', () => {
    fc.assert(
      fc.property(arbMap, fc.nat(1000), ({ osdmap, crush }, k) => {
        const pools = [...osdmap.pools.values()];
        for (let j = 0; j < 8; j++) {
          const pool = pools[(k + j) % pools.length]!;
          const ps = (k * 5 + j * 11) % pool.pgNum;
          const pgid = pgidText(pool.id, ps);
          const current = mapPg(osdmap, crush, pool, ps);
          const choices = primaryChoices(osdmap, crush, pool, ps);
          expect(choices.length).toBeGreaterThan(0);
          expect(choices.map((c) => c.primary)).toContain(current.actingPrimary);
          expect(new Set(choices.map((c) => c.primary)).size).toBe(choices.length);
          if (pool.type === 'erasure' || current.actingPrimary < 0) expect(choices).toHaveLength(1);
          for (const c of choices) {
            const after = withUpmapPrimaries(osdmap, [{ pgid, osd: c.upmapPrimary }]);
            expect(mapPg(after, crush, pool, ps).actingPrimary).toBe(c.primary);
            expect(mapPgWithUpmapPrimary(osdmap, crush, pool, ps, c.upmapPrimary).actingPrimary).toBe(c.primary);
            if (c.upmapPrimary !== null && c.upmapPrimary !== osdmap.pgUpmapPrimaries.get(pgid)) {
              // what the monitor accepts: an OSD of the current acting set other than its primary
              expect(current.acting.indexOf(c.upmapPrimary)).toBeGreaterThanOrEqual(1);
            }
            if (c.primary >= 0 && osdmap.primaryAffinity![c.primary] === 0) {
              // affinity 0 wins only as the fallback: then every up OSD has affinity < 1
              const m = mapPg(after, crush, pool, ps);
              for (const o of m.up) if (o !== ITEM_NONE) expect(osdmap.primaryAffinity![o]! < FIXED_ONE).toBe(true);
            }
          }
          if (pool.type === 'replicated' && current.actingPrimary >= 0) {
            // every acting OSD of non-zero affinity that CAN be primary is offered when nothing overrides it
            expect(
              choices[0]!.upmapPrimary === null || choices[0]!.upmapPrimary === osdmap.pgUpmapPrimaries.get(pgid),
            ).toBe(true);
          }
        }
      }),
      { seed: SEED, numRuns: 150 },
    );
  });

  it('primaryChoices on a plain map offers every acting OSD when affinities are all 1', () => {
    const { osdmap, crush } = loadFixture('conf16-pg128');
    const pool = osdmap.pools.get(1)!;
    for (let ps = 0; ps < pool.pgNum; ps++) {
      const m = mapPg(osdmap, crush, pool, ps);
      const choices = primaryChoices(osdmap, crush, pool, ps);
      expect(choices.map((c) => c.primary)).toEqual(m.acting);
      expect(choices.map((c) => c.upmapPrimary)).toEqual([null, ...m.acting.slice(1)]);
    }
  });

  it('withUpmapPrimaries is pure and removes with null', () => {
    const { osdmap } = loadFixture('live12-after');
    const [pgid, osd] = [...osdmap.pgUpmapPrimaries.entries()][0]!;
    const before = new Map(osdmap.pgUpmapPrimaries);
    const a = withUpmapPrimaries(osdmap, [
      { pgid, osd: null },
      { pgid: '3.1', osd: 4 },
    ]);
    expect(osdmap.pgUpmapPrimaries).toEqual(before);
    expect(a.pgUpmapPrimaries.has(pgid)).toBe(false);
    expect(a.pgUpmapPrimaries.get('3.1')).toBe(4);
    expect(withUpmapPrimaries(a, [{ pgid, osd }]).pgUpmapPrimaries.get(pgid)).toBe(osd);
  });

  it('PGs with pg_temp or primary_temp keep their primary (live6-temp: a real map holding both)', () => {
    const { osdmap, crush } = loadFixture('live6-temp');
    expect(osdmap.pgTemp.size + osdmap.primaryTemp.size).toBeGreaterThan(0);
    const pool = osdmap.pools.get(2)!;
    for (const pgid of [...osdmap.pgTemp.keys(), ...osdmap.primaryTemp.keys()]) {
      const ps = parseInt(pgid.split('.')[1]!, 16);
      const m = mapPg(osdmap, crush, pool, ps);
      expect(
        primaryChoices(osdmap, crush, pool, ps).map((c) => c.primary),
        pgid,
      ).toEqual([m.actingPrimary]);
    }
  });
});
