/**
 * loadshift against a real Ceph Tentacle 20.2.4 cluster (LOADSHIFT_CEPH_RELEASE=tentacle; skipped otherwise): an
 * MSR erasure-coded pool (profile with crush-osds-per-failure-domain: a msr_indep rule) and a replicated pool on a
 * msr_firstn rule beside replicated pools on a classic rule. `pgs` must reproduce the live pg dump (MSR pools
 * included), `plan`'s script must be accepted by the monitor, after which the live acting primaries and
 * read_balance scores must be the predicted ones, and planning again must give an empty plan.
 * LOADSHIFT_IT_KEEP=1 keeps the work folder.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assertCliBuilt,
  CEPH_RELEASE,
  ceph,
  check,
  chrootBash,
  DUMP_FILES,
  gatherDumps,
  loadshift,
  osdmapMapping,
  type PgBrief,
  type PoolDetail,
  poolDetails,
  runPlanScript,
  startCluster,
  stopCluster,
  waitForActiveClean,
  waitForPgDump,
} from '../helpers/ceph-cluster.js';
import { type PlanView, readPgs, readPlan, readScore } from '../helpers/loadshift-output.js';

// only made when the test runs (it is skipped on Reef)
const work = CEPH_RELEASE === 'tentacle' ? mkdtempSync(join(tmpdir(), 'loadshift-it-tentacle-')) : '';
const dumpArgs = ['--osdmap', DUMP_FILES.osdDump, '--crush', DUMP_FILES.crushDump];
const round2 = (x: number) => Math.round(x * 100) / 100;
const poolOf = (pgid: string) => Number(pgid.split('.')[0]);
const brief = (pgs: Omit<PgBrief, 'state'>[]) =>
  pgs
    .map(({ pgid, up, up_primary, acting, acting_primary }) => ({ pgid, up, up_primary, acting, acting_primary }))
    .sort((a, b) => (a.pgid < b.pgid ? -1 : a.pgid > b.pgid ? 1 : 0));

function run(dir: string, args: string[]): string {
  const r = loadshift(args, dir);
  writeFileSync(join(dir, `loadshift-${args[0]}-${Date.now()}.log`), `$ ${r.command}\nstatus ${r.status}\n${r.stderr}`);
  if (r.status !== 0) throw new Error(`'${r.command}' in ${dir} exited ${r.status}: ${r.stderr.trim()}`);
  return r.stdout;
}

/** A msr_firstn rule (no CLI makes one): decompiled, appended, compiled and set, in the chroot. */
const MSR_FIRSTN_RULE = `ceph osd getcrushmap -o c.bin && crushtool -d c.bin -o c.txt
cat >>c.txt <<'RULE'
rule repmsr {
	id 9
	type msr_firstn
	step take default
	step choosemsr 0 type host
	step choosemsr 1 type osd
	step emit
}
RULE
crushtool -c c.txt -o c2.bin && ceph osd setcrushmap -i c2.bin`;

/** Pool ids in creation order: .mgr 1, p32 2, p64 3, ecmsr 4 (msr_indep), repmsr 5 (msr_firstn). */
const MSR_EC_POOL = 4;
const MSR_REP_POOL = 5;

describe.runIf(CEPH_RELEASE === 'tentacle')('loadshift on a live Tentacle 20.2.4 cluster with MSR rules', () => {
  const before = join(work, 'before');
  const after = join(work, 'after');
  let pgsBefore: PgBrief[] = [];
  let plan: PlanView | undefined;

  beforeAll(async () => {
    assertCliBuilt();
    const c = await startCluster({
      numOsds: 8,
      osdsPerHost: 2,
      osdWeights: [1, 1, 2, 2, 0.5, 1, 3, 1],
      pools: [
        { name: 'p32', pgNum: 32 },
        { name: 'p64', pgNum: 64 },
      ],
      requireRelease: 'squid',
      extraCommands: [
        ['osd', 'erasure-code-profile', 'set', 'msr22', 'k=2', 'm=2', 'crush-failure-domain=host'].concat([
          'crush-osds-per-failure-domain=2',
          'crush-num-failure-domains=2',
        ]),
        ['osd', 'pool', 'create', 'ecmsr', '16', '16', 'erasure', 'msr22'],
      ],
    });
    check(chrootBash(MSR_FIRSTN_RULE, { dir: work }));
    for (const c2 of [
      ['osd', 'pool', 'create', 'repmsr', '32', '32', 'replicated', 'repmsr'],
      ['osd', 'pool', 'application', 'enable', 'repmsr', 'rbd'],
    ])
      check(ceph(c2));
    await waitForActiveClean({ timeoutMs: 120_000 });
    console.log(`Tentacle cluster up in ${c.upMs} ms; work folder ${work}`);
    await gatherDumps(before);
    pgsBefore = (JSON.parse(readFileSync(join(before, DUMP_FILES.pgsBrief), 'utf8')) as { pg_stats: PgBrief[] })
      .pg_stats;
  });

  afterAll(async () => {
    await stopCluster();
    if (process.env.LOADSHIFT_IT_KEEP !== '1') rmSync(work, { recursive: true, force: true });
  });

  it('the MSR rules are in the live crush dump (msr_indep for the EC pool, msr_firstn for repmsr)', () => {
    const crush = JSON.parse(readFileSync(join(before, DUMP_FILES.crushDump), 'utf8')) as {
      rules: { rule_name: string; type: number; steps: { op: string }[] }[];
    };
    const types = crush.rules.map((r) => r.type);
    expect(types).toContain(5);
    expect(types).toContain(4);
    expect(crush.rules.flatMap((r) => r.steps.map((s) => s.op))).toContain('choosemsr');
  });

  it('pgs: reproduces the live pg dump pgs_brief for every PG (MSR pools included)', () => {
    const ours = readPgs(JSON.parse(run(before, ['pgs', ...dumpArgs, '--format', 'json'])));
    expect(brief(ours)).toEqual(brief(pgsBefore));
    expect(ours.filter((p) => poolOf(p.pgid) === MSR_EC_POOL)).toHaveLength(16);
  });

  function checkScore(dir: string, livePools: PoolDetail[]): number {
    const ours = readScore(JSON.parse(run(dir, ['score', ...dumpArgs, '--format', 'json'])));
    let compared = 0;
    for (const pool of livePools) {
      const rb = ours.get(pool.pool_id);
      if (!pool.read_balance) continue;
      for (const [k, v] of Object.entries(pool.read_balance)) {
        if (typeof v !== 'number') continue;
        expect(typeof rb?.[k] === 'number' ? round2(rb[k] as number) : rb?.[k], `${pool.pool_name}.${k}`).toBe(
          round2(v),
        );
        compared++;
      }
    }
    return compared;
  }

  it('score: read_balance of every pool equals the live pool ls detail', () => {
    const live = JSON.parse(readFileSync(join(before, DUMP_FILES.poolLsDetail), 'utf8')) as PoolDetail[];
    expect(checkScore(before, live)).toBeGreaterThan(0);
  });

  it('plan → apply: the script runs on the real cluster and every command is accepted', async () => {
    plan = readPlan(JSON.parse(run(before, ['plan', ...dumpArgs, '--format', 'json'])));
    run(before, ['plan', ...dumpArgs, '--format', 'script', '-o', 'plan.sh']);
    expect(plan.ops.length).toBeGreaterThan(0);
    expect(plan.ops.filter((o) => poolOf(o.pgid) === MSR_EC_POOL)).toEqual([]);
    expect(plan.ops.some((o) => poolOf(o.pgid) === MSR_REP_POOL)).toBe(true);
    const r = await runPlanScript(join(before, 'plan.sh'));
    writeFileSync(join(work, 'apply.log'), `${r.stdout}\n${r.stderr}`);
    expect(r.status, r.stderr.slice(-2000)).toBe(0);
    expect(r.stderr).toContain(`loadshift plan: done: ${plan.ops.length} command(s) accepted`);
  });

  it('after apply: live acting primaries and read_balance are the predicted ones; a second plan is empty', async () => {
    expect(plan, 'plan ran').toBeDefined();
    const p = plan!;
    const expected = new Map(pgsBefore.map((pg) => [pg.pgid, pg.acting_primary]));
    for (const o of p.ops) expected.set(o.pgid, o.to);
    for (const [pgid, prim] of p.predicted) expected.set(pgid, prim);
    const oracle = osdmapMapping();
    const { pgs } = await waitForPgDump(oracle.pgs);
    const wrong = pgs
      .filter((pg) => pg.acting_primary !== expected.get(pg.pgid))
      .map((pg) => `${pg.pgid}: live ${pg.acting_primary} predicted ${expected.get(pg.pgid)}`);
    expect(wrong).toEqual([]);
    const live = new Map(poolDetails().map((x) => [x.pool_id, x]));
    let compared = 0;
    for (const pool of p.pools.filter((x) => x.after)) {
      const rb = live.get(pool.poolId)?.read_balance;
      for (const [k, v] of Object.entries(pool.after!)) {
        if (typeof v !== 'number' || rb === undefined || !(k in rb)) continue;
        expect(round2(v), `${pool.poolName} read_balance.${k}`).toBe(round2(rb[k]!));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(0);
    await gatherDumps(after);
    const liveAfter = (JSON.parse(readFileSync(join(after, DUMP_FILES.pgsBrief), 'utf8')) as { pg_stats: PgBrief[] })
      .pg_stats;
    expect(brief(readPgs(JSON.parse(run(after, ['pgs', ...dumpArgs, '--format', 'json']))))).toEqual(brief(liveAfter));
    const again = readPlan(JSON.parse(run(after, ['plan', ...dumpArgs, '--format', 'json'])));
    expect(again.ops).toEqual([]);
  });
});
