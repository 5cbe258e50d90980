/**
 * `loadshift generate`: a synthetic cluster written as Ceph's own dumps (see src/gen/generate-cluster.ts for how
 * it mirrors what a Reef monitor builds). Deterministic: the same flags and --seed give the same bytes.
 */
import type { Command } from 'commander';
import { crushDumpJson, GENERATED_STAMP, osdDumpJson } from '../ceph/generated-dumps.js';
import { mapgenSpec } from '../ceph/mapgen-spec.js';
import { parseSnapshot } from '../ceph/read-snapshot.js';
import { syntheticSnapshot } from '../ceph/synthetic-snapshot.js';
import { describeShortPool, shortPools } from '../cluster/pool-capacity.js';
import { inputError } from '../errors.js';
import { checkSpec } from '../gen/cluster-spec.js';
import { generateCluster } from '../gen/generate-cluster.js';
import { makeRng } from '../gen/rng.js';
import { oneOf, repeatable, single } from './cli-options.js';
import { CLUSTER_FORMATS, type ClusterOutputFlags, writeCluster } from './cluster-output.js';
import { type GenerateFlags, specFromFlags } from './generate-flags.js';

/** The generated dumps, checked: every pool's rule can place all its replicas, and loadshift reads the result. */
export function generateDocs(f: GenerateFlags, comment: string) {
  const spec = specFromFlags(f);
  const problem = checkSpec(spec);
  if (problem) throw inputError(problem.field, `${problem.message}; change the spec`);
  const g = generateCluster(spec, makeRng(spec.seed));
  const total = g.osds.reduce((a, o) => a + o.crushWeight, 0);
  if (total > 0xffffffff)
    throw inputError(
      '--weights',
      `the OSDs' CRUSH weights add up to ${(total / 0x10000).toFixed(0)}, more than a 16.16 bucket weight holds (65535.99: crushtool refuses such a map); lower the weights`,
    );
  const osdDump = osdDumpJson(g);
  const crushDump = crushDumpJson(g);
  const parsed = parseSnapshot(
    { source: 'generated osd dump', text: JSON.stringify(osdDump) },
    { source: 'generated crush dump', text: JSON.stringify(crushDump) },
  );
  const short = shortPools(parsed.osdmap, parsed.crush)[0];
  if (short) {
    throw inputError(
      `--pool ${short.pool.name}`,
      `${describeShortPool(short)}; add hosts/racks or OSDs of that class, or lower the size`,
    );
  }
  const snapshot = syntheticSnapshot(osdDump, crushDump, '2025-01-01T00:00:00.000Z', [`synthetic cluster: ${comment}`]);
  return { g, snapshot, mapgen: mapgenSpec(g, comment), stamp: GENERATED_STAMP };
}

/** The command line without the output flags: the same cluster gets the same comment wherever it is written. */
function specArgs(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (['-o', '--output', '--out', '--format'].includes(a)) i++;
    else if (!/^(--output|--out|--format)=/.test(a) && a !== 'generate') out.push(a);
  }
  return out;
}

export function registerGenerate(program: Command): void {
  program
    .command('generate')
    .description('a synthetic cluster (racks, hosts, classes, weights, pools, affinity, out/down) as Ceph dumps')
    .addOption(single('--racks <n>', 'racks under the root (0: hosts directly under the root)').default('0'))
    .addOption(single('--hosts-per-rack <n>', 'hosts in each rack (all hosts with --racks 0)').default('4'))
    .addOption(single('--osds-per-host <n>', 'OSDs in each host').default('4'))
    .addOption(single('--classes <list>', 'device classes and their share of each host: hdd:3,ssd:1').default('hdd'))
    .addOption(
      single('--weights <list>', 'CRUSH weight per class, fixed or drawn per OSD: hdd:7.28,ssd:1.5-3.5 (default 1)'),
    )
    .addOption(
      repeatable(
        '--pool <spec>',
        'NAME:replicated:SIZE:PG_NUM[:DOMAIN[:CLASS]] or NAME:erasure:K+M:PG_NUM[:DOMAIN[:CLASS]]; DOMAIN osd|host|rack',
        'rbd:replicated:3:128',
      ),
    )
    .addOption(repeatable('--primary-affinity <osd:value>', 'primary affinity of one OSD, 0..1', 'none'))
    .addOption(single('--random-affinity <count:value>', 'this many OSDs (drawn by the seed) get this affinity'))
    .addOption(single('--out-osds <ids>', 'OSDs marked out: 3,17'))
    .addOption(single('--down-osds <ids>', 'OSDs marked down: 5,9'))
    .addOption(single('--random-out <n>', 'this many more OSDs (drawn by the seed) are out').default('0'))
    .addOption(single('--random-down <n>', 'this many more OSDs (drawn by the seed) are down').default('0'))
    .addOption(single('--seed <n>', 'seed of the weights and draws: same seed, same cluster').default('1'))
    .addOption(single('--epoch <n>', 'osdmap epoch of the result').default('1'))
    .addOption(single('-o, --output <file>', 'write to this file (atomically) instead of stdout'))
    .addOption(single('--out <dir>', 'write osdmap.json, crush.json, crush.txt, snapshot.json, mapgen-spec.sh here'))
    .addOption(oneOf('--format <fmt>', 'what to write with -o / stdout', CLUSTER_FORMATS, 'snapshot'))
    .action((f: GenerateFlags & { output?: string; out?: string; format: string }) => {
      const comment = ['loadshift generate', ...specArgs(process.argv.slice(2))].join(' ');
      const { snapshot, mapgen } = generateDocs(f, comment);
      const out: ClusterOutputFlags = { format: f.format, output: f.output, out: f.out };
      const files = writeCluster({ snapshot, mapgen }, out, 'generate');
      if (files.length > 0) {
        const od = snapshot.osd_dump as { max_osd: number; pools: unknown[] };
        process.stderr.write(
          `loadshift: generated ${od.max_osd} OSDs, ${od.pools.length} pools (fsid ${snapshot.fsid}): ${files.join(', ')}\n`,
        );
      }
    });
}
