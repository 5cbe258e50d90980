/**
 * `loadshift watch` with a latency policy on a real Reef 18.2.7 cluster (4 OSDs, one per host, pool rp 32 PGs, client
 * reads running all along): osd.3 made really slow (`osd_debug_inject_dispatch_delay_{probability 1, duration 5 ms}`,
 * research §2). Its primaries move within two rounds of its latency crossing the threshold; client read IOPS
 * (`rados bench rand`) measured before, during (delay still on) and after; during recovers to ≥ 80% of the baseline;
 * osd.3 gets its share back after the delay is removed, and nothing changes over the next 10 rounds.
 * The IOPS figures are printed (README, watch section).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CEPH_REEF_DIR,
  LOADSHIFT_MAIN,
  assertCliBuilt,
  ceph,
  check,
  chrootBash,
  runToolAsync,
  startCluster,
  stopCluster,
  waitUntil,
} from '../helpers/ceph-cluster.js';

const work = mkdtempSync(join(tmpdir(), 'loadshift-watch-lat-'));
const VIA = ['--via', join(CEPH_REEF_DIR, 'run.sh')];
assertCliBuilt();
type Line = Record<string, unknown>;

function startWatch(args: string[]): { child: ChildProcess; lines: Line[]; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [LOADSHIFT_MAIN, 'watch', ...VIA, ...args], {
    cwd: work,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: Line[] = [];
  let buf = '';
  child.stderr?.on('data', (d: Buffer) => {
    buf += d.toString();
    for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      try {
        lines.push(JSON.parse(line) as Line);
      } catch {
        lines.push({ event: 'text', text: line });
      }
    }
  });
  return { child, lines, exited: new Promise((res) => child.on('exit', (c) => res(c))) };
}

async function waitFor(what: string, ok: () => boolean, timeoutMs: number) {
  await waitUntil(() => ({ done: ok() }), { timeoutMs, intervalMs: 200, what });
}

/** Client read IOPS of one `rados bench rand` run (its own summary line). */
async function iops(seconds: number): Promise<number> {
  const r = await runToolAsync('rados', ['bench', '-p', 'rp', String(seconds), 'rand', '-t', '4'], {
    timeoutMs: 120_000,
  });
  const m = /Average IOPS:\s+(\d+)/.exec(r.stdout);
  if (r.status !== 0 || !m) throw new Error(`rados bench failed: ${r.stdout.slice(-400)} ${r.stderr.slice(-400)}`);
  return Number(m[1]);
}

const rounds = (lines: Line[]) => lines.filter((l) => l.event === 'round');
const osd3Primaries = (l: Line) => Number((l.primaries as Record<string, number>)['3'] ?? 0);

let background: Promise<unknown> | undefined;
beforeAll(async () => {
  await startCluster({ numOsds: 4, pools: [{ name: 'rp', pgNum: 32 }] });
  check(chrootBash('rados bench -p rp 4 write -b 4096 -t 8 --max-objects 300 --no-cleanup >/dev/null'));
}, 240_000);
afterAll(async () => {
  chrootBash(
    'ceph config rm osd.3 osd_debug_inject_dispatch_delay_probability; ceph config rm osd.3 osd_debug_inject_dispatch_delay_duration',
  );
  await background;
  await stopCluster();
}, 300_000);

describe('watch with a latency policy', () => {
  it('moves a slow OSD’s primaries within two rounds, reads recover, it gets its share back, then no change', async () => {
    const policy = join(work, 'latency.yaml');
    writeFileSync(
      policy,
      'policy: even\nrules:\n  - latency: {above_ms: 5, relative: 3, rounds: 2, restore_below_ms: 2, restore_relative: 2, restore_rounds: 8}\n',
    );
    // light client reads all along, so every OSD that leads PGs has a read latency each round
    background = runToolAsync('rados', ['bench', '-p', 'rp', '150', 'rand', '-t', '1'], { timeoutMs: 300_000 });
    const d = startWatch(['--state', join(work, 's.json'), '--policy', policy, '--interval', '2s', '--listen', 'off']);
    await waitFor('a balanced round', () => rounds(d.lines).some((l) => l.planned === 0), 60_000);
    const before = await iops(6);

    check(ceph(['config', 'set', 'osd.3', 'osd_debug_inject_dispatch_delay_duration', '0.005']));
    check(ceph(['config', 'set', 'osd.3', 'osd_debug_inject_dispatch_delay_probability', '1']));
    const from = rounds(d.lines).length;
    await waitFor(
      'osd.3 drained by the latency rule',
      () =>
        rounds(d.lines)
          .slice(from)
          .some((l) => osd3Primaries(l) === 0),
      60_000,
    );
    const after = rounds(d.lines).slice(from);
    const crossed = after.findIndex((l) => Number((l.latencyMs as Record<string, number>)['3'] ?? 0) > 5);
    const moved = after.findIndex((l) => osd3Primaries(l) === 0);
    expect(crossed).toBeGreaterThanOrEqual(0);
    expect(moved - crossed).toBeLessThanOrEqual(1); // the crossing round and the next: two rounds
    const during = await iops(6);

    check(
      chrootBash(
        'ceph config rm osd.3 osd_debug_inject_dispatch_delay_probability; ceph config rm osd.3 osd_debug_inject_dispatch_delay_duration',
      ),
    );
    const lifted = rounds(d.lines).length;
    await waitFor(
      'osd.3 has its share back',
      () =>
        rounds(d.lines)
          .slice(lifted)
          .some((l) => osd3Primaries(l) >= 7),
      90_000,
    );
    const back = rounds(d.lines).length;
    await waitFor('10 more rounds', () => rounds(d.lines).length >= back + 10, 60_000);
    const quiet = rounds(d.lines).slice(back, back + 10);
    const end = await iops(6);
    d.child.kill('SIGTERM');
    expect(await d.exited).toBe(0);
    console.log(
      `watch-latency: client read IOPS before ${before}, during (delay on, primaries moved) ${during}, after ${end}`,
    );
    expect(during).toBeGreaterThanOrEqual(0.8 * before);
    for (const l of quiet) expect(l.accepted).toBe(0);
  }, 420_000);
});
