/**
 * mapPgRange (CRUSH for a batch of PGs on WebAssembly, plain PGs finished without the general pipeline) against
 * mapPg, PG by PG, on every osdmap fixture (upmaps, temps, down and out OSDs, primary affinity, EC pools, several
 * rules) and through the chunked mapping the parallel path uses.
 */
import { describe, expect, it } from 'vitest';
import { mapAllPgs, mapPg } from '../../../src/cluster/pg-mapping.js';
import { chunkRanges, mapChunksInto } from '../../../src/cluster/pg-range-mapping.js';
import type { PgMapping } from '../../../src/cluster/placement.js';
import { crushFirstnFor } from '../../../src/crush/crush-firstn.js';
import { fixtureNames, loadFixture } from './osdmap-fixtures.js';

describe('mapPgRange', () => {
  const names = fixtureNames();

  it.each(names)('%s: mapAllPgs and chunked mapping equal mapPg for every PG', (name) => {
    const { osdmap, crush } = loadFixture(name);
    const all = mapAllPgs(osdmap, crush);
    const chunks = chunkRanges(osdmap, 7);
    const pgs = new Map<number, PgMapping[]>([...osdmap.pools.values()].map((p) => [p.id, []]));
    let next = 0;
    mapChunksInto(osdmap, crush, chunks, () => next++, pgs);
    for (const pool of osdmap.pools.values()) {
      const got = all.pools.get(pool.id)!.pgs;
      for (let ps = 0; ps < pool.pgNum; ps++) {
        const want = mapPg(osdmap, crush, pool, ps);
        expect(got[ps], `${name} pg ${pool.id}.${ps.toString(16)}`).toEqual(want);
        expect(pgs.get(pool.id)![ps], `${name} pg ${pool.id}.${ps.toString(16)} (chunks)`).toEqual(want);
        // raw, up and acting are one array exactly when mapPg shares them
        expect(got[ps]!.raw === got[ps]!.up).toBe(want.raw === want.up);
        expect(got[ps]!.acting === got[ps]!.up).toBe(want.acting === want.up);
      }
    }
  });

  it('the batch path is taken on most fixtures', () => {
    const batched = names.filter((n) => {
      const { osdmap, crush } = loadFixture(n);
      return [...osdmap.pools.values()].some(
        (p) => p.type === 'replicated' && crushFirstnFor(crush)?.handles(p.crushRule),
      );
    });
    expect(batched.length).toBeGreaterThan(names.length / 2);
  });
});
