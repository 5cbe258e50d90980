/**
 * gather / apply / revert against a real Reef 18.2.7 cluster (one cluster for the whole file): the monitor's own
 * osdmap, `pg map`, `pg dump` and `pool ls detail` are the oracle. Covers: a batch of >= 100 changes in one osdmap
 * epoch, predicted primaries and read_balance scores, an empty re-plan, revert to the exact previous entries,
 * kill -9 mid-apply then revert then a fresh apply, and the preflight refusals the test cluster can provoke.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CEPH_REEF_DIR,
  LIVE_8OSD,
  LOADSHIFT_MAIN,
  applyScript,
  assertCliBuilt,
  ceph,
  cephJson,
  check,
  loadshift,
  osdmapMapping,
  poolDetails,
  startCluster,
  stopCluster,
  waitForPgDump,
} from '../helpers/ceph-cluster.js';

const work = mkdtempSync(join(tmpdir(), 'loadshift-live-'));
const VIA = ['--via', join(CEPH_REEF_DIR, 'run.sh')];
assertCliBuilt();

type Entries = Record<string, number>;
function entries(): Entries {
  const d = cephJson<{ pg_upmap_primaries: { pgid: string; primary_osd: number }[] }>(['osd', 'dump']);
  return Object.fromEntries(d.pg_upmap_primaries.map((e) => [e.pgid, e.primary_osd]).sort());
}
function ls(args: string[], expectStatus = 0) {
  const r = loadshift(args, work);
  if (r.status !== expectStatus)
    throw new Error(`'${r.command}' exited ${r.status}, expected ${expectStatus}: ${r.stderr.trim()}`);
  return r;
}
interface PlanDoc {
  fsid: string;
  epoch: number;
  operations: { pgid: string; to: number }[];
  pools: { pool_id: number; after: { read_balance: Record<string, number> | null } }[];
}
const readJson = <T>(f: string): T => JSON.parse(readFileSync(join(work, f), 'utf8')) as T;
const round2 = (x: number) => Math.round(x * 100) / 100;

describe('gather / apply / revert on a live Reef cluster', () => {
  let original: Entries = {};

  beforeAll(async () => {
    await startCluster({
      ...LIVE_8OSD,
      extraCommands: [
        ...(LIVE_8OSD.extraCommands ?? []),
        ['osd', 'pool', 'create', 'p256', '256', '256', 'replicated'],
      ],
    });
  });

  afterAll(async () => {
    await stopCluster();
    if (process.env.LOADSHIFT_IT_KEEP !== '1') rmSync(work, { recursive: true, force: true });
  });

  it('preflight: require_min_compat_client below reef is refused (exit 5), nothing sent', () => {
    check(ceph(['osd', 'set-require-min-compat-client', 'luminous']));
    try {
      ls(['gather', ...VIA, '-o', 'snap0.json']);
      ls(['plan', '--from', 'snap0.json', '--format', 'json', '-o', 'plan0.json']);
      const e0 = cephJson<{ epoch: number }>(['osd', 'stat']).epoch;
      const r = ls(['apply', 'plan0.json', ...VIA], 5);
      expect(r.stderr.trim()).toMatch(
        /^loadshift: plan0\.json: require_min_compat_client is luminous; .*set-require-min-compat-client reef/,
      );
      expect(cephJson<{ epoch: number }>(['osd', 'stat']).epoch).toBe(e0);
    } finally {
      check(ceph(['osd', 'set-require-min-compat-client', 'reef']));
    }
  });

  it('gather: one snapshot with every part, in one epoch; the CLI transport gathers the same map', async () => {
    // (made after the compat test: once entries exist the monitor refuses to lower the compat level)
    // two pre-existing entries: revert must restore them as they were
    const seed = ['3.0', '3.1'].map(
      (pgid) => `ceph osd pg-upmap-primary ${pgid} ${cephJson<{ acting: number[] }>(['pg', 'map', pgid]).acting[1]}`,
    );
    expect((await applyScript(seed.join('\n'))).every((r) => r.accepted)).toBe(true);
    await waitForPgDump();
    original = entries();
    const r = ls(['gather', ...VIA, '-o', 'snap.json']);
    const s = readJson<Record<string, unknown> & { epoch: number; osd_dump: { epoch: number }; osd_perf: object }>(
      'snap.json',
    );
    for (const k of [
      'osd_dump',
      'osd_crush_dump',
      'pg_dump',
      'pool_ls_detail',
      'features',
      'health_detail',
      'status',
      'balancer_status',
    ])
      expect(s[k], k).toBeTruthy();
    expect(Object.keys(s.osd_perf)).toHaveLength(8);
    expect(s.osd_dump.epoch).toBe(s.epoch);
    expect(r.stderr).toMatch(/\(rados\)/);
    ls(['gather', ...VIA, '--transport', 'cli', '--osd-counters', 'none', '-o', 'snap-cli.json']);
    expect(readJson<{ osd_dump: unknown }>('snap-cli.json').osd_dump).toEqual(s.osd_dump);
  });

  it('apply: >= 100 changes in ONE batch commit in one osdmap epoch; primaries and scores as predicted; re-plan empty', async () => {
    ls(['plan', '--from', 'snap.json', '--format', 'json', '-o', 'plan.json']);
    const plan = readJson<PlanDoc>('plan.json');
    expect(plan.operations.length).toBeGreaterThanOrEqual(100);
    const r = ls(['apply', 'plan.json', ...VIA, '--batch', '100000', '--journal', 'j1.json', '--report', 'json']);
    const rep = JSON.parse(r.stdout) as {
      status: string;
      accepted: number;
      batches: { epoch_before: number; epoch_after: number }[];
    };
    expect(rep.status).toBe('applied');
    expect(rep.accepted).toBe(plan.operations.length);
    expect(rep.batches).toHaveLength(1);
    expect(rep.batches[0]!.epoch_after - rep.batches[0]!.epoch_before).toBe(1);
    // Ceph's own mapping of the new osdmap, then the mgr's pg dump, show the predicted primaries
    const oracle = osdmapMapping();
    for (const op of plan.operations) expect(oracle.pgs.get(op.pgid)?.acting_primary, op.pgid).toBe(op.to);
    await waitForPgDump(oracle.pgs);
    const live = new Map(poolDetails().map((p) => [p.pool_id, p.read_balance]));
    for (const p of plan.pools.filter((x) => x.after.read_balance))
      expect(round2(live.get(p.pool_id)!.score_acting!), `pool ${p.pool_id}`).toBe(
        round2(p.after.read_balance!.score_acting!),
      );
    const again = JSON.parse(ls(['plan', '--live', ...VIA, '--format', 'json']).stdout) as PlanDoc;
    expect(again.operations).toEqual([]);
  });

  it('revert restores exactly the previous entries (pre-existing ones included)', () => {
    ls(['revert', 'j1.json', ...VIA]);
    expect(entries()).toEqual(original);
    expect(readJson<{ status: string }>('j1.json').status).toBe('reverted');
    // idempotent: a second revert sends nothing
    expect(ls(['revert', 'j1.json', ...VIA]).stdout).toMatch(/nothing-to-do/);
  });

  it('kill -9 in the middle of apply, then revert, then a fresh apply: consistent', async () => {
    await waitForPgDump();
    const child = spawn(
      process.execPath,
      [LOADSHIFT_MAIN, 'apply', 'plan.json', ...VIA, '--batch', '10', '--journal', 'j2.json'],
      {
        cwd: work,
        stdio: 'ignore',
      },
    );
    const t0 = Date.now();
    for (;;) {
      const j = existsSync(join(work, 'j2.json')) ? readJson<{ batches: unknown[] }>('j2.json') : undefined;
      if (j && j.batches.length >= 3) break;
      if (Date.now() - t0 > 60_000) throw new Error('apply did not get to its third batch');
      await new Promise((r) => setTimeout(r, 50));
    }
    child.kill('SIGKILL');
    await new Promise((r) => child.on('exit', r));
    const j = readJson<{ status: string; entries: { state: string }[] }>('j2.json');
    expect(j.status).toBe('running');
    expect(j.entries.some((e) => e.state === 'pending')).toBe(true);
    expect(entries()).not.toEqual(original);
    ls(['revert', 'j2.json', ...VIA]);
    expect(entries()).toEqual(original);
    await waitForPgDump();
    const r = ls(['apply', 'plan.json', ...VIA, '--journal', 'j3.json']);
    expect(r.stdout).toMatch(/loadshift apply: applied/);
    expect(JSON.parse(ls(['plan', '--live', ...VIA, '--format', 'json']).stdout).operations).toEqual([]);
    ls(['revert', 'j3.json', ...VIA]);
    expect(entries()).toEqual(original);
  });

  it('preflight: a plan for another cluster (fsid) is refused, exit 5', () => {
    const plan = readJson<PlanDoc>('plan.json');
    writeFileSync(join(work, 'other.json'), JSON.stringify({ ...plan, fsid: '00000000-0000-0000-0000-000000000000' }));
    const r = ls(['apply', 'other.json', ...VIA], 5);
    expect(r.stderr.trim()).toMatch(
      /^loadshift: other\.json: the plan is for cluster 00000000-.*, this is .*; make the plan on this cluster/,
    );
  });

  it('stale plan after an OSD went out: --strict refuses (exit 5); --dry-run lists the dropped ops', async () => {
    await waitForPgDump();
    check(ceph(['osd', 'out', '7']));
    try {
      const r = ls(['apply', 'plan.json', ...VIA, '--strict'], 5);
      expect(r.stderr.trim()).toMatch(
        /^loadshift: plan\.json: the map moved since the plan \(e\d+ -> e\d+\): \d+ op\(s\) no longer hold/,
      );
      const d = ls(['apply', 'plan.json', ...VIA, '--dry-run']);
      expect(d.stdout).toMatch(/stale {3}pg \S+: /);
      expect(entries()).toEqual(original);
    } finally {
      check(ceph(['osd', 'in', '7']));
    }
  });

  it('plan --live --apply: plans from the cluster and applies in the same run; planning again is empty', async () => {
    // osd.7 just came back in: `pg stat` can report active+clean before the OSDs report the remap (backfill, pg_temp
    // removal); wait until the pg dump shows the osdmap's final mapping, or the map moves under the plan
    await waitForPgDump();
    const r = ls([
      'plan',
      '--live',
      ...VIA,
      '--apply',
      '--format',
      'json',
      '-o',
      'plan-apply.json',
      '--journal',
      'pa.journal.json',
      '--report',
      'json',
    ]);
    const plan = readJson<PlanDoc>('plan-apply.json');
    expect(plan.operations.length).toBeGreaterThan(0);
    // apply rightly skips PGs a scrub started on meanwhile: check what it sent, and that only skipped ones are left
    const report = JSON.parse(r.stdout) as {
      status: string;
      toSend: { pgid: string; to: number }[];
      skipped: { op: { pgid: string } }[];
      stale: { op: { pgid: string }; why: string }[];
    };
    expect(report.status).toBe('applied');
    expect(report.toSend.length).toBeGreaterThan(0);
    expect(existsSync(join(work, 'pa.journal.json'))).toBe(true);
    const mapping = osdmapMapping();
    for (const op of report.toSend) expect(mapping.pgs.get(op.pgid)?.acting_primary, op.pgid).toBe(op.to);
    const skipped = new Set(report.skipped.map((d) => d.op.pgid));
    const again = JSON.parse(ls(['plan', '--live', ...VIA, '--format', 'json']).stdout) as PlanDoc;
    const detail = JSON.stringify({ epochs: [plan.epoch, again.epoch], stale: report.stale.slice(0, 5) });
    expect(report.stale, detail).toEqual([]);
    expect(again.operations.filter((o) => !skipped.has(o.pgid)).length, detail).toBeLessThanOrEqual(skipped.size);
    const noLive = ls(['plan', '--osdmap', 'x.json', '--crush', 'y.json', '--apply'], 2);
    expect(noLive.stderr).toMatch(/^loadshift: --apply: .*add --live/);
  });

  it('the ceph CLI transport: a few ops applied through the CLI, verified from the osdmap', async () => {
    // one process per command (through the toolbox's chroot): keep it to a handful of ops
    ls(['revert', 'pa.journal.json', ...VIA]);
    // the reverted PGs re-peer; apply would (rightly) skip PGs that are not active+clean yet
    await waitForPgDump();
    const plan = readJson<PlanDoc>('plan-apply.json');
    const few = { ...plan, operations: plan.operations.slice(0, 6) };
    writeFileSync(join(work, 'few.json'), JSON.stringify(few));
    const t0 = Date.now();
    const r = ls([
      'apply',
      'few.json',
      ...VIA,
      '--transport',
      'cli',
      '--journal',
      'cli.journal.json',
      '--report',
      'json',
    ]);
    console.log(`apply through the ceph CLI: ${few.operations.length} ops in ${Date.now() - t0} ms`);
    const report = JSON.parse(r.stdout) as { status: string; toSend: { pgid: string; to: number }[] };
    expect(report.status).toBe('applied');
    expect(report.toSend.length).toBeGreaterThan(0);
    const mapping = osdmapMapping();
    for (const op of report.toSend) expect(mapping.pgs.get(op.pgid)?.acting_primary, op.pgid).toBe(op.to);
  });

  it('an unreachable monitor times out: exit 4, one line', () => {
    writeFileSync(join(work, 'bad.conf'), '[global]\nmon host = [v2:127.0.0.1:1]\n');
    const r = ls(['gather', ...VIA, '--conf', 'bad.conf', '--timeout', '3'], 4);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^loadshift: --via .*: .*; check --via, --conf/);
  });
});
