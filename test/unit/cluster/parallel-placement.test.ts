import { describe, expect, it } from 'vitest';
import { mapAllPgs } from '../../../src/cluster/pg-mapping.js';
import { mapRangesPacked, unpackMappings } from '../../../src/cluster/pg-range-mapping.js';
import { parseSnapshot } from '../../../src/ceph/read-snapshot.js';
import { mapAllPgsParallel } from '../../../src/cli/parallel-placement.js';
import { fixtureNames, loadFixture, readFixtureText } from './osdmap-fixtures.js';

describe('packed range mapping', () => {
  for (const name of fixtureNames()) {
    it(`${name}: pack + unpack of every pool equals mapAllPgs`, () => {
      const { osdmap, crush } = loadFixture(name);
      const all = mapAllPgs(osdmap, crush);
      for (const pool of osdmap.pools.values()) {
        const half = Math.floor(pool.pgNum / 2);
        const ranges = [
          { poolId: pool.id, from: 0, to: half },
          { poolId: pool.id, from: half, to: pool.pgNum },
        ];
        expect(unpackMappings(mapRangesPacked(osdmap, crush, ranges), pool.pgNum)).toEqual(all.pools.get(pool.id)?.pgs);
      }
    });
  }
});

describe('mapAllPgsParallel', () => {
  // Worker threads run compiled JavaScript: the worker script is the build of src/cli/map-worker.ts (npm test builds
  // first); everything else here is the source. Three threads are forced whatever the machine's CPU count.
  const workerUrl = new URL('../../../dist/src/cli/map-worker.js', import.meta.url);
  it('equals mapAllPgs when split across the calling thread and two workers (big1200, mg24-upmap)', async () => {
    for (const name of ['big1200', 'mg24-upmap']) {
      const docs = {
        osdmap: { source: `${name}/osdmap.json`, text: readFixtureText(name, 'osdmap.json') },
        crush: { source: `${name}/crush.json`, text: readFixtureText(name, 'crush.json') },
      };
      const { osdmap, crush } = parseSnapshot(docs.osdmap, docs.crush);
      const par = await mapAllPgsParallel(osdmap, crush, docs, { minPgs: 1, threads: 3, workerUrl });
      const seq = mapAllPgs(osdmap, crush);
      expect([...par.pools.keys()]).toEqual([...seq.pools.keys()]);
      for (const [id, pp] of seq.pools) expect(par.pools.get(id)?.pgs, `${name} pool ${id}`).toEqual(pp.pgs);
    }
  });
});
