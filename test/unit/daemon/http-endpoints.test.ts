/** /metrics, /healthz and /api/state served by the route table over a real socket (127.0.0.1, a free port). */
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WatchApiState } from '../../../src/daemon/api-state.js';
import { type Listening, parseListen, serveRoutes } from '../../../src/daemon/http-server.js';
import { watchRoutes } from '../../../src/daemon/routes.js';
import { watchMetrics } from '../../../src/daemon/watch-metrics.js';

const state = (over: Partial<WatchApiState> = {}): WatchApiState => ({
  format: 'loadshift-watch-api',
  version: 1,
  fsid: 'f',
  round: 3,
  startedAt: new Date(Date.now() - 500).toISOString(),
  endedAt: new Date().toISOString(),
  epoch: 40,
  epochAfter: 41,
  policy: 'even',
  status: 'ok',
  error: null,
  pools: [
    { id: 2, name: 'rp', score: 1.13, paused: null, primaries: { '0': 9, '1': 7 } },
    { id: 3, name: 'p64', score: 1.25, paused: 'pg 3.1 is peering', primaries: {} },
  ],
  primariesPerOsd: { '0': 9, '1': 7 },
  readLatencyMs: { '0': 0.2, '3': 42.5 },
  conditions: [{ rule: 'latency', subject: 'osd.3', reason: 'slow' }],
  ops: [
    { pgid: '2.1', op: 'set', osd: 1, from: 0, to: 1, reason: 'balance', result: 'accepted' },
    { pgid: '2.2', op: 'set', osd: 1, from: 0, to: 1, reason: 'balance', result: 'rejected' },
  ],
  rejected: [{ pool: 'p32', ops: 4, why: 'below' }],
  skipped: {},
  guards: [],
  timingsMs: { gather: 50, map: 3, policy: 0, plan: 20, apply: 900, total: 973 },
  mapping: 'incremental',
  ...over,
});

let last: WatchApiState | undefined;
let http: Listening;
const metrics = watchMetrics();
const base = () => `http://${http.address}`;

beforeAll(async () => {
  http = await serveRoutes(
    watchRoutes({ metrics, lastState: () => last, staleAfterSec: 60, now: Date.now }),
    '127.0.0.1',
    0,
  );
});
afterAll(() => http.close());

describe('HTTP endpoints', () => {
  it('before the first round: /healthz 503, /api/state 503, unknown paths 404', async () => {
    expect((await fetch(`${base()}/healthz`)).status).toBe(503);
    expect((await fetch(`${base()}/api/state`)).status).toBe(503);
    const r = await fetch(`${base()}/nope`);
    expect(r.status).toBe(404);
    expect(await r.text()).toMatch(/routes: \/metrics, \/healthz, \/api\/state/);
  });

  it('after a round: /metrics parses as Prometheus text with the documented families and values', async () => {
    last = state();
    metrics.record(last);
    const r = await fetch(`${base()}/metrics`);
    expect(r.headers.get('content-type')).toMatch(/^text\/plain/);
    const fam = new Map(parsePrometheusTextFormat(await r.text()).map((f) => [f.name, f]));
    const val = (name: string, labels: Record<string, string> = {}) =>
      fam.get(name)?.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v))?.value;
    expect(val('loadshift_pool_read_balance_score', { pool: 'rp' })).toBe('1.13');
    expect(val('loadshift_pool_paused', { pool: 'p64' })).toBe('1');
    expect(val('loadshift_osd_primaries', { osd: 'osd.0' })).toBe('9');
    expect(Number(val('loadshift_osd_read_latency_seconds', { osd: 'osd.3' }))).toBeCloseTo(0.0425, 6);
    expect(val('loadshift_policy_condition_active', { rule: 'latency', subject: 'osd.3' })).toBe('1');
    expect(val('loadshift_changes_applied_total')).toBe('1');
    expect(val('loadshift_changes_rejected_total', { reason: 'monitor' })).toBe('1');
    expect(val('loadshift_changes_rejected_total', { reason: 'threshold' })).toBe('4');
    expect(val('loadshift_osdmap_epoch')).toBe('41');
    expect(fam.get('loadshift_round_phase_seconds')?.type).toBe('HISTOGRAM');
    // this parser keeps only the buckets of a labelled histogram (it merges the phases): the +Inf bucket counts
    // every observation of the round (6 phases)
    const h = fam.get('loadshift_round_phase_seconds')?.metrics[0]?.buckets ?? {};
    expect(Number(h['+Inf'])).toBeGreaterThanOrEqual(1);
  });

  it('/healthz is ok after a recent round; /api/state returns the last round as it is', async () => {
    last = state();
    const h = await fetch(`${base()}/healthz`);
    expect(h.status).toBe(200);
    expect(((await h.json()) as { ok: boolean }).ok).toBe(true);
    const a = await fetch(`${base()}/api/state`);
    expect(await a.json()).toEqual(last);
    last = state({ endedAt: new Date(Date.now() - 120_000).toISOString() });
    expect((await fetch(`${base()}/healthz`)).status).toBe(503);
  });

  it('--listen values', () => {
    expect(parseListen('9433')).toEqual({ host: '127.0.0.1', port: 9433 });
    expect(parseListen('0.0.0.0:80')).toEqual({ host: '0.0.0.0', port: 80 });
    expect(parseListen('[::1]:9433')).toEqual({ host: '::1', port: 9433 });
    expect(() => parseListen('host:99999')).toThrow(/expected PORT or HOST:PORT/);
    expect(() => parseListen('x')).toThrow(/expected PORT or HOST:PORT/);
  });
});
