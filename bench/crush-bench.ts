/**
 * CRUSH mapping speed: loadshift's doRule vs Reef's crushtool on the same map and inputs.
 * Map: `crushtool --build --num_osds 1200 host straw2 12 rack straw2 10 root straw2 0` (1200 OSDs,
 * 100 hosts, 10 racks, jewel tunables), rule 0 (chooseleaf firstn 0 type host), num-rep 3, x = 0..N-1.
 * crushtool runs `--test --show-statistics` (mappings plus one summary line, no per-mapping printing);
 * its time is the run minus a 1-mapping run of the same command (process start, map load).
 * loadshift's time is doRule alone on the parsed map (after a warm-up), same weights (all in).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCrushMap } from '../src/ceph/read-crush.js';
import { crushtoolWeights } from '../src/cli/crush-test.js';
import { chooseArgsFor } from '../src/crush/choose-args.js';
import { doRule } from '../src/crush/do-rule.js';
import type { CrushMap } from '../src/crush/types.js';
import { cephTool, haveCephTools, REPO, timed } from './ceph-tools.js';

const N = 200_000;
const BUILD = ['--build', '--num_osds', '1200', 'host', 'straw2', '12', 'rack', 'straw2', '10', 'root', 'straw2', '0'];

function ours(map: CrushMap, rule: number, numRep: number, n: number): { ms: number; sample: string } {
  const w = crushtoolWeights(map, new Map());
  const args = chooseArgsFor(map, 0);
  const out: number[] = [];
  for (let x = 0; x < 20_000; x++) doRule(map, rule, x, numRep, w, args, out); // warm-up
  let sum = 0;
  const t = timed(() => {
    for (let x = 0; x < n; x++) sum += doRule(map, rule, x, numRep, w, args, out).length;
  });
  return { ms: t.ms, sample: `${sum}` };
}

const rate = (n: number, ms: number): string => `${Math.round(n / (ms / 1000)).toLocaleString('en-US')} mappings/s`;

export async function benchCrush(): Promise<string[]> {
  const lines: string[] = [];
  if (!haveCephTools()) {
    const map = parseCrushMap(
      JSON.parse(readFileSync(join(REPO, 'test/fixtures/crush/build-1200/crush.json'), 'utf8')),
      'build-1200',
    );
    const o = ours(map, 0, 3, N);
    lines.push(
      `crush: loadshift doRule ${rate(N, o.ms)} (1200 OSDs straw2, chooseleaf firstn host, 3 reps, ${N} x); crushtool not available`,
    );
    return lines;
  }
  const dir = mkdtempSync(join(tmpdir(), 'crush-bench-'));
  try {
    cephTool(dir, ['crushtool', ...BUILD, '-o', 'map.bin']);
    const map = parseCrushMap(JSON.parse(cephTool(dir, ['crushtool', '-i', 'map.bin', '--dump']).stdout), 'map.bin');
    const test = (maxX: number): number =>
      cephTool(dir, [
        'crushtool',
        '-i',
        'map.bin',
        '--test',
        '--show-statistics',
        '--rule',
        '0',
        '--num-rep',
        '3',
        '--min-x',
        '0',
        '--max-x',
        `${maxX}`,
      ]).ms;
    test(0);
    const base = Math.min(test(0), test(0), test(0));
    const full = Math.min(test(N - 1), test(N - 1));
    const theirsMs = Math.max(full - base, 1e-3);
    const o = ours(map, 0, 3, N);
    // sanity: the same mappings as crushtool on the first 2000 inputs
    const want = cephTool(dir, [
      'crushtool',
      '-i',
      'map.bin',
      '--test',
      '--show-mappings',
      '--rule',
      '0',
      '--num-rep',
      '3',
      '--min-x',
      '0',
      '--max-x',
      '1999',
    ]);
    const wantText = want.stdout + want.stderr;
    const w = crushtoolWeights(map, new Map());
    const got = Array.from(
      { length: 2000 },
      (_, x) => `CRUSH rule 0 x ${x} [${doRule(map, 0, x, 3, w, undefined, []).join(',')}]\n`,
    ).join('');
    lines.push(
      `crush: ${N.toLocaleString('en-US')} mappings, 1200 OSDs (straw2 root/rack/host), chooseleaf firstn host, 3 reps${got === wantText ? ' (identical to crushtool)' : ' (MISMATCH with crushtool!)'}`,
    );
    lines.push(`crush: loadshift doRule ${rate(N, o.ms)} (${o.ms.toFixed(0)} ms)`);
    lines.push(
      `crush: crushtool --test --show-statistics ${rate(N, theirsMs)} (${theirsMs.toFixed(0)} ms, after ${base.toFixed(0)} ms start-up)`,
    );
    lines.push(`crush: loadshift / crushtool speed ratio ${(theirsMs / o.ms).toFixed(2)}x`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return lines;
}
