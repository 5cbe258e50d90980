/**
 * `loadshift generate` at scale (issue 11: a 10,000-OSD cluster in under 5 s): the whole CLI process (node start,
 * generation, the read-back check, writing osdmap.json + crush.json + crush.txt + snapshot.json + the mapgen spec),
 * median of 3 runs; then `whatif` on that snapshot, and crushtool -c on its crush.txt (the real tool accepts it and
 * compiles it to the same map).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { CACHE, cephTool, fmtMs, REPO } from './ceph-tools.js';

const CLI = join(REPO, 'dist', 'src', 'cli', 'main.js');
export const GENERATE_10K = [
  '--racks',
  '20',
  '--hosts-per-rack',
  '25',
  '--osds-per-host',
  '20',
  '--classes',
  'hdd:3,ssd:1',
  '--weights',
  'hdd:3.5-7.28,ssd:0.9-1.75',
  '--pool',
  'rbd:replicated:3:65536',
  '--pool',
  'fast:replicated:3:16384:host:ssd',
  '--pool',
  'ec:erasure:8+3:32768:host:hdd',
  '--random-affinity',
  '100:0.5',
  '--random-out',
  '50',
  '--random-down',
  '20',
  '--seed',
  '42',
];

function timed(args: string[]): number {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`loadshift ${args.slice(0, 2).join(' ')} failed: ${r.stderr}`);
  return ms;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export function benchGenerate(): string[] {
  const dir = join(CACHE, 'generate-10k');
  mkdirSync(dir, { recursive: true });
  const gen = [1, 2, 3].map(() => timed(['generate', ...GENERATE_10K, '--out', dir]));
  const size = (f: string) => `${(statSync(join(dir, f)).size / 1e6).toFixed(1)} MB`;
  const lines = [
    `generate 10,000 OSDs (20 racks x 25 hosts x 20, hdd+ssd), 3 pools / 114,688 PGs: ${fmtMs(median(gen))} median of 3 (${gen.map(fmtMs).join(', ')})`,
    `  node ${process.version}; osdmap.json ${size('osdmap.json')}, crush.json ${size('crush.json')}, snapshot.json ${size('snapshot.json')}`,
    `  command: node dist/src/cli/main.js generate ${GENERATE_10K.join(' ')} --out DIR`,
  ];
  const w = [1, 2, 3].map(() =>
    timed([
      'whatif',
      '--from',
      join(dir, 'snapshot.json'),
      '--add-host',
      'newhost:rack3:20:14.55:hdd',
      '--remove-host',
      'host7',
      '--out-osd',
      '1,2,3',
      '-o',
      join(dir, 'whatif.json'),
    ]),
  );
  lines.push(`whatif on it (add a 20-OSD host, remove a host, 3 out): ${fmtMs(median(w))} median of 3`);
  copyFileSync(join(dir, 'crush.txt'), join(dir, 'c.txt'));
  const c = cephTool(dir, ['crushtool', '-c', 'c.txt', '-o', 'c.bin']);
  const d = cephTool(dir, ['crushtool', '-i', 'c.bin', '--dump']);
  const same = isDeepStrictEqual(JSON.parse(d.stdout), JSON.parse(readFileSync(join(dir, 'crush.json'), 'utf8')));
  lines.push(
    `crushtool -c of its crush.txt: ${fmtMs(c.ms)}; crushtool --dump ${same ? 'equals' : 'DIFFERS FROM'} crush.json`,
  );
  return lines;
}
