/**
 * The watch round end to end on a simulated cluster replayed from a snapshot recorded on the real Reef test cluster
 * (fixtures/live-replies/snapshot.json, 8 OSDs, 5 replicated pools + 1 EC): bounded rounds, convergence, restart
 * from the state file, entries made by others left alone.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSnapshot } from '../../../src/ceph/read-snapshot.js';
import { parseSnapshotFile, snapshotDocuments } from '../../../src/ceph/snapshot-file.js';
import { buildAffinityPlan } from '../../../src/balance/affinity-plan.js';
import { parseOsdMap } from '../../../src/ceph/read-osdmap.js';
import { mapAllPgs } from '../../../src/cluster/pg-mapping.js';
import { ClusterViews } from '../../../src/daemon/cluster-view.js';
import type { JsonLog } from '../../../src/daemon/json-log.js';
import { builtinPolicySource } from '../../../src/daemon/policy-source.js';
import { type WatchConfig, watchRound } from '../../../src/daemon/watch-round.js';
import { loadWatchState, type WatchState } from '../../../src/daemon/watch-state.js';
import type { MapCluster } from '../../../src/transport/live-state.js';
import { ReplayTransport } from '../../../src/transport/replay-transport.js';

const FILE = join(import.meta.dirname, '../../fixtures/live-replies/snapshot.json');
const snapshot = () => parseSnapshotFile({ source: FILE, text: readFileSync(FILE, 'utf8') });
const map: MapCluster = async (docs) => {
  const { osdmap, crush } = parseSnapshot(docs.osdmap, docs.crush);
  return { osdmap, crush, placement: mapAllPgs(osdmap, crush, undefined, true) };
};
const quiet: JsonLog = () => {};
const config = (over: Partial<WatchConfig> = {}): WatchConfig => ({
  maxChanges: 10,
  minImprovement: 0.5,
  adopt: false,
  allowOldClients: false,
  latencyOsds: 'none',
  verifyTimeoutMs: 1000,
  latencyHistory: 10,
  selectPools: (m) => [...m.pools.keys()],
  ...over,
});

interface Run {
  t: ReplayTransport;
  statePath: string;
  views: ClusterViews;
  state: WatchState;
}
function start(t: ReplayTransport, statePath = join(mkdtempSync(join(tmpdir(), 'ls-watch-')), 'state.json')): Run {
  return { t, statePath, views: new ClusterViews(map), state: loadWatchState(statePath) };
}
function round(r: Run, over: Partial<WatchConfig> = {}) {
  return watchRound({
    t: r.t,
    views: r.views,
    policy: builtinPolicySource('even') ?? (undefined as never),
    config: config(over),
    state: r.state,
    statePath: r.statePath,
    log: quiet,
    now: Date.now,
    stopping: () => false,
  });
}
const entries = (t: ReplayTransport) =>
  JSON.stringify(
    [...((t as unknown as { osdDump: { pg_upmap_primaries: unknown[] } }).osdDump.pg_upmap_primaries ?? [])].sort(
      (a: unknown, b: unknown) => JSON.stringify(a).localeCompare(JSON.stringify(b)),
    ),
  );
const sentKeys = (t: ReplayTransport) => t.sent.map((c) => `${c.prefix} ${String(c.pgid)} ${String(c.id ?? '')}`);

async function converge(r: Run, max = 40): Promise<number[]> {
  const perRound: number[] = [];
  for (let i = 0; i < max; i++) {
    const s = await round(r);
    perRound.push(s.ops.length);
    if (s.ops.length === 0) break;
  }
  return perRound;
}

describe('watch round on a replayed cluster', () => {
  it('moves at most --max-changes-per-round per round, converges, then sends nothing for 10 rounds', async () => {
    const r = start(new ReplayTransport(snapshot()));
    const perRound = await converge(r);
    expect(perRound.length).toBeGreaterThan(2);
    expect(Math.max(...perRound)).toBeLessThanOrEqual(10);
    expect(perRound.at(-1)).toBe(0);
    const sent = r.t.sent.length;
    for (let i = 0; i < 10; i++) expect((await round(r)).ops).toEqual([]);
    expect(r.t.sent.length).toBe(sent);
    expect(new Set(sentKeys(r.t)).size).toBe(sent);
  });

  it('a restart from the state file (new process: no cache) reaches the same entries and repeats no command', async () => {
    const a = start(new ReplayTransport(snapshot()));
    await converge(a);
    const b = start(new ReplayTransport(snapshot()));
    await round(b);
    await round(b);
    const b2 = start(b.t, b.statePath);
    expect(b2.state.round).toBe(2);
    await converge(b2);
    expect(entries(b.t)).toBe(entries(a.t));
    expect(new Set(sentKeys(b.t)).size).toBe(b.t.sent.length);
  });

  it('an entry someone else made is left alone; with --adopt it is managed like the others', async () => {
    const t = new ReplayTransport(snapshot());
    const om = (await map({
      osdmap: { source: 'x', text: JSON.stringify(snapshot().osd_dump) },
      crush: { source: 'y', text: JSON.stringify(snapshot().osd_crush_dump) },
    })) as Awaited<ReturnType<MapCluster>>;
    const pg = om.placement.pools.get(2)?.pgs[0];
    const other = pg?.acting[1] as number;
    t.mutate((d) => {
      d.pg_upmap_primaries = [{ pgid: '2.0', primary_osd: other }];
    });
    const r = start(t);
    await converge(r);
    expect(t.sent.filter((c) => c.pgid === '2.0')).toEqual([]);
    expect(entries(t)).toContain(`{"pgid":"2.0","primary_osd":${other}}`);
    const s = await round(r);
    expect(s.skipped['entry made by someone else (use --adopt)']).toBe(1);
    const adopted = await round(r, { adopt: true });
    expect(adopted.skipped['entry made by someone else (use --adopt)']).toBeUndefined();
  });

  it('with a threshold no pool reaches, nothing is sent and every planned pool is listed as below it', async () => {
    const r = start(new ReplayTransport(snapshot()));
    const s = await round(r, { minImprovement: 1000 });
    expect(s.ops).toEqual([]);
    expect(r.t.sent).toEqual([]);
    expect(s.rejected.length).toBeGreaterThan(0);
    for (const x of s.rejected) expect(x.why).toMatch(/threshold 1000/);
  });

  it('--method affinity: one round sets the affinity plan of the map (one batch, verified), the next changes nothing', async () => {
    const r = start(new ReplayTransport(snapshot()));
    const before = await map(snapshotDocuments(snapshot(), 'snap'));
    // the pools watch balances: the replicated ones
    const poolIds = [...before.osdmap.pools.values()].filter((p) => p.type === 'replicated').map((p) => p.id);
    const expected = buildAffinityPlan({ ...before, poolIds });
    expect(expected.ops.length).toBeGreaterThan(0);
    const s1 = await round(r, { method: 'affinity', maxChanges: 50 });
    expect(s1.method).toEqual({ used: 'affinity' });
    expect(s1.ops).toEqual([]);
    expect(s1.affinity?.map((o) => [o.osd, o.to, o.result])).toEqual(
      expected.ops.map((o) => [o.osd, o.to, 'accepted']),
    );
    expect(r.t.sent.every((c) => c.prefix === 'osd primary-affinity')).toBe(true);
    const dump = JSON.parse((await r.t.command('mon', { prefix: 'osd dump' })).out) as unknown;
    const after = parseOsdMap(dump, 'replayed osd dump');
    for (const o of expected.ops) expect(after.primaryAffinity?.[o.osd], `osd.${o.osd}`).toBe(o.to);
    const s2 = await round(r, { method: 'affinity', maxChanges: 50 });
    expect(s2.affinity).toEqual([]);
    expect(r.t.sent.length).toBe(expected.ops.length);
  });

  it('--method auto: affinity while ceph features shows a client that ignores pg-upmap-primary; values over the budget wait', async () => {
    const snap = snapshot();
    (snap.features as { client: unknown[] }).client.push({ features: '0x3f01cfbdfffdffff', release: 'reef', num: 1 });
    const r = start(new ReplayTransport(snap));
    const held = await round(r, { method: 'auto', maxChanges: 2 });
    expect(held.method?.used).toBe('affinity');
    expect(held.method?.why).toMatch(/1 reef client\(s\) with features 0x3f01cfbdfffdffff connected/);
    expect(held.affinity?.every((o) => o.result === 'not-sent')).toBe(true);
    expect(r.t.sent).toEqual([]);
    const upmap = await round(start(new ReplayTransport(snapshot())), { method: 'auto' });
    expect(upmap.method).toEqual({ used: 'upmap-primary' });
  });
});
