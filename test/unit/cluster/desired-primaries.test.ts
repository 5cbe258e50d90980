import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { desiredPrimaries, upPrimaryOsds } from '../../../src/cluster/desired-primaries.js';
import { fixtureDir, fixtureNames, loadFixture } from './score-fixtures.js';

/** Ceph prints the desired values with 6 significant digits: compare at that precision. */
const sig6 = (x: number) => Number(x.toPrecision(6));

describe("desiredPrimaries matches Reef's calc_desired_primary_distribution (osdmaptool --read --debug-osd 10)", () => {
  for (const name of fixtureNames()) {
    const files = readdirSync(fixtureDir(name)).filter((f) => /^desired-.*\.txt$/.test(f));
    for (const file of files) {
      it(`${name} ${file}`, () => {
        const fx = loadFixture(name);
        const poolName = file.slice('desired-'.length, -'.txt'.length);
        const pool = [...fx.osdmap.pools.values()].find((p) => p.name === poolName)!;
        const pp = fx.placement.pools.get(pool.id)!;
        const want = new Map(
          readFileSync(join(fx.dir, file), 'utf8')
            .trim()
            .split('\n')
            .map((l) => l.split(' ').map(Number) as [number, number]),
        );
        expect(upPrimaryOsds(pool, pp)).toEqual([...want.keys()].sort((a, b) => a - b));
        const got = desiredPrimaries(fx.osdmap, pool, pp);
        if (!(got instanceof Float64Array)) throw new Error(got.error);
        for (const [osd, v] of want) expect(sig6(got[osd]!), `osd.${osd}`).toBe(v);
        const sum = got.reduce((s, v) => s + v, 0);
        expect(Math.abs(sum - pool.pgNum)).toBeLessThan(0.01);
      });
    }
  }
  it('refuses erasure pools and all-zero affinity', () => {
    const fx = loadFixture('offline-conf16-pg32');
    const pool = fx.osdmap.pools.get(1)!;
    const pp = fx.placement.pools.get(1)!;
    expect(desiredPrimaries(fx.osdmap, { ...pool, type: 'erasure' }, pp)).toHaveProperty('error');
    const zero = { ...fx.osdmap, primaryAffinity: new Uint32Array(fx.osdmap.maxOsd) };
    expect(desiredPrimaries(zero, pool, pp)).toHaveProperty('error');
  });
});
