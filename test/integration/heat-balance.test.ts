/**
 * Heat balancing on a real Reef 18.2.7 cluster (one cluster for the file): a skewed client read load (`rados bench
 * rand`: 6 threads on the 8 objects of pool `hot`, 1 thread on the 400 objects of `rp`), per-OSD reads measured by the
 * OSDs' own `op_r` counters over the same load before and after a plan. The heat plan (from two `gather` snapshots
 * around a load run) lowers the busiest OSD's share of reads, and lowers it further than the count plan on the same
 * cluster and load. Which PGs the 8 hot objects land in is up to their names (rados bench puts its PID in them): when
 * CRUSH's primaries or the count plan happen to spread this particular load about as well as the heat plan can
 * (predicted from the measured heat, both plans made offline first), the comparison cannot show anything, so the hot
 * objects are written again under new names (at most 3 times).
 * Figures are printed (LOADSHIFT_IT_KEEP=1 keeps the work folder).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CEPH_REEF_DIR,
  assertCliBuilt,
  cephJson,
  check,
  loadshift,
  runTool,
  runToolAsync,
  startCluster,
  stopCluster,
  waitForPgDump,
} from '../helpers/ceph-cluster.js';

const work = mkdtempSync(join(tmpdir(), 'loadshift-heat-'));
const VIA = ['--via', join(CEPH_REEF_DIR, 'run.sh')];
const OSDS = 4;
const LOAD_S = 10;
assertCliBuilt();

function ls(args: string[]) {
  const r = loadshift(args, work);
  if (r.status !== 0) throw new Error(`'${r.command}' exited ${r.status}: ${r.stderr.trim()}`);
  return r;
}

function opR(): number[] {
  return [...Array(OSDS).keys()].map(
    (o) => cephJson<{ osd: { op_r: number } }>(['tell', `osd.${o}`, 'perf', 'dump', 'osd']).osd.op_r,
  );
}

/** One run of the skewed load; returns each OSD's share of the reads it served (op_r deltas). */
async function measuredShares(): Promise<number[]> {
  const before = opR();
  const runs = await Promise.all([
    runToolAsync('rados', ['bench', '-p', 'hot', String(LOAD_S), 'rand', '-t', '6'], { timeoutMs: 60_000 }),
    runToolAsync('rados', ['bench', '-p', 'rp', String(LOAD_S), 'rand', '-t', '1'], { timeoutMs: 60_000 }),
  ]);
  for (const r of runs) if (r.status !== 0) throw new Error(`${r.command}: ${r.stderr.slice(-500)}`);
  const d = opR().map((x, i) => x - before[i]!);
  const total = d.reduce((a, b) => a + b, 0);
  return d.map((x) => x / total);
}

const busiest = (shares: number[]) => Math.max(...shares);

interface SnapshotPgs {
  pg_dump: { pg_stats: { pgid: string; acting_primary: number; stat_sum: { num_read: number } }[] };
}

/** Each OSD's share of the reads between two snapshots had the plan's primaries been in place (none: as they were). */
function predictedShares(s1: string, s2: string, planFile?: string): number[] {
  const stats = (f: string) => (JSON.parse(readFileSync(join(work, f), 'utf8')) as SnapshotPgs).pg_dump.pg_stats;
  const before = new Map(stats(s1).map((p) => [p.pgid, p.stat_sum.num_read]));
  const ops = planFile
    ? (JSON.parse(readFileSync(join(work, planFile), 'utf8')) as { operations: { pgid: string; to: number }[] })
        .operations
    : [];
  const to = new Map(ops.map((o) => [o.pgid, o.to]));
  const load = Array<number>(OSDS).fill(0);
  for (const p of stats(s2))
    load[to.get(p.pgid) ?? p.acting_primary]! += Math.max(0, p.stat_sum.num_read - (before.get(p.pgid) ?? 0));
  const total = load.reduce((a, b) => a + b, 0);
  return load.map((x) => x / total);
}
const pct = (shares: number[]) => shares.map((s) => `${(100 * s).toFixed(1)}%`).join(' ');

async function clearEntries(): Promise<void> {
  const d = cephJson<{ pg_upmap_primaries: { pgid: string }[] }>(['osd', 'dump']);
  for (const e of d.pg_upmap_primaries) check(runTool('ceph', ['osd', 'rm-pg-upmap-primary', e.pgid]));
  await waitForPgDump();
}

/**
 * Plans, applies and waits until the pg dump shows the result. apply rightly skips PGs that are not active+clean at
 * that moment (a scrub that started, a PG still peering): applied again until nothing is skipped, so the measured
 * shares are those of the whole plan.
 */
async function applyPlan(name: string, args: string[]): Promise<number> {
  ls(['plan', ...args, '--format', 'json', '-o', `${name}.json`]);
  const ops = (JSON.parse(readFileSync(join(work, `${name}.json`), 'utf8')) as { operations: unknown[] }).operations;
  for (let i = 1; ops.length > 0; i++) {
    const r = JSON.parse(ls(['apply', `${name}.json`, ...VIA, '--report', 'json']).stdout) as {
      skipped: { op: { pgid: string }; why: string }[];
      stale: { op: { pgid: string }; why: string }[];
    };
    await waitForPgDump();
    if (r.skipped.length + r.stale.length === 0) break;
    const left = [...r.skipped, ...r.stale].map((d) => `${d.op.pgid}: ${d.why}`);
    console.log(`${name}: apply ${i} left ${left.length} op(s): ${left.slice(0, 3).join('; ')}`);
    if (r.stale.length > 0 || i === 5) throw new Error(`${name}: ops not applied: ${left.join('; ')}`);
  }
  if (ops.length === 0) await waitForPgDump();
  return ops.length;
}

/** Writes `n` objects of 4 KiB into `pool` (a rados bench write run: its objects are what `rand` then reads). */
const w = (pool: string, n: number) =>
  check(
    runTool(
      'rados',
      [
        'bench',
        '-p',
        pool,
        '2',
        'write',
        '-b',
        '4096',
        '-O',
        '4096',
        '-t',
        '2',
        '--max-objects',
        String(n),
        '--no-cleanup',
      ],
      {
        timeoutMs: 60_000,
      },
    ),
  );

describe('heat plan on a live Reef cluster with a skewed read load', () => {
  beforeAll(async () => {
    await startCluster({
      numOsds: OSDS,
      pools: [
        { name: 'rp', pgNum: 32 },
        { name: 'hot', pgNum: 16 },
      ],
      memstoreBytes: 128 * 1024 * 1024,
      extraCommands: [
        ['osd', 'pool', 'set', 'rp', 'pg_autoscale_mode', 'off'],
        ['osd', 'pool', 'set', 'hot', 'pg_autoscale_mode', 'off'],
      ],
    });
    w('rp', 400);
    w('hot', 8);
    await waitForPgDump();
  }, 300_000);

  afterAll(async () => {
    await stopCluster();
    if (process.env.LOADSHIFT_IT_KEEP !== '1') rmSync(work, { recursive: true, force: true });
  });

  it('the busiest OSD serves a smaller share of reads after the heat plan, and smaller than after the count plan', async () => {
    // heat: two gather snapshots around one load run (the same run gives the baseline shares)
    let base: number[] = [];
    for (let attempt = 1; ; attempt++) {
      ls(['gather', ...VIA, '-o', 's1.json']);
      base = await measuredShares();
      await new Promise((r) => setTimeout(r, 6000)); // the OSDs report PG stats every 5 s
      ls(['gather', ...VIA, '-o', 's2.json']);
      ls(['plan', '--from', 's2.json', '--format', 'json', '-o', 'count-check.json']);
      ls(['plan', '--from', 's2.json', '--heat', 's1.json', 's2.json', '--format', 'json', '-o', 'heat-check.json']);
      const count = busiest(predictedShares('s1.json', 's2.json', 'count-check.json'));
      const heat = busiest(predictedShares('s1.json', 's2.json', 'heat-check.json'));
      // 3 points: well beyond the noise of a 10 s run (a few thousand reads of each hot object)
      if ((count - heat >= 0.03 && busiest(base) - heat >= 0.03) || attempt === 4) break;
      console.log(
        `attempt ${attempt}: busiest now ${pct([busiest(base)])}, predicted after the count plan ${pct([count])}, after the heat plan ${pct([heat])}: too close to tell, new hot objects`,
      );
      w('hot', 8);
      await waitForPgDump();
    }
    const heatOps = await applyPlan('heat-plan', ['--from', 's2.json', '--heat', 's1.json', 's2.json']);
    const afterHeat = await measuredShares();

    // the count plan on the same cluster: from no entries, as the cluster was
    await clearEntries();
    ls(['gather', ...VIA, '-o', 's3.json']);
    const countOps = await applyPlan('count-plan', ['--from', 's3.json']);
    const afterCount = await measuredShares();

    const line = `reads per OSD (op_r share): before ${pct(base)} | heat plan (${heatOps} ops) ${pct(afterHeat)} | count plan (${countOps} ops) ${pct(afterCount)}`;
    console.log(line);
    const predicted = JSON.parse(readFileSync(join(work, 'heat-plan.json'), 'utf8')) as {
      heat: { max_over_share: { before: number; after: number }; lp_bound: number };
    };
    console.log(
      `heat plan: largest load over share ${JSON.stringify(predicted.heat.max_over_share)}, LP bound ${predicted.heat.lp_bound}; count plan predicted ${pct(predictedShares('s1.json', 's2.json', 'count-check.json'))}`,
    );
    expect(busiest(afterHeat)).toBeLessThan(busiest(base));
    expect(busiest(afterHeat)).toBeLessThan(busiest(afterCount));
  }, 420_000);
});
