/**
 * Issue 13 on a real Reef 18.2.7 cluster: `plan --method affinity` (primary-affinity values, the lever every client
 * honours) is planned from the live dumps, its script is run for real, and the monitor's own map then gives every PG
 * exactly the predicted acting primary and every pool the predicted busiest-OSD count. The figures against the
 * cluster as CRUSH left it and against the pg-upmap-primary optimum are printed.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assertCliBuilt,
  CEPH_REEF_DIR,
  ceph,
  cephJson,
  check,
  DUMP_FILES,
  gatherDumps,
  LIVE_8OSD,
  loadshift,
  loadshiftAsync,
  osdmapEpoch,
  osdmapMapping,
  type PgBrief,
  runPlanScript,
  startCluster,
  stopCluster,
  waitForPgDump,
} from '../helpers/ceph-cluster.js';

interface AffinityPlanDoc {
  method: string;
  operations: { osd: number; to: number; to_fixed: number; command: string }[];
  pools: {
    pool_id: number;
    pool_name: string;
    max_primaries: { before: number; after: number; upmap_primary_optimum: number | null };
    predicted: Record<string, { acting_primary: number }>;
  }[];
}

const work = mkdtempSync(join(tmpdir(), 'loadshift-affinity-it-'));
const before = join(work, 'before');
assertCliBuilt();
const dumpArgs = ['--osdmap', DUMP_FILES.osdDump, '--crush', DUMP_FILES.crushDump];
const VIA = ['--via', join(CEPH_REEF_DIR, 'run.sh')];

/** The monitor's primary affinity per OSD (16.16) and its pg_upmap_primaries entries. */
function liveAffinity(): Map<number, number> {
  const d = cephJson<{ osds: { osd: number; primary_affinity: number }[] }>(['osd', 'dump']);
  return new Map(d.osds.map((o) => [o.osd, Math.round(o.primary_affinity * 0x10000)]));
}
function liveEntries(): Record<string, number> {
  const d = cephJson<{ pg_upmap_primaries: { pgid: string; primary_osd: number }[] }>(['osd', 'dump']);
  return Object.fromEntries(d.pg_upmap_primaries.map((e) => [e.pgid, e.primary_osd]));
}
interface ApplyReportDoc {
  status: string;
  toSend: { pgid: string; to: number }[];
  affinity: { toSend: { osd: number; to: number }[]; moved: number };
}

function cli(args: string[]): string {
  const r = loadshift(args, before);
  if (r.status !== 0) throw new Error(`'${r.command}' exited ${r.status}: ${r.stderr.trim()}`);
  return r.stdout;
}

describe('plan --method affinity on a live Reef 18.2.7 cluster', () => {
  let plan: AffinityPlanDoc;
  let pgsBefore: PgBrief[] = [];

  beforeAll(async () => {
    const c = await startCluster(LIVE_8OSD);
    console.log(`cluster up in ${c.upMs} ms, all PGs active+clean after ${c.readyMs} ms`);
    await gatherDumps(before);
    pgsBefore = (JSON.parse(readFileSync(join(before, DUMP_FILES.pgsBrief), 'utf8')) as { pg_stats: PgBrief[] })
      .pg_stats;
  });

  afterAll(async () => {
    await stopCluster();
    if (process.env.LOADSHIFT_IT_KEEP !== '1') rmSync(work, { recursive: true, force: true });
  });

  it('plans affinity values that lower the busiest OSD of the pools, and a script of primary-affinity commands', () => {
    plan = JSON.parse(cli(['plan', ...dumpArgs, '--method', 'affinity', '--format', 'json'])) as AffinityPlanDoc;
    writeFileSync(
      join(before, 'affinity.sh'),
      cli(['plan', ...dumpArgs, '--method', 'affinity', '--format', 'script']),
    );
    expect(plan.method).toBe('affinity');
    expect(plan.operations.length).toBeGreaterThan(0);
    for (const p of plan.pools) {
      console.log(
        `pool ${p.pool_name}: busiest OSD ${p.max_primaries.before} (CRUSH) -> ${p.max_primaries.after} (affinity); pg-upmap-primary optimum ${p.max_primaries.upmap_primary_optimum ?? '-'}`,
      );
      expect(p.max_primaries.after).toBeLessThanOrEqual(p.max_primaries.before);
    }
    expect(plan.pools.some((p) => p.max_primaries.after < p.max_primaries.before)).toBe(true);
    for (const op of plan.operations) expect(op.command).toMatch(/^ceph osd primary-affinity osd\.\d+ [0-9.]+$/);
  });

  it('runs the script; the monitor holds exactly the planned values and maps every PG to the predicted primary', async () => {
    const epoch0 = osdmapEpoch();
    const r = await runPlanScript(join(before, 'affinity.sh'));
    expect(r.status, r.stderr.slice(-1500)).toBe(0);
    expect(osdmapEpoch()).toBeGreaterThan(epoch0);
    // the values, as the monitor stores them (16.16), are the planned ones exactly
    const after = join(work, 'after');
    await gatherDumps(after);
    const dump = JSON.parse(readFileSync(join(after, DUMP_FILES.osdDump), 'utf8')) as {
      osds: { osd: number; primary_affinity: number }[];
    };
    for (const op of plan.operations) {
      const live = dump.osds.find((o) => o.osd === op.osd)!.primary_affinity;
      expect(Math.round(live * 0x10000), `osd.${op.osd}`).toBe(op.to_fixed);
    }
    // every PG: the predicted acting primary (unchanged where none is predicted), in Ceph's own mapping and in pg dump
    const expected = new Map(pgsBefore.map((pg) => [pg.pgid, pg.acting_primary]));
    for (const p of plan.pools)
      for (const [pgid, v] of Object.entries(p.predicted)) expected.set(pgid, v.acting_primary);
    const oracle = osdmapMapping();
    const wrong = [...oracle.pgs]
      .filter(([pgid, m]) => m.acting_primary !== expected.get(pgid))
      .map(([pgid, m]) => `${pgid}: ceph ${m.acting_primary}, predicted ${expected.get(pgid)}`);
    expect(wrong).toEqual([]);
    const { pgs } = await waitForPgDump(oracle.pgs);
    for (const p of plan.pools) {
      const counts = new Map<number, number>();
      for (const pg of pgs.filter((x) => x.pgid.startsWith(`${p.pool_id}.`)))
        counts.set(pg.acting_primary, (counts.get(pg.acting_primary) ?? 0) + 1);
      expect(Math.max(...counts.values()), `busiest OSD of ${p.pool_name}`).toBe(p.max_primaries.after);
    }
  });

  it('planning again from the new state changes nothing', async () => {
    const again = JSON.parse(
      loadshift(['plan', ...dumpArgs, '--method', 'affinity', '--format', 'json'], join(work, 'after')).stdout,
    ) as AffinityPlanDoc;
    expect(again.operations).toEqual([]);
  });

  it('apply takes an affinity plan file: values sent as one batch, PGs verified, journal; revert restores them', async () => {
    // back to CRUSH's own primaries: every OSD at affinity 1 (what the cluster started with)
    for (const op of plan.operations) check(ceph(['osd', 'primary-affinity', `osd.${op.osd}`, '1']));
    await waitForPgDump();
    const fresh = await loadshiftAsync(
      ['plan', '--live', ...VIA, '--method', 'affinity', '--format', 'json', '-o', 'aff.json'],
      work,
    );
    expect(fresh.status, fresh.stderr).toBe(0);
    const doc = JSON.parse(readFileSync(join(work, 'aff.json'), 'utf8')) as AffinityPlanDoc;
    expect(doc.operations.length).toBeGreaterThan(0);
    const r = await loadshiftAsync(
      ['apply', 'aff.json', ...VIA, '--journal', 'aff.journal.json', '--report', 'json'],
      work,
    );
    expect(r.status, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as ApplyReportDoc;
    expect(report.status).toBe('applied');
    expect(report.affinity.toSend.length).toBe(doc.operations.length);
    const values = liveAffinity();
    for (const op of doc.operations) expect(values.get(op.osd), `osd.${op.osd}`).toBe(op.to_fixed);
    const oracle = osdmapMapping();
    for (const p of doc.pools)
      for (const [pgid, v] of Object.entries(p.predicted))
        expect(oracle.pgs.get(pgid)?.acting_primary, pgid).toBe(v.acting_primary);
    const rv = await loadshiftAsync(['revert', 'aff.journal.json', ...VIA], work);
    expect(rv.status, rv.stderr).toBe(0);
    expect(rv.stdout).toMatch(/^loadshift revert: reverted/);
    const back = liveAffinity();
    for (const op of doc.operations) expect(back.get(op.osd), `osd.${op.osd}`).toBe(0x10000);
    const crushAgain = osdmapMapping();
    const moved = pgsBefore.filter((pg) => crushAgain.pgs.get(pg.pgid)?.acting_primary !== pg.acting_primary);
    expect(moved.map((pg) => pg.pgid)).toEqual([]);
  });

  it('plan --live --method both --apply: affinity values, then entries on the map they make; revert undoes both', async () => {
    // from CRUSH's own primaries (whatever an earlier test left)
    for (const [osd, v] of liveAffinity())
      if (v !== 0x10000) check(ceph(['osd', 'primary-affinity', `osd.${osd}`, '1']));
    await waitForPgDump();
    const r = await loadshiftAsync(
      ['plan', '--live', ...VIA, '--method', 'both', '--apply', '--format', 'json', '-o', 'both.json'].concat([
        '--journal',
        'both.journal.json',
        '--report',
        'json',
      ]),
      work,
    );
    expect(r.status, r.stderr).toBe(0);
    const doc = JSON.parse(readFileSync(join(work, 'both.json'), 'utf8')) as {
      method: string;
      operations: { op: string; osd?: number; pgid?: string; to: number; to_fixed?: number }[];
      upmap_primary_alone_operations: number;
      pools: { pool_id: number; max_primaries: { after: number; optimum: number } }[];
    };
    expect(doc.method).toBe('both');
    const aff = doc.operations.filter((o) => o.op === 'primary-affinity');
    const entries = doc.operations.filter((o) => o.op !== 'primary-affinity');
    console.log(
      `method both: ${aff.length} affinity values + ${entries.length} pg-upmap-primary ops (pg-upmap-primary alone: ${doc.upmap_primary_alone_operations})`,
    );
    expect(aff.length).toBeGreaterThan(0);
    expect(entries.length).toBeLessThan(doc.upmap_primary_alone_operations);
    const report = JSON.parse(r.stdout) as ApplyReportDoc;
    expect(report.status).toBe('applied');
    const values = liveAffinity();
    for (const op of aff) expect(values.get(op.osd as number), `osd.${op.osd}`).toBe(op.to_fixed);
    // every entry apply sent is in the monitor's map and gives the predicted primary (a scrub may make it skip some)
    const oracle = osdmapMapping();
    const now = liveEntries();
    expect(report.toSend.length).toBeGreaterThan(0);
    for (const op of report.toSend) {
      expect(oracle.pgs.get(op.pgid)?.acting_primary, op.pgid).toBe(op.to);
      expect(now[op.pgid], op.pgid).toBeDefined();
    }
    const rv = await loadshiftAsync(['revert', 'both.journal.json', ...VIA], work);
    expect(rv.status, rv.stderr).toBe(0);
    expect(liveEntries()).toEqual({});
    const back = liveAffinity();
    for (const op of aff) expect(back.get(op.osd as number), `osd.${op.osd}`).toBe(0x10000);
  });
});
