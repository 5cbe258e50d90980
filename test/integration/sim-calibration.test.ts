/**
 * The simulator against a real Reef 18.2.7 cluster (one cluster for the file): `rados bench rand` read IOPS before
 * and after a loadshift plan applied with `loadshift apply` (CLI transport), and the ratio `loadshift simulate`
 * predicts for the same plan on the gathered snapshot. Two cases on the same cluster:
 *  - osd.3 (CRUSH weight 3, so many primaries) slowed by Ceph's own dispatch delay: it is the bottleneck, as in the
 *    per-OSD queue model (osd.3's service time = the delay);
 *  - no delay: memstore OSDs on a few shared cores are CPU-bound, which the `--shared-cores` model describes.
 * Only robust facts are asserted (direction, generous bands); the figures are printed and recorded in README.md
 * and docs/decisions.md.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimReport } from '../../src/sim/sim-result.js';
import {
  CEPH_REEF_DIR,
  assertCliBuilt,
  ceph,
  check,
  loadshift,
  runToolAsync,
  startCluster,
  stopCluster,
  waitForPgDump,
} from '../helpers/ceph-cluster.js';

const work = mkdtempSync(join(tmpdir(), 'loadshift-simcal-'));
const VIA = ['--via', join(CEPH_REEF_DIR, 'run.sh')];
const BENCH_S = 6;
const THREADS = 16;
const DELAY_MS = 2;
assertCliBuilt();

function ls(args: string[]) {
  const r = loadshift(args, work);
  if (r.status !== 0) throw new Error(`'${r.command}' exited ${r.status}: ${r.stderr.trim()}`);
  return r;
}

async function readIops(): Promise<number> {
  const r = await runToolAsync('rados', ['bench', '-p', 'rp', String(BENCH_S), 'rand', '-t', String(THREADS)], {
    timeoutMs: 60_000,
  });
  if (r.status !== 0) throw new Error(`${r.command}: ${r.stderr.slice(-500)}`);
  const m = /Average IOPS:\s+(\d+)/.exec(r.stdout);
  if (!m) throw new Error(`no 'Average IOPS' in rados bench output: ${r.stdout.slice(-500)}`);
  return Number(m[1]);
}

function slowOsd3(on: boolean): void {
  const set = (k: string, v: string) => check(ceph(['config', on ? 'set' : 'rm', 'osd.3', k, ...(on ? [v] : [])]));
  set('osd_debug_inject_dispatch_delay_duration', String(DELAY_MS / 1000));
  set('osd_debug_inject_dispatch_delay_probability', '1');
}

/** Predicted read IOPS after / before (the plan `--policy even` makes from the snapshot), with the model flags. */
function predicted(model: string[]): { ratio: number; before: number; after: number } {
  const r = ls([
    'simulate',
    '--from',
    'snap.json',
    '--pool',
    'rp',
    '--policy',
    'even',
    '--loop',
    'closed',
    '--clients',
    '1',
    '--depth',
    String(THREADS),
    '--reads',
    '100000',
    '--default-class',
    'hdd',
    '--format',
    'json',
    ...model,
  ]);
  const rep = JSON.parse(r.stdout) as SimReport;
  const [before, after] = rep.runs;
  return { before: before!.iops, after: after!.iops, ratio: after!.iops / before!.iops };
}

describe('simulator calibration on a live Reef cluster (rados bench before/after a plan)', () => {
  const m = { a0: 0, a1: 0, b0: 0, b1: 0, ops: 0 };

  beforeAll(async () => {
    await startCluster({ numOsds: 4, osdWeights: [1, 1, 1, 3], pools: [{ name: 'rp', pgNum: 32 }] });
    const w = await runToolAsync(
      'rados',
      [
        'bench',
        '-p',
        'rp',
        '4',
        'write',
        '-b',
        '4096',
        '-O',
        '4096',
        '-t',
        '16',
        '--max-objects',
        '1000',
        '--no-cleanup',
      ],
      { timeoutMs: 60_000 },
    );
    if (w.status !== 0) throw new Error(`${w.command}: ${w.stderr.slice(-500)}`);
    // before the plan: plain, then with osd.3 slowed
    m.a0 = await readIops();
    slowOsd3(true);
    m.a1 = await readIops();
    slowOsd3(false);
    ls(['gather', ...VIA, '-o', 'snap.json']);
    ls(['plan', '--from', 'snap.json', '--method', 'upmap-primary', '--format', 'json', '-o', 'plan.json']);
    m.ops = (JSON.parse(readFileSync(join(work, 'plan.json'), 'utf8')) as { operations: unknown[] }).operations.length;
    ls(['apply', 'plan.json', ...VIA]);
    await waitForPgDump();
    m.b0 = await readIops();
    slowOsd3(true);
    m.b1 = await readIops();
    slowOsd3(false);
  });

  afterAll(async () => {
    await stopCluster();
    if (process.env.LOADSHIFT_IT_KEEP !== '1') rmSync(work, { recursive: true, force: true });
  });

  it('a slowed OSD: the plan moves reads off it; measured and predicted gains agree in direction and roughly in size', () => {
    const p = predicted(['--service', `hdd:0.1ms,ssd:0.1ms`, '--osd-service', `osd.3:${DELAY_MS + 0.1}ms`]);
    const measured = m.b1 / m.a1;
    console.log(
      `calibration, osd.3 +${DELAY_MS} ms dispatch delay: ${m.ops} changes; rados bench rand -t ${THREADS} ${BENCH_S}s: ` +
        `${m.a1} -> ${m.b1} IOPS (x${measured.toFixed(2)}); simulated ${Math.round(p.before)} -> ${Math.round(p.after)} (x${p.ratio.toFixed(2)})`,
    );
    expect(m.ops).toBeGreaterThan(0);
    expect(p.ratio).toBeGreaterThan(1.1);
    expect(measured).toBeGreaterThan(1.1);
    expect(measured / p.ratio).toBeGreaterThan(0.5);
    expect(measured / p.ratio).toBeLessThan(2);
  });

  it('no delay: CPU-bound memstore OSDs; the shared-core model predicts no gain, the per-OSD model overstates it', () => {
    const shared = predicted(['--service', 'hdd:0.2ms,ssd:0.2ms', '--shared-cores', '2']);
    const perOsd = predicted(['--service', 'hdd:0.2ms,ssd:0.2ms']);
    const measured = m.b0 / m.a0;
    console.log(
      `calibration, no delay: rados bench rand -t ${THREADS} ${BENCH_S}s: ${m.a0} -> ${m.b0} IOPS (x${measured.toFixed(2)}); ` +
        `simulated shared 2 cores x${shared.ratio.toFixed(2)} (${Math.round(shared.before)} IOPS), per-OSD queues x${perOsd.ratio.toFixed(2)}`,
    );
    expect(Math.abs(shared.ratio - 1)).toBeLessThan(0.02);
    expect(perOsd.ratio).toBeGreaterThan(1.1);
    // the measured change is far closer to the shared-core prediction than to the per-OSD one
    expect(Math.abs(measured - shared.ratio)).toBeLessThan(Math.abs(measured - perOsd.ratio));
  });
});
