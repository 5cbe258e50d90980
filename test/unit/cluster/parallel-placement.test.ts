import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mapAllPgs } from '../../../src/cluster/pg-mapping.js';
import { mapRangesPacked, unpackMappings } from '../../../src/cluster/pg-range-mapping.js';
// the worker thread runs compiled code: use the build (npm test builds first)
import { mapAllPgsParallel } from '../../../dist/src/cli/parallel-placement.js';
import { parseCrushMap } from '../../../dist/src/ceph/read-crush.js';
import { parseOsdMap } from '../../../dist/src/ceph/read-osdmap.js';
import { fixtureNames, loadFixture, readFixtureText } from './osdmap-fixtures.js';

describe('packed range mapping', () => {
  for (const name of fixtureNames()) {
    it(`${name}: pack + unpack of every pool equals mapAllPgs`, () => {
      const { osdmap, crush } = loadFixture(name);
      const all = mapAllPgs(osdmap, crush);
      for (const pool of osdmap.pools.values()) {
        const half = Math.floor(pool.pgNum / 2);
        const ranges = [{ poolId: pool.id, from: 0, to: half }, { poolId: pool.id, from: half, to: pool.pgNum }];
        expect(unpackMappings(mapRangesPacked(osdmap, crush, ranges), pool.pgNum)).toEqual(all.pools.get(pool.id)?.pgs);
      }
    });
  }
});

describe('mapAllPgsParallel', () => {
  it('equals mapAllPgs when split across worker threads (big1200, mg24-upmap)', async () => {
    for (const name of ['big1200', 'mg24-upmap']) {
      const dir = mkdtempSync(join(tmpdir(), 'loadshift-par-'));
      const o = join(dir, 'osdmap.json');
      const c = join(dir, 'crush.json');
      writeFileSync(o, readFixtureText(name, 'osdmap.json'));
      writeFileSync(c, readFixtureText(name, 'crush.json'));
      const osdmap = parseOsdMap(JSON.parse(readFixtureText(name, 'osdmap.json')), o);
      const crush = parseCrushMap(JSON.parse(readFixtureText(name, 'crush.json')), c);
      const par = await mapAllPgsParallel(osdmap, crush, o, c, 1);
      const seq = mapAllPgs(osdmap, crush);
      expect([...par.pools.keys()]).toEqual([...seq.pools.keys()]);
      for (const [id, pp] of seq.pools) expect(par.pools.get(id)?.pgs, `${name} pool ${id}`).toEqual(pp.pgs);
    }
  });
});
