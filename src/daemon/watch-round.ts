/**
 * One reconcile round: gather (one consistent snapshot) → map (cached by epoch) → latency → policy → health gates →
 * engine within the round's budget and threshold → preflight guards → one batch (one osdmap epoch), checked and
 * verified. The cluster is the source of truth: every round starts from the osdmap it reads.
 */
import { parseBalancerStatus } from '../ceph/read-balancer-status.js';
import { parseFeatures } from '../ceph/read-features.js';
import { parsePgDump } from '../ceph/read-pg-dump.js';
import { chooseMethod } from '../ceph/plan-method.js';
import { preflightChecks } from '../ceph/preflight-checks.js';
import { planRound } from '../balance/plan-round.js';
import type { PrimaryOp } from '../balance/primary-op.js';
import { healthGates } from '../cluster/health-gates.js';
import type { OsdMap } from '../cluster/osdmap.js';
import type { CrushMap } from '../crush/types.js';
import { appendLatency, latencyRound, type LatencyCounter } from '../cluster/read-latency.js';
import { gatherSnapshot, type GatherOptions } from '../transport/gather-snapshot.js';
import { sendBatch, verifyPrimaries } from '../transport/send-batch.js';
import type { CephTransport } from '../transport/transport.js';
import { affinityRound } from './affinity-round.js';
import type { ApiAffinityOp, ApiOp, WatchApiState } from './api-state.js';
import type { ClusterViews } from './cluster-view.js';
import type { JsonLog } from './json-log.js';
import type { PolicySource } from './policy-source.js';
import { foreignEntries, monitorScores, poolStates, primariesPerOsd } from './round-facts.js';
import { saveWatchState, type WatchState } from './watch-state.js';

export interface WatchConfig {
  /** auto: primary affinity when `ceph features` shows clients that ignore pg-upmap-primary (default upmap-primary). */
  method?: 'auto' | 'upmap-primary' | 'affinity';
  maxChanges: number;
  minImprovement: number;
  adopt: boolean;
  allowOldClients: boolean;
  latencyOsds: GatherOptions['osdCounters'];
  verifyTimeoutMs: number;
  /** Latency rounds kept for the policy. */
  latencyHistory: number;
  /** The pools the daemon balances (from --pool/--exclude-pool), given the current map. */
  selectPools(osdmap: OsdMap): number[];
}

export interface RoundDeps {
  t: CephTransport;
  views: ClusterViews;
  policy: PolicySource;
  config: WatchConfig;
  state: WatchState;
  statePath: string;
  log: JsonLog;
  now(): number;
  /** True once SIGTERM/SIGINT asked to stop: no new batch is sent. */
  stopping(): boolean;
}

export async function watchRound(d: RoundDeps): Promise<WatchApiState> {
  const { state, config, log } = d;
  const startedAt = d.now();
  const timings: Record<string, number> = {};
  let t0 = d.now();
  const phase = (name: string) => {
    const t = d.now();
    timings[name] = t - t0;
    t0 = t;
  };
  const snap = await gatherSnapshot(d.t, { osdCounters: config.latencyOsds, pgDump: 'pgs_brief', full: true });
  const pgs = parsePgDump(snap.pg_dump, `cluster ${snap.fsid} (pg dump)`);
  phase('gather');
  const view = await d.views.get(snap);
  const { osdmap, crush, placement } = view;
  phase('map');

  // per-OSD read latency over the round, from the op_r_latency counters
  const counters: Record<string, LatencyCounter> = {};
  for (const [osd, c] of Object.entries(snap.osd_perf)) counters[osd] = c.op_r_latency;
  const lat = latencyRound(state.counters, counters, startedAt);
  const fresh = state.fsid === snap.fsid && Object.keys(state.counters).length > 0;
  if (fresh) state.latency = appendLatency(state.latency, lat, config.latencyHistory);
  state.counters = counters;
  state.countersAt = startedAt;
  state.fsid = snap.fsid;
  const slow = (snap.health_detail?.checks as Record<string, { summary?: { message?: string } }> | undefined)?.SLOW_OPS;
  if (slow)
    log('warn', 'slow-ops', { message: slow.summary?.message ?? 'SLOW_OPS', note: 'input to the policy, not a gate' });

  const decision = d.policy.decide(view, { now: startedAt, latency: state.latency, state: state.policy });
  state.policy = decision.state;
  phase('policy');

  const poolIds = config.selectPools(osdmap).filter((id) => osdmap.pools.get(id)?.type === 'replicated');
  const gates = healthGates(osdmap, placement, pgs, poolIds);
  const foreign = config.adopt ? new Set<string>() : foreignEntries(osdmap, state.owned);
  const pinned = new Set([...gates.skippedPgs.keys(), ...foreign]);
  const planned = poolIds.filter((id) => !gates.pausedPools.has(id));
  for (const [id, why] of gates.pausedPools) log('warn', 'pool-paused', { pool: osdmap.pools.get(id)?.name, why });
  const method = roundMethod(config, snap.features);
  const round =
    planned.length && method.used === 'upmap-primary'
      ? planRound({
          osdmap,
          crush,
          placement,
          poolIds: planned,
          policy: decision.policy,
          hostOf: view.hosts.hostOf,
          maxChanges: config.maxChanges,
          minImprovement: config.minImprovement,
          pinned,
          primaryOptimum: false, // not shown by the daemon; with unequal shares a flow problem of its own
        })
      : undefined;
  const ops = round?.ops ?? [];
  phase('plan');

  const checks = preflightChecks({
    clusterFsid: snap.fsid,
    planFsid: snap.fsid,
    requireMinCompatClient: osdmap.requireMinCompatClient,
    features: snap.features ? parseFeatures(snap.features, `cluster ${snap.fsid} (features)`) : undefined,
    balancer: parseBalancerStatus(snap.balancer_status),
    allowOldClients: config.allowOldClients,
  });
  const guards = checks.filter((c) => !c.ok).map((c) => `${c.detail}; ${c.fix ?? ''}`);
  const results = new Map<string, ApiOp['result']>();
  let epochAfter = osdmap.epoch;
  let affinity: ApiAffinityOp[] | undefined;
  if (method.used === 'affinity') {
    if (decision.conditions.length > 0)
      log('warn', 'affinity-ignores-conditions', {
        conditions: decision.conditions.map((c) => `${c.rule} ${c.subject}`),
        note: 'primary-affinity rounds balance primary counts evenly; the policy acts through pg-upmap-primary only',
      });
    const paused = [...gates.pausedPools].map(([id, why]) => `pool ${osdmap.pools.get(id)?.name}: ${why}`);
    const r = await affinityRound({
      t: d.t,
      map: d.views.map,
      osdmap,
      crush,
      placement,
      poolIds,
      blocked: paused.length > 0 ? `affinity acts on every pool at once and ${paused.join('; ')}` : undefined,
      maxChanges: config.maxChanges,
      journalPath: `${d.statePath}.affinity-journal.json`,
      verifyTimeoutMs: config.verifyTimeoutMs,
      stopping: d.stopping(),
      log,
    });
    affinity = r.ops;
    epochAfter = r.epochAfter;
  } else if (ops.length > 0 && guards.length === 0 && !d.stopping()) {
    epochAfter = await applyBatch(d, osdmap, crush, ops, results);
  } else if (ops.length > 0) {
    log('warn', guards.length ? 'guard' : 'stopping', { ops: ops.length, guards });
  }
  phase('apply');
  timings.total = d.now() - startedAt;
  state.round++;
  saveWatchState(d.statePath, state);

  const all = results.size > 0 && [...results.values()].every((r) => r === 'accepted');
  const prim = primariesPerOsd(all && round ? round.plan.placementAfter : placement, poolIds);
  const skipped: Record<string, number> = {};
  for (const why of gates.skippedPgs.values()) {
    const k = why.replace(/ \(.*$/, '').replace(/:.*$/, '');
    skipped[k] = (skipped[k] ?? 0) + 1;
  }
  if (foreign.size) skipped['entry made by someone else (use --adopt)'] = foreign.size;
  return {
    format: 'loadshift-watch-api',
    version: 1,
    fsid: snap.fsid,
    round: state.round,
    startedAt: new Date(startedAt).toISOString(),
    endedAt: new Date(d.now()).toISOString(),
    epoch: osdmap.epoch,
    epochAfter,
    policy: d.policy.name,
    status: guards.length > 0 && ops.length > 0 && method.used === 'upmap-primary' ? 'guarded' : 'ok',
    error: null,
    pools: poolStates(osdmap, poolIds, monitorScores(snap), gates.pausedPools, prim.byPool),
    primariesPerOsd: prim.total,
    readLatencyMs: fresh ? lat.readLatencyMs : {},
    conditions: decision.conditions,
    method,
    ...(affinity !== undefined ? { affinity } : {}),
    ops: ops.map((o) => ({
      pgid: o.pgid,
      op: o.op,
      osd: o.op === 'set' ? o.osd : null,
      from: o.from,
      to: o.to,
      reason: o.reason,
      result: results.get(o.pgid) ?? 'not-sent',
    })),
    rejected: (round?.rejected ?? []).map((r) => ({ pool: r.poolName, ops: r.ops, why: r.why })),
    skipped,
    guards,
    timingsMs: timings,
    mapping: view.mapping,
  };
}

/**
 * Sends the ops as one batch. The state file records the targets about to be written before anything is sent (so a
 * kill at any moment leaves entries recognised as the daemon's), and what the monitor accepted after the replies.
 */
async function applyBatch(
  d: RoundDeps,
  osdmap: OsdMap,
  crush: CrushMap,
  ops: readonly PrimaryOp[],
  results: Map<string, ApiOp['result']>,
): Promise<number> {
  const { state, log } = d;
  const before = new Map(ops.map((o) => [o.pgid, osdmap.pgUpmapPrimaries.get(o.pgid)]));
  for (const o of ops) {
    if (o.op !== 'set') continue;
    const old = before.get(o.pgid);
    const keep = old !== undefined && (state.owned[o.pgid] ?? []).includes(old) ? [old] : [];
    state.owned[o.pgid] = [...keep, o.osd];
  }
  state.inflight = { at: d.now(), epoch: osdmap.epoch, ops: ops.length };
  saveWatchState(d.statePath, state);
  log('info', 'batch-sent', {
    epoch: osdmap.epoch,
    ops: ops.map((o) => (o.op === 'set' ? `${o.pgid}>${o.osd}` : `${o.pgid}>rm`)),
  });
  const replies = await sendBatch(d.t, ops);
  const refused: string[] = [];
  replies.forEach((r, i) => {
    const o = ops[i] as PrimaryOp;
    const old = before.get(o.pgid);
    const ok = r.rc === 0;
    results.set(o.pgid, ok ? 'accepted' : 'rejected');
    if (!ok) refused.push(`pg ${o.pgid}: ${r.status}`);
    if (o.op === 'set') {
      if (ok) state.owned[o.pgid] = [o.osd];
      else if (old !== undefined && (state.owned[o.pgid] ?? []).includes(old)) state.owned[o.pgid] = [old];
      else delete state.owned[o.pgid];
    } else if (ok) delete state.owned[o.pgid];
  });
  state.inflight = null;
  saveWatchState(d.statePath, state);
  const accepted = ops.filter((o) => results.get(o.pgid) === 'accepted');
  log(refused.length ? 'warn' : 'info', 'batch-replies', { accepted: accepted.length, refused });
  try {
    const epoch = await verifyPrimaries(
      d.t,
      new Map(accepted.map((o) => [o.pgid, o.to])),
      d.config.verifyTimeoutMs,
      crush,
    );
    log('info', 'batch-verified', { ops: accepted.length, epoch });
    return Math.max(epoch, osdmap.epoch);
  } catch (err) {
    log('warn', 'verify', { error: (err as Error).message });
    return osdmap.epoch;
  }
}

/** The lever of this round: the operator's `--method`, or with auto what `ceph features` allows. */
function roundMethod(config: WatchConfig, features: unknown): NonNullable<WatchApiState['method']> {
  if (config.method === 'affinity') return { used: 'affinity' };
  if (config.method !== 'auto' || config.allowOldClients) return { used: 'upmap-primary' };
  const c = chooseMethod(features, 'ceph features');
  return c.why !== undefined ? { used: c.method, why: c.why } : { used: c.method };
}
