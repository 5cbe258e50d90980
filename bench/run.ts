/**
 * `npm run bench`: loadshift against the real Ceph Reef tools on the same inputs, in one run.
 * Sections: CRUSH mappings/s vs crushtool, whole-cluster PG mapping vs osdmaptool, the engine alone on large
 * synthetic instances, and `plan` vs `osdmaptool --read` pool by pool. Pick sections with
 * `npm run bench -- crush mapping engine weighted read affinity sim generate live watch report` (default: all). Needs ../shared/ceph-reef set up (setup.sh).
 */
import { join } from 'node:path';
import { benchAffinity } from './affinity-bench.js';
import { benchCrush } from './crush-bench.js';
import { benchEngine } from './engine-bench.js';
import { benchWeighted } from './weighted-bench.js';
import { benchPgMapping } from './pg-mapping-bench.js';
import { benchReadBalancer, type BenchMap } from './read-balancer-bench.js';
import { bigMaps, buildBigMap } from './big-maps.js';
import { benchSizeAware } from './size-aware-bench.js';
import { benchLive } from './live-bench.js';
import { benchReport } from './report-bench.js';
import { benchWatch } from './watch-bench.js';
import { benchSim } from './sim-bench.js';
import { benchGenerate } from './generate-bench.js';
import { chrootStartMs, fmtMs, haveCephTools, haveTentacleTools, SHARED } from './ceph-tools.js';

const S = join(SHARED, 'samples');
const FIX = join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'osdmap');
/** Maps for the size-aware comparison: Tentacle-made ones with read_ratio pools, and Reef ones (default ratio). */
const SIZE_AWARE_MAPS: BenchMap[] = [
  { name: 't-size20', om: join(FIX, 't-size20', 'osdmap.bin') },
  { name: 't-msr16', om: join(FIX, 't-msr16', 'osdmap.bin') },
  { name: 't-msr16-out', om: join(FIX, 't-msr16-out', 'osdmap.bin') },
  { name: 'live-12osd', om: join(S, 'cluster-12osd', 'live.om') },
  { name: 'mapgen-hetero-24', om: join(S, 'mapgen-hetero-24', 'osdmap.bin') },
  { name: 'hetero16', om: join(S, 'offline', 'hetero16', 'om') },
];
const SAMPLE_MAPS: BenchMap[] = [
  { name: 'live-12osd', om: join(S, 'cluster-12osd', 'live.om') },
  { name: 'live-12osd-pssd', om: join(S, 'cluster-12osd-pssd', 'live.om') },
  { name: 'live-4osd', om: join(S, 'cluster-4osd', 'live.om') },
  { name: 'mapgen-hetero-24', om: join(S, 'mapgen-hetero-24', 'osdmap.bin') },
  { name: 'conf16-pg32', om: join(S, 'offline', 'conf16-pg32', 'om') },
  { name: 'conf16-pg128', om: join(S, 'offline', 'conf16-pg128', 'om') },
  { name: 'conf16-pg256', om: join(S, 'offline', 'conf16-pg256', 'om') },
  { name: 'conf12-pg384', om: join(S, 'offline', 'conf12-pg384', 'om') },
  { name: 'hetero16', om: join(S, 'offline', 'hetero16', 'om') },
];

async function main(): Promise<void> {
  const wanted = new Set(process.argv.slice(2));
  const want = (s: string) => wanted.size === 0 || wanted.has(s);
  if (!haveCephTools()) {
    console.error('loadshift bench: the real Ceph tools are missing; run ../shared/ceph-reef/setup.sh first');
    process.exitCode = 3;
    return;
  }
  console.log(`loadshift bench — node ${process.version}, ${new Date().toISOString()}`);
  const chroot = chrootStartMs();
  console.log(`entering the Ceph chroot (run.sh true) costs ${fmtMs(chroot)}; Ceph times below include it\n`);
  if (want('crush')) section('CRUSH mappings per second vs crushtool --test', await benchCrush());
  if (want('mapping'))
    section('whole-cluster PG mapping vs osdmaptool --test-map-pgs-dump-all', await benchPgMapping());
  if (want('engine')) section('engine alone (synthetic instances)', await benchEngine());
  if (want('weighted')) section('weighted engine (read heat, synthetic Zipf instances)', await benchWeighted());
  if (want('affinity')) {
    const upTo1000 = (process.env.BENCH_BIG_OSDS ?? '1000')
      .split(',')
      .map(Number)
      .filter((n) => n > 0 && n <= 1000)
      .map(buildBigMap);
    section(
      'plan --method affinity (primary affinity) vs the cluster as CRUSH left it and vs upmap-primary',
      await benchAffinity([...SAMPLE_MAPS, ...upTo1000]),
    );
  }
  if (want('read')) {
    section(
      'loadshift plan vs osdmaptool --read, per pool (sample maps)',
      await benchReadBalancer(SAMPLE_MAPS, chroot),
    );
    section(
      'loadshift plan vs osdmaptool --read, large maps',
      await benchReadBalancer(bigMaps(), chroot, Number(process.env.BENCH_CEPH_MAX_PGS ?? Infinity)),
    );
  }
  if (want('size-aware') && !haveTentacleTools())
    section('size-aware read model', ['skipped: ../shared/ceph-tentacle is not set up (run its setup.sh)']);
  else if (want('size-aware'))
    section(
      "size-aware read model: Tentacle's osdmaptool --read --osd-size-aware vs --policy ceph-size-aware / size-aware",
      await benchSizeAware(SIZE_AWARE_MAPS),
    );
  if (want('watch'))
    section(
      'watch rounds on a replayed cluster (big maps): planning time by kind of round, memory',
      await benchWatch(),
    );
  if (want('sim'))
    section(
      'simulate: CRUSH as is vs osdmaptool --read vs loadshift plans (simulated reads), and simulator speed',
      await benchSim(SAMPLE_MAPS[0] as BenchMap, buildBigMap(1000)),
    );
  if (want('generate')) section('loadshift generate / whatif at 10,000 OSDs', benchGenerate());
  if (want('live')) section('gather and apply on a real loopback cluster (starts one)', await benchLive());
  if (want('report')) section('loadshift report (HTML) on the large maps', await benchReport());
}

function section(title: string, lines: string[]): void {
  console.log(`## ${title}`);
  for (const l of lines) console.log(l);
  console.log('');
}

main().catch((err: Error) => {
  console.error(`loadshift bench: ${err.message}`);
  process.exitCode = 1;
});
