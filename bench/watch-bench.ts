/**
 * `npm run bench -- watch`: the watch daemon's round on a simulated cluster replayed from snapshot files
 * (src/transport/replay-transport.ts: the real round code, the real transport interface; the cluster's answers come
 * from the big maps the real Reef tools built, bench/big-maps.ts). Three kinds of rounds at 1,000 and 10,000 OSDs:
 *   - shares moved, osdmap unchanged (the threshold holds every change back): placement reused (`cache`);
 *   - the daemon's own changes of the last round (≤ 50 entries): placement remapped for those PGs (`incremental`);
 *   - an outside change of the osdmap that keeps CRUSH's inputs (an OSD's primary affinity, an OSD down or up):
 *     CRUSH's output reused, the steps after it run for every PG (`after-crush`);
 *   - an outside change of an OSD's reweight: CRUSH run again for the PGs whose mapping read that OSD's reweight, the
 *     steps after it for every PG (`reweight`);
 *   - an outside change of the CRUSH map (an OSD's CRUSH weight): everything mapped (`full`, 2 threads), as in
 *   - the first round.
 * "planning" = map + policy + plan (gather and apply talk to the cluster). Memory: RSS and heap over many rounds.
 * BENCH_WATCH_ROUNDS (default 1000) sets the long run's length; BENCH_BIG_OSDS picks the maps.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Snapshot } from '../src/ceph/snapshot-file.js';
import { pgidText } from '../src/cluster/osdmap.js';
import { boundHeapGrowth } from '../src/cli/heap-growth.js';
import { loadClusterFrom } from '../src/cli/load-cluster.js';
import { ClusterViews } from '../src/daemon/cluster-view.js';
import type { PolicySource } from '../src/daemon/policy-source.js';
import { type WatchConfig, watchRound } from '../src/daemon/watch-round.js';
import { emptyWatchState } from '../src/daemon/watch-state.js';
import { affinityShares } from '../src/policy/affinity-shares.js';
import { evenPolicy } from '../src/policy/even-policy.js';
import type { Policy } from '../src/policy/policy.js';
import { ReplayTransport } from '../src/transport/replay-transport.js';
import { bigMaps } from './big-maps.js';
import { fmtMs } from './ceph-tools.js';
import { loadBenchMap } from './read-balancer-bench.js';

const FIX = join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'live-replies');

/** A snapshot of the big map: its dumps, every PG active+clean, the test cluster's recorded features/balancer. */
function bigSnapshot(osdmapText: string, crushText: string): Snapshot {
  const osdDump = JSON.parse(osdmapText) as Record<string, unknown>;
  osdDump.require_min_compat_client = 'reef';
  const pgStats: unknown[] = [];
  for (const p of osdDump.pools as Array<{ pool: number; pg_num: number }>)
    for (let ps = 0; ps < p.pg_num; ps++)
      pgStats.push({ pgid: pgidText(p.pool, ps), state: 'active+clean', up: [], acting: [], acting_primary: -1 });
  return {
    format: 'loadshift-snapshot',
    version: 1,
    fsid: osdDump.fsid as string,
    epoch: osdDump.epoch as number,
    gathered_at: new Date(0).toISOString(),
    gather_ms: 0,
    transport: 'replay',
    osd_dump: osdDump,
    osd_crush_dump: JSON.parse(crushText) as Record<string, unknown>,
    pool_ls_detail: [],
    pg_dump: { pg_ready: true, pg_stats: pgStats },
    features: JSON.parse(readFileSync(join(FIX, 'features.json'), 'utf8')) as Record<string, unknown>,
    health_detail: { status: 'HEALTH_OK', checks: {}, mutes: [] },
    status: null,
    balancer_status: JSON.parse(readFileSync(join(FIX, 'balancer-status.json'), 'utf8')) as Record<string, unknown>,
    osd_perf: {},
    notes: [],
  };
}

/** Shares that move every round (a condition wandering over the hosts: one host at half share), no osdmap change. */
function movingShares(): PolicySource {
  let round = 0;
  return {
    name: 'moving-shares',
    decide: (view, env) => {
      round++;
      const host = round % Math.max(1, view.hosts.names.length);
      const policy: Policy = {
        name: 'moving-shares',
        describe: 'even, one host at half share (moves each round)',
        weighsAffinity: false,
        desired(ctx) {
          const d = evenPolicy.desired(ctx);
          let sum = 0;
          for (let o = 0; o < d.length; o++) {
            if (view.hosts.hostOf[o] === host) d[o] = (d[o] as number) / 2;
            sum += d[o] as number;
          }
          for (let o = 0; o < d.length; o++) d[o] = ((d[o] as number) * ctx.pgCount) / sum;
          return d;
        },
      };
      return { policy: affinityShares(policy), state: env.state, conditions: [] };
    },
  };
}

/** `ceph osd crush reweight`: the device's weight in its bucket and every ancestor's total change by `delta` (16.16). */
function crushReweight(dump: Record<string, unknown>, osd: number, delta: number): void {
  type Bucket = { id: number; weight: number; items: { id: number; weight: number }[] };
  const buckets = dump.buckets as Bucket[];
  const parentOf = (id: number) => buckets.find((b) => b.items.some((it) => it.id === id));
  for (let child = osd, parent = parentOf(child); parent !== undefined; child = parent.id, parent = parentOf(child)) {
    const item = parent.items.find((it) => it.id === child)!;
    item.weight += delta;
    parent.weight += delta;
  }
}

/** The k-th outside change of the long run: osd.1's affinity, osd.2 down or up, osd.3's reweight, osd.5's CRUSH weight. */
function outsideChange(t: ReplayTransport, k: number): void {
  if (k % 4 === 3) {
    t.mutateCrush((d) => crushReweight(d, 5, k % 8 === 3 ? 0x4000 : -0x4000));
    return;
  }
  t.mutate((d) => {
    type Osd = { osd: number; primary_affinity: number; up: number; weight: number };
    const o = (d.osds as Osd[]).find((x) => x.osd === 1 + (k % 4));
    if (o && k % 4 === 0) o.primary_affinity = o.primary_affinity === 1 ? 0.9 : 1;
    if (o && k % 4 === 1) o.up = o.up === 1 ? 0 : 1;
    if (o && k % 4 === 2) o.weight = o.weight === 1 ? 0.9 : 1;
  });
}

const config = (minImprovement: number): WatchConfig => ({
  maxChanges: 50,
  minImprovement,
  adopt: false,
  allowOldClients: false,
  latencyOsds: 'none',
  verifyTimeoutMs: 60_000,
  latencyHistory: 60,
  selectPools: (m) => [...m.pools.keys()],
});

const planning = (t: Record<string, number>) => (t.map ?? 0) + (t.policy ?? 0) + (t.plan ?? 0);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const mb = (n: number) => `${Math.round(n / 2 ** 20)} MB`;

export async function benchWatch(): Promise<string[]> {
  const out: string[] = [];
  const say = (line: string) => {
    out.push(line);
    process.stderr.write(`${line}\n`);
  };
  const longRounds = Number(process.env.BENCH_WATCH_ROUNDS ?? 1000);
  boundHeapGrowth(); // as `loadshift watch` does (src/cli/heap-growth.ts)
  for (const m of bigMaps()) {
    const l = loadBenchMap(m);
    const t = new ReplayTransport(bigSnapshot(l.osdmapText, l.crushText));
    const views = new ClusterViews((docs) => loadClusterFrom(docs, true));
    const state = emptyWatchState();
    const policy = movingShares();
    const run = (minImprovement: number) =>
      watchRound({
        t,
        views,
        policy,
        config: config(minImprovement),
        state,
        statePath: join(l.dir, 'watch-state.json'),
        log: () => {},
        now: Date.now,
        stopping: () => false,
      });
    const first = await run(Infinity);
    say(
      `${m.name}: first round (nothing cached): planning ${fmtMs(planning(first.timingsMs))} (map ${fmtMs(first.timingsMs.map ?? 0)}, ${first.mapping}), gather ${fmtMs(first.timingsMs.gather ?? 0)}`,
    );
    const kinds: Record<string, { plan: number[]; map: number[]; ops: number[] }> = {};
    const note = (s: Awaited<ReturnType<typeof run>>) => {
      const k = (kinds[s.mapping] ??= { plan: [], map: [], ops: [] });
      k.plan.push(planning(s.timingsMs));
      k.map.push(s.timingsMs.map ?? 0);
      k.ops.push(s.ops.filter((o) => o.result === 'accepted').length);
    };
    for (let i = 0; i < 5; i++) note(await run(Infinity)); // shares move, nothing applied: same epoch
    for (let i = 0; i < 5; i++) note(await run(0.5)); // changes applied: the next round sees only entry changes
    for (let i = 0; i < 6; i++) {
      // outside changes: osd.1's primary affinity toggles, osd.2 goes down and up (CRUSH's output reused: the steps
      // after it run for every PG), osd.3's reweight toggles (CRUSH runs again for the PGs that read it)
      t.mutate((d) => {
        type Osd = { osd: number; primary_affinity: number; up: number; weight: number };
        const osds = d.osds as Osd[];
        const o = osds.find((x) => x.osd === 1 + (i % 3));
        if (o && i % 3 === 0) o.primary_affinity = o.primary_affinity === 1 ? 0.9 : 1;
        if (o && i % 3 === 1) o.up = o.up === 1 ? 0 : 1;
        if (o && i % 3 === 2) o.weight = o.weight === 1 ? 0.9 : 1;
      });
      note(await run(0.5));
    }
    for (let i = 0; i < 2; i++) {
      // a CRUSH map change: osd.5's CRUSH weight up a quarter, then back (`ceph osd crush reweight`): CRUSH runs again
      // only for the PGs whose recorded straw2 choices can move
      t.mutateCrush((d) => crushReweight(d, 5, i === 0 ? 0x4000 : -0x4000));
      note(await run(0.5));
    }
    for (const [kind, k] of Object.entries(kinds))
      say(
        `${m.name}: ${kind} rounds (${k.plan.length}): planning median ${fmtMs(median(k.plan))}, max ${fmtMs(Math.max(...k.plan))} (map median ${fmtMs(median(k.map))}); changes applied per round ${Math.min(...k.ops)}–${Math.max(...k.ops)}`,
      );
    // memory over many rounds: shares move every round, changes applied every other round (incremental mapping);
    // every 25th round an outside change too, in turn: an affinity, an OSD down or up, a reweight, a CRUSH weight
    const rounds = m.name.endsWith('10000')
      ? Math.min(longRounds, Number(process.env.BENCH_WATCH_ROUNDS_10K ?? 100))
      : longRounds;
    const rss: number[] = [];
    const heap: number[] = [];
    const t0 = Date.now();
    const kindsSeen = new Set<string>();
    let peakRss = 0;
    for (let i = 0; i < rounds; i++) {
      if (i % 25 === 24) outsideChange(t, Math.floor(i / 25));
      kindsSeen.add((await run(i % 2 === 0 ? 0.5 : Infinity)).mapping);
      peakRss = Math.max(peakRss, process.memoryUsage().rss); // after every round: the max is a max, not a sample's
      if (i % Math.max(1, Math.floor(rounds / 20)) === 0 || i === rounds - 1) {
        rss.push(process.memoryUsage().rss);
        heap.push(process.memoryUsage().heapUsed);
      }
    }
    say(
      `${m.name}: ${rounds} more rounds in ${fmtMs(Date.now() - t0)}: RSS ${mb(rss[0] ?? 0)} → ${mb(rss.at(-1) ?? 0)} (max after any round ${mb(peakRss)}), heap used ${mb(heap[0] ?? 0)} → ${mb(heap.at(-1) ?? 0)} (max ${mb(Math.max(...heap))}); ${t.sent.length} commands sent in all; rounds mapped: ${[...kindsSeen].sort().join(', ')}`,
    );
  }
  return out;
}
