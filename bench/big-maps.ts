/**
 * Large maps for the benchmarks, built by the real Reef tools (cached in bench/.cache):
 * N OSDs, 10 per host, 10 hosts per rack, mixed CRUSH weights (0.5 to 4 TiB-like), one size-3 pool `rbd` with
 * pg_num = N << 5 (about 32 PGs per OSD): 1,000 OSDs / 32,000 PGs and 10,000 OSDs / 320,000 PGs.
 * Made with: osdmaptool --create-from-conf --with-default-pool --pg-bits 5 --mark-up-in, crushtool -d, weights
 * edited in the text, crushtool -c, crushtool --reweight (ancestor sums), osdmaptool --import-crush.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchMap } from './read-balancer-bench.js';
import { CACHE, cephTool } from './ceph-tools.js';

const WEIGHTS = [0.5, 1, 1, 2, 4, 1, 2, 0.5, 1, 3];

/** Deterministic weight of an OSD (a fixed multiplicative hash, so every run builds the same map). */
function weightOf(osd: number): number {
  return WEIGHTS[(Math.imul(osd + 1, 2654435761) >>> 0) % WEIGHTS.length] as number;
}

export function buildBigMap(osds: number): BenchMap {
  const name = `big-${osds}`;
  const dir = join(CACHE, `${name}-src`);
  const om = join(dir, 'om');
  if (existsSync(om)) return { name, om };
  const conf = ['[global]', 'osd pool default size = 3'];
  for (let i = 0; i < osds; i++)
    conf.push(`[osd.${i}]`, `host = host${Math.floor(i / 10)}`, `rack = rack${Math.floor(i / 100)}`);
  cephTool(dir, ['true']);
  writeFileSync(join(dir, 'c.conf'), conf.join('\n') + '\n');
  cephTool(dir, [
    'osdmaptool',
    '-c',
    'c.conf',
    'om0',
    '--create-from-conf',
    '--with-default-pool',
    '--pg-bits',
    '5',
    '--pgp-bits',
    '5',
    '--mark-up-in',
    '--clobber',
  ]);
  cephTool(dir, ['osdmaptool', 'om0', '--export-crush', 'crush0.bin']);
  cephTool(dir, ['crushtool', '-d', 'crush0.bin', '-o', 'crush0.txt']);
  const text = readFileSync(join(dir, 'crush0.txt'), 'utf8').replace(
    /item osd\.(\d+) weight [0-9.]+/g,
    (_, id: string) => `item osd.${id} weight ${weightOf(Number(id)).toFixed(3)}`,
  );
  writeFileSync(join(dir, 'crush1.txt'), text);
  cephTool(dir, ['crushtool', '-c', 'crush1.txt', '-o', 'crush1.bin']);
  cephTool(dir, ['crushtool', '-i', 'crush1.bin', '--reweight', '-o', 'crush2.bin']);
  cephTool(dir, ['cp', 'om0', 'om']);
  cephTool(dir, ['osdmaptool', 'om', '--import-crush', 'crush2.bin']);
  return { name, om };
}

export function bigMaps(): BenchMap[] {
  const sizes = (process.env.BENCH_BIG_OSDS ?? '1000,10000')
    .split(',')
    .map(Number)
    .filter((n) => n > 0);
  return sizes.map(buildBigMap);
}
