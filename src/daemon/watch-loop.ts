/**
 * The daemon: rounds every interval until SIGTERM/SIGINT (which stop it between batches), with structured logs,
 * metrics and the HTTP endpoints. `once` runs one round and returns (cron, systemd timers).
 */
import { cephJson } from '../transport/ceph-json.js';
import type { CephTransport } from '../transport/transport.js';
import type { WatchApiState } from './api-state.js';
import { ClusterViews } from './cluster-view.js';
import { serveRoutes, type Listening } from './http-server.js';
import type { JsonLog } from './json-log.js';
import type { PolicySource } from './policy-source.js';
import { watchRoutes } from './routes.js';
import { watchMetrics } from './watch-metrics.js';
import { type WatchConfig, watchRound } from './watch-round.js';
import { checkStateCluster, saveWatchState, type WatchState } from './watch-state.js';
import type { MapCluster } from '../transport/live-state.js';

export interface WatchOptions {
  t: CephTransport;
  map: MapCluster;
  policy: PolicySource;
  config: WatchConfig;
  statePath: string;
  /** The state file as read before connecting (loadWatchState). */
  state: WatchState;
  intervalMs: number;
  once: boolean;
  /** Where to serve /metrics, /healthz, /api/state; undefined: no HTTP. */
  listen?: { host: string; port: number };
  log: JsonLog;
}

export interface WatchSummary {
  rounds: number;
  last: WatchApiState | undefined;
  /** The last round's status, for `--once`'s exit code. */
  lastError: unknown;
}

export async function runWatch(o: WatchOptions): Promise<WatchSummary> {
  const { log } = o;
  const { state } = o;
  checkStateCluster(state, o.t.fsid, o.statePath);
  const views = new ClusterViews(o.map);
  const metrics = watchMetrics();
  let last: WatchApiState | undefined;
  let stop = false;
  let wake: (() => void) | undefined;
  const onSignal = (sig: string) => {
    log('info', 'signal', { signal: sig, note: 'stopping after the current batch' });
    stop = true;
    wake?.();
  };
  const handlers = { SIGTERM: () => onSignal('SIGTERM'), SIGINT: () => onSignal('SIGINT') };
  process.on('SIGTERM', handlers.SIGTERM);
  process.on('SIGINT', handlers.SIGINT);
  let http: Listening | undefined;
  let rounds = 0;
  let lastError: unknown;
  try {
    if (o.listen) {
      http = await serveRoutes(
        watchRoutes({
          metrics,
          lastState: () => last,
          staleAfterSec: Math.max(60, (3 * o.intervalMs) / 1000),
          now: Date.now,
        }),
        o.listen.host,
        o.listen.port,
      );
      log('info', 'listening', { address: http.address, routes: ['/metrics', '/healthz', '/api/state'] });
    }
    log('info', 'start', {
      fsid: o.t.fsid,
      transport: o.t.kind,
      policy: o.policy.name,
      intervalMs: o.intervalMs,
      once: o.once,
      state: o.statePath,
      maxChanges: o.config.maxChanges,
      minImprovement: o.config.minImprovement,
    });
    if (state.inflight !== null) {
      // killed while a batch was in flight: let the monitor commit (or drop) it before reading the map again
      const at = state.inflight.epoch;
      const t0 = Date.now();
      let epoch = at;
      while (Date.now() - t0 < 5000 && epoch <= at) {
        await sleep(500);
        epoch = ((await cephJson(o.t, 'mon', { prefix: 'osd stat' })) as { epoch: number }).epoch;
      }
      log('info', 'inflight-batch', {
        epochThen: at,
        epochNow: epoch,
        ops: state.inflight.ops,
        waitedMs: Date.now() - t0,
      });
      state.inflight = null;
      saveWatchState(o.statePath, state);
    }
    while (!stop) {
      const t0 = Date.now();
      try {
        last = await watchRound({
          t: o.t,
          views,
          policy: o.policy,
          config: o.config,
          state,
          statePath: o.statePath,
          log,
          now: Date.now,
          stopping: () => stop,
        });
        lastError = undefined;
        log('info', 'round', roundLine(last));
      } catch (err) {
        lastError = err;
        const now = new Date().toISOString();
        last = errorState(last, o.policy.name, err, now, Date.now() - t0);
        log('error', 'round-error', { error: (err as Error).message });
      }
      metrics.record(last);
      rounds++;
      if (o.once) break;
      const wait = Math.max(0, o.intervalMs - (Date.now() - t0));
      await new Promise<void>((res) => {
        wake = res;
        setTimeout(res, wait).unref();
      });
      wake = undefined;
    }
  } finally {
    process.off('SIGTERM', handlers.SIGTERM);
    process.off('SIGINT', handlers.SIGINT);
    await http?.close();
    log('info', 'stop', { rounds });
  }
  return { rounds, last, lastError };
}

function roundLine(s: WatchApiState): Record<string, unknown> {
  return {
    round: s.round,
    epoch: s.epoch,
    epochAfter: s.epochAfter,
    status: s.status,
    mapping: s.mapping,
    planned: s.ops.length,
    accepted: s.ops.filter((x) => x.result === 'accepted').length,
    belowThreshold: s.rejected.reduce((a, r) => a + r.ops, 0),
    paused: s.pools.filter((p) => p.paused !== null).map((p) => p.name),
    skipped: s.skipped,
    conditions: s.conditions.map((c) => `${c.rule} ${c.subject}`),
    scores: Object.fromEntries(s.pools.map((p) => [p.name, p.score])),
    primaries: s.primariesPerOsd,
    latencyMs: s.readLatencyMs,
    ms: s.timingsMs,
  };
}

function errorState(
  prev: WatchApiState | undefined,
  policy: string,
  err: unknown,
  now: string,
  ms: number,
): WatchApiState {
  return {
    format: 'loadshift-watch-api',
    version: 1,
    fsid: prev?.fsid ?? '',
    round: prev?.round ?? 0,
    startedAt: now,
    endedAt: now,
    epoch: prev?.epoch ?? 0,
    epochAfter: prev?.epochAfter ?? 0,
    policy,
    status: 'error',
    error: (err as Error).message,
    pools: prev?.pools ?? [],
    primariesPerOsd: prev?.primariesPerOsd ?? {},
    readLatencyMs: {},
    conditions: prev?.conditions ?? [],
    ops: [],
    rejected: [],
    skipped: {},
    guards: [],
    timingsMs: { total: ms },
    mapping: prev?.mapping ?? 'full',
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
