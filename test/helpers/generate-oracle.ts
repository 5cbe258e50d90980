/**
 * Compares the output of scripts/generate-oracle.sh: loadshift's generated and what-if'd dumps (ours/) against
 * what Ceph's own tools made of the same spec (real/). Returns the mismatches, one line each (empty: all agree).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { parseSnapshot } from '../../src/ceph/read-snapshot.js';
import { pgRows, pgsText } from '../../src/cli/pgs.js';
import { runCrushTest } from '../../src/cli/crush-test.js';

type Obj = Record<string, unknown>;
const read = (dir: string, f: string) => readFileSync(join(dir, f), 'utf8');
const json = (dir: string, f: string) => JSON.parse(read(dir, f)) as Obj;

/** The osd dump fields a generator decides (times, fsid, uuids, epochs and Ceph's read_balance block are not). */
const OSD_FIELDS = ['osd', 'up', 'in', 'weight', 'primary_affinity'];
const POOL_SKIP = new Set(['create_time', 'last_change', 'flags', 'flags_names', 'read_balance']);

function mappingText(dir: string, osdmapFile: string, crushFile: string): string[] {
  const { osdmap, crush } = parseSnapshot(
    { source: osdmapFile, text: read(dir, osdmapFile) },
    { source: crushFile, text: read(dir, crushFile) },
  );
  const ids = [...osdmap.pools.keys()].sort((a, b) => a - b);
  return pgsText(pgRows(osdmap, crush, ids), osdmap, crush)
    .trimEnd()
    .split('\n');
}

function compareOsdDump(ours: Obj, real: Obj, what: string, bad: string[]): void {
  if (ours.max_osd !== real.max_osd) bad.push(`${what}: max_osd ${ours.max_osd} != ${real.max_osd}`);
  const pick = (o: Obj) => Object.fromEntries(OSD_FIELDS.map((k) => [k, o[k]]));
  const ro = (real.osds as Obj[]).map(pick);
  const oo = (ours.osds as Obj[]).map(pick);
  if (!isDeepStrictEqual(oo, ro)) bad.push(`${what}: osds ${JSON.stringify(oo)} != ${JSON.stringify(ro)}`);
  if (!isDeepStrictEqual(ours.erasure_code_profiles, real.erasure_code_profiles))
    bad.push(`${what}: erasure_code_profiles differ`);
  const rp = real.pools as Obj[];
  (ours.pools as Obj[]).forEach((p, i) => {
    const r = rp[i] ?? {};
    const keys = new Set([...Object.keys(p), ...Object.keys(r)].filter((k) => !POOL_SKIP.has(k)));
    for (const k of keys)
      if (!isDeepStrictEqual(p[k], r[k]))
        bad.push(`${what}: pool ${String(p.pool_name)} ${k} ${JSON.stringify(p[k])} != ${JSON.stringify(r[k])}`);
  });
  if (rp.length !== (ours.pools as Obj[]).length) bad.push(`${what}: ${rp.length} pools in Ceph's map`);
}

export function oracleMismatches(dir: string): string[] {
  const bad: string[] = [];
  const ours = join(dir, 'ours');
  const real = join(dir, 'real');
  const pairs: [string, string, string][] = [
    ['generate', join(ours, 'gen'), 'before'],
    ['whatif', join(ours, 'whatif'), 'after'],
  ];
  for (const [what, o, r] of pairs) {
    const crush = json(o, 'crush.json');
    if (!isDeepStrictEqual(crush, json(real, `${r}.crush.json`)))
      bad.push(`${what}: crush.json differs from the monitor's CRUSH map (${r}.crush.json)`);
    const compiled = json(real, `ours-${what === 'generate' ? 'gen' : 'whatif'}.compiled.json`);
    if (!isDeepStrictEqual(crush, compiled)) bad.push(`${what}: crushtool -c of crush.txt gives another map`);
    compareOsdDump(json(o, 'osdmap.json'), json(real, `${r}.osdmap.json`), what, bad);
    const want = read(real, `${r}.pgs.txt`).trimEnd().split('\n');
    const got = mappingText(o, 'osdmap.json', 'crush.json');
    const n = want.findIndex((l, i) => got[i] !== l);
    if (n >= 0 || got.length !== want.length)
      bad.push(`${what}: PG mapping line ${n + 1}: ours '${got[n] ?? ''}' != osdmaptool '${want[n] ?? ''}'`);
  }
  for (const f of readdirSync(real).filter((x) => /^ours-gen\.rule\d+\.txt$/.test(x))) {
    const rule = /rule(\d+)/.exec(f)![1]!;
    const want = read(real, f);
    const got = runCrushTest({ crush: join(ours, 'gen', 'crush.json'), rule, numRep: '4', minX: '0', maxX: '255' });
    if (got !== want) bad.push(`crushtool --test --rule ${rule} --num-rep 4 differs from loadshift crush test`);
  }
  if (!existsSync(join(real, 'ours-gen.rule0.txt'))) bad.push('no crushtool --test output');
  return bad;
}
