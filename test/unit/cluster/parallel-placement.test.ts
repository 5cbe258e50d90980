import { describe, expect, it } from 'vitest';
import { parseSnapshot } from '../../../src/ceph/read-snapshot.js';
import { mapAllPgsParallel } from '../../../src/cli/parallel-placement.js';
import { ProbesBuilder } from '../../../src/cluster/crush-probes.js';
import { mapAllPgs } from '../../../src/cluster/pg-mapping.js';
import type { PgMapping } from '../../../src/cluster/placement.js';
import {
  chunkRanges,
  feedProbes,
  mapChunksInto,
  mapChunksPacked,
  unpackAt,
} from '../../../src/cluster/pg-range-mapping.js';
import { fixtureNames, loadFixture, readFixtureText } from './osdmap-fixtures.js';

describe('chunked mapping', () => {
  for (const name of fixtureNames()) {
    it(`${name}: chunks mapped alternately packed and in place, put back in order, equal mapAllPgs (probes too)`, () => {
      const { osdmap, crush } = loadFixture(name);
      const all = mapAllPgs(osdmap, crush, undefined, true);
      const chunks = chunkRanges(osdmap, 5);
      expect(chunks.every((c) => c.to - c.from <= 5 && c.to > c.from)).toBe(true);
      // two "threads": every third chunk packed (a worker's share), the others mapped in place
      const side = (ks: number[]) => {
        let i = 0;
        return () => (i < ks.length ? ks[i++]! : chunks.length);
      };
      const ks = chunks.map((_, k) => k);
      const pgs = new Map<number, PgMapping[]>([...osdmap.pools.values()].map((p) => [p.id, new Array(p.pgNum)]));
      const packed = mapChunksPacked(osdmap, crush, chunks, side(ks.filter((k) => k % 3 === 1)), true);
      const mine = mapChunksInto(osdmap, crush, chunks, side(ks.filter((k) => k % 3 !== 1)), pgs, true);
      expect(packed.index.length).toBe(2 * ks.filter((k) => k % 3 === 1).length);
      const at = new Map<number, number>();
      for (let i = 0; i < packed.index.length; i += 2) at.set(packed.index[i]!, packed.index[i + 1]!);
      const probes = new Map([...osdmap.pools.values()].map((p) => [p.id, new ProbesBuilder(p.pgNum)]));
      chunks.forEach((r, k) => {
        const b = probes.get(r.poolId)!;
        const sink = (src: ArrayLike<number>, from: number, to: number) => b.addSlice(src, from, to);
        const mineAt = mine.at.get(k);
        if (mineAt !== undefined) feedProbes(mine.probes, mineAt, r.to - r.from, sink);
        else {
          let ps = r.from;
          unpackAt(packed.packed, at.get(k)!, r.to - r.from, (m) => (pgs.get(r.poolId)![ps++] = m), sink);
        }
      });
      for (const [id, pp] of all.pools) {
        expect(pgs.get(id), `pool ${id}`).toEqual(pp.pgs);
        expect(probes.get(id)!.finish(), `pool ${id} probes`).toEqual(pp.probes);
        // one array for raw and up exactly when they hold the same OSDs, whichever thread mapped the PG (memory)
        for (const list of [pgs.get(id)!, pp.pgs])
          for (const m of list) expect(m.raw === m.up, `pool ${id}`).toBe(m.raw.join() === m.up.join());
      }
    });
  }
});

describe('mapAllPgsParallel', () => {
  // Worker threads run compiled JavaScript: the worker script is the build of src/cli/map-worker.ts (npm test builds
  // first); everything else here is the source. Three threads are forced whatever the machine's CPU count; small
  // chunks make them interleave.
  const workerUrl = new URL('../../../dist/src/cli/map-worker.js', import.meta.url);
  it('equals mapAllPgs when shared by the calling thread and two workers, and by the workers alone, probes recorded or not (big1200, mg24-upmap)', async () => {
    for (const name of ['big1200', 'mg24-upmap']) {
      const docs = {
        osdmap: { source: `${name}/osdmap.json`, text: readFixtureText(name, 'osdmap.json') },
        crush: { source: `${name}/crush.json`, text: readFixtureText(name, 'crush.json') },
      };
      const { osdmap, crush } = parseSnapshot(docs.osdmap, docs.crush);
      for (const [callerMaps, probes] of [
        [true, true],
        [false, true],
        [true, false],
      ]) {
        const seq = mapAllPgs(osdmap, crush, undefined, probes);
        const opts = { minPgs: 1, threads: 3, workerUrl, chunkPgs: 16, callerMaps, probes };
        const par = await mapAllPgsParallel(osdmap, crush, docs, opts);
        expect([...par.pools.keys()]).toEqual([...seq.pools.keys()]);
        for (const [id, pp] of seq.pools) expect(par.pools.get(id), `${name} pool ${id} ${callerMaps}`).toEqual(pp);
      }
    }
  });
});
