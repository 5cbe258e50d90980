/**
 * Whole-cluster PG mapping: loadshift's mapAllPgs vs `osdmaptool <om> --test-map-pgs-dump-all` on the large maps of
 * big-maps.ts (1,000 OSDs / 32,000 PGs and 10,000 OSDs / 320,000 PGs, built by the real tools, cached).
 * Timed for loadshift: mapAllPgs only, in process, on the already parsed maps (parsing timed separately), best
 * of a few runs after one warm-up. Timed for osdmaptool: the whole process as run.sh starts it (chroot entry,
 * map decode, mapping, printing every PG and the summary), nothing subtracted. Also checks that every per-PG
 * line equals osdmaptool's.
 */
import { bigMaps } from './big-maps.js';
import { cephTool, fmtMs, timed } from './ceph-tools.js';
import { loadBenchMap, type BenchMap } from './read-balancer-bench.js';
import { parseCrushMap } from '../src/ceph/read-crush.js';
import { parseOsdMap } from '../src/ceph/read-osdmap.js';
import { mapAllPgs } from '../src/cluster/pg-mapping.js';
import { pgRows, pgsText } from '../src/cli/pgs.js';

function benchOne(m: BenchMap): string[] {
  const l = loadBenchMap(m);
  const parse = timed(() => ({
    o: parseOsdMap(JSON.parse(l.osdmapText), 'osdmap.json'),
    c: parseCrushMap(JSON.parse(l.crushText), 'crush.json'),
  }));
  const { osdmap, crush } = l;
  let pgs = 0;
  for (const p of osdmap.pools.values()) pgs += p.pgNum;
  const runs = pgs > 100_000 ? 2 : 4;
  timed(() => mapAllPgs(osdmap, crush)); // warm-up
  let best = Infinity;
  for (let i = 0; i < runs; i++) best = Math.min(best, timed(() => mapAllPgs(osdmap, crush)).ms);
  const tool = cephTool(l.dir, ['osdmaptool', 'om', '--test-map-pgs-dump-all']);
  const want = tool.stdout.trimEnd().split('\n');
  const ours = pgsText(
    pgRows(
      osdmap,
      crush,
      [...osdmap.pools.keys()].sort((a, b) => a - b),
    ),
    osdmap,
    crush,
  )
    .trimEnd()
    .split('\n');
  let diff = Math.abs(want.length - ours.length);
  for (let i = 0; i < Math.min(want.length, ours.length); i++) if (want[i] !== ours[i]) diff++;
  return [
    `${m.name}: ${osdmap.maxOsd} OSDs, ${pgs} PGs — loadshift mapAllPgs ${fmtMs(best)} (best of ${runs}; JSON parse ${fmtMs(parse.ms)}), ` +
      `osdmaptool --test-map-pgs-dump-all ${fmtMs(tool.ms)} (whole process) — ratio osdmaptool/loadshift ${(tool.ms / best).toFixed(2)}x; ` +
      `${diff === 0 ? `all ${want.length} lines identical (PG lines and summary)` : `${diff} LINES DIFFER`}`,
  ];
}

export async function benchPgMapping(): Promise<string[]> {
  return bigMaps().flatMap(benchOne);
}
