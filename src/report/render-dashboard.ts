/**
 * The `watch` daemon's dashboard page (GET /): the report's views of the last round, redrawn from GET /api/state
 * every few seconds. The chart library comes from the daemon's own asset route; nothing else is requested.
 */
import type { WatchApiState } from '../daemon/api-state.js';
import { type ChartLib, renderPage } from './render-report.js';
import { watchStateView } from './watch-view.js';

export interface DashboardUrls {
  state: string;
  lib: string;
  pollMs: number;
}

export function renderDashboard(state: WatchApiState | undefined, lib: ChartLib, urls: DashboardUrls): string {
  return renderPage(state === undefined ? null : watchStateView(state), lib, {
    poll: { url: urls.state, ms: urls.pollMs },
    libUrl: urls.lib,
    viewSource: watchStateView.toString(),
  });
}
