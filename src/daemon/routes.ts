/**
 * The daemon's HTTP routes, all in this one table (find-my-way does the matching): add a route here and it is
 * served. A handler returns the status, content type and body; it never touches the socket.
 */
import type { WatchApiState } from './api-state.js';
import type { WatchMetrics } from './watch-metrics.js';

export interface RouteReply {
  status: number;
  type: string;
  body: string;
}

export interface Route {
  method: 'GET';
  path: string;
  describe: string;
  handle(): Promise<RouteReply> | RouteReply;
}

export interface RouteDeps {
  metrics: WatchMetrics;
  /** The last round's state (undefined before the first round ends). */
  lastState(): WatchApiState | undefined;
  /** Seconds the daemon may go without finishing a round before /healthz fails. */
  staleAfterSec: number;
  now(): number;
}

const json = (status: number, v: unknown): RouteReply => ({
  status,
  type: 'application/json; charset=utf-8',
  body: `${JSON.stringify(v)}\n`,
});

export function watchRoutes(d: RouteDeps): Route[] {
  return [
    {
      method: 'GET',
      path: '/metrics',
      describe: 'Prometheus metrics (text exposition format)',
      handle: async () => ({
        status: 200,
        type: d.metrics.registry.contentType,
        body: await d.metrics.registry.metrics(),
      }),
    },
    {
      method: 'GET',
      path: '/healthz',
      describe: 'ok when a round ended within the staleness window',
      handle: () => {
        const s = d.lastState();
        const age = s === undefined ? undefined : (d.now() - Date.parse(s.endedAt)) / 1000;
        const ok = age !== undefined && age <= d.staleAfterSec && s?.status !== 'error';
        return json(ok ? 200 : 503, {
          ok,
          round: s?.round ?? 0,
          lastRoundAgeSec: age ?? null,
          status: s?.status ?? 'starting',
        });
      },
    },
    {
      method: 'GET',
      path: '/api/state',
      describe: 'the last round as JSON (WatchApiState, src/daemon/api-state.ts)',
      handle: () => {
        const s = d.lastState();
        return s === undefined ? json(503, { error: 'no round has finished yet' }) : json(200, s);
      },
    },
  ];
}
