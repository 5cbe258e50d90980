/** Loads the osdmaptool-generated fixtures of test/fixtures/osdmap (gzipped files transparently). */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parseCrushMap } from '../../../src/ceph/read-crush.js';
import { parseOsdMap } from '../../../src/ceph/read-osdmap.js';
import type { OsdMap } from '../../../src/cluster/osdmap.js';
import type { CrushMap } from '../../../src/crush/types.js';

export const OSDMAP_FIX = join(import.meta.dirname, '../../fixtures/osdmap');
/** Dumps of live Reef clusters with their `pg dump pgs_brief` (copied from ../shared/ceph-reef/samples). */
export const SAMPLES = join(import.meta.dirname, '../../fixtures/live-pg-dumps');

export function fixtureNames(): string[] {
  return readdirSync(OSDMAP_FIX)
    .filter((n) => existsSync(join(OSDMAP_FIX, n, 'command.txt')))
    .sort();
}

export function readFixtureText(name: string, file: string): string {
  const p = join(OSDMAP_FIX, name, file);
  if (existsSync(p)) return readFileSync(p, 'utf8');
  return gunzipSync(readFileSync(`${p}.gz`)).toString('utf8');
}

const cache = new Map<string, { osdmap: OsdMap; crush: CrushMap }>();

export function loadFixture(name: string): { osdmap: OsdMap; crush: CrushMap } {
  let f = cache.get(name);
  if (f === undefined) {
    f = {
      osdmap: parseOsdMap(JSON.parse(readFixtureText(name, 'osdmap.json')), `${name}/osdmap.json`),
      crush: parseCrushMap(JSON.parse(readFixtureText(name, 'crush.json')), `${name}/crush.json`),
    };
    cache.set(name, f);
  }
  return f;
}

/** The per-PG lines and pool headers of `osdmaptool --test-map-pgs-dump-all` (no summary tables). */
/** Every line osdmaptool printed (per-PG lines and its summary), `file` in the fixture's folder. */
export function expectedLines(name: string, file = 'expected.txt'): string[] {
  return readFixtureText(name, file).trimEnd().split('\n');
}
