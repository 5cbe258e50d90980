/**
 * The watch daemon's dashboard in real headless Chromium: the daemon's own HTTP server and route table
 * (serveRoutes(watchRoutes(...)) on 127.0.0.1, a free port) serving the state of real watch rounds run on a cluster
 * replayed from a snapshot recorded on the real Reef test cluster (fixtures/live-replies). Checks what a person sees
 * after round 1, that the page redraws by itself from /api/state after round 2, that nothing but that server is
 * requested and no console error; saves screenshots under test-output/browser/.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSnapshot } from '../../src/ceph/read-snapshot.js';
import { parseSnapshotFile } from '../../src/ceph/snapshot-file.js';
import { chartLib } from '../../src/cli/chart-lib.js';
import { mapAllPgs } from '../../src/cluster/pg-mapping.js';
import type { WatchApiState } from '../../src/daemon/api-state.js';
import { ClusterViews } from '../../src/daemon/cluster-view.js';
import { type Listening, serveRoutes } from '../../src/daemon/http-server.js';
import { builtinPolicySource } from '../../src/daemon/policy-source.js';
import { watchRoutes } from '../../src/daemon/routes.js';
import { watchMetrics } from '../../src/daemon/watch-metrics.js';
import { watchRound } from '../../src/daemon/watch-round.js';
import { loadWatchState } from '../../src/daemon/watch-state.js';
import type { MapCluster } from '../../src/transport/live-state.js';
import { ReplayTransport } from '../../src/transport/replay-transport.js';
import { drawnShare, HAVE_CHROMIUM, IN_CI, launch, OUT, tableCells, watchedPage } from './browser.js';

const FILE = join(import.meta.dirname, '../fixtures/live-replies/snapshot.json');
const map: MapCluster = async (docs) => {
  const { osdmap, crush } = parseSnapshot(docs.osdmap, docs.crush);
  return { osdmap, crush, placement: mapAllPgs(osdmap, crush, undefined, true) };
};

describe.skipIf(!HAVE_CHROMIUM && !IN_CI)('the watch dashboard in headless Chromium', () => {
  let browser: Browser;
  let http: Listening;
  let last: WatchApiState | undefined;
  const snapshot = parseSnapshotFile({ source: FILE, text: readFileSync(FILE, 'utf8') });
  const t = new ReplayTransport(snapshot);
  const statePath = join(mkdtempSync(join(tmpdir(), 'ls-dash-')), 'state.json');
  const state = loadWatchState(statePath);
  const views = new ClusterViews(map);
  const metrics = watchMetrics();
  const round = async () => {
    last = await watchRound({
      t,
      views,
      policy: builtinPolicySource('even') ?? (undefined as never),
      config: {
        maxChanges: 10,
        minImprovement: 0.5,
        adopt: false,
        allowOldClients: false,
        latencyOsds: 'none',
        verifyTimeoutMs: 1000,
        latencyHistory: 10,
        selectPools: (m) => [...m.pools.keys()],
      },
      state,
      statePath,
      log: () => {},
      now: Date.now,
      stopping: () => false,
    });
    metrics.record(last);
    return last;
  };

  beforeAll(async () => {
    http = await serveRoutes(
      watchRoutes({
        metrics,
        lastState: () => last,
        staleAfterSec: 60,
        now: Date.now,
        chartLib: chartLib(),
        dashboardPollMs: 300,
      }),
      '127.0.0.1',
      0,
    );
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await http?.close();
  });

  it('waits for the first round, then shows it; redraws by itself after the next round', async () => {
    const origin = `http://${http.address}`;
    const { page, errors, external } = await watchedPage(browser, origin);
    await page.goto(`${origin}/`);
    await page.waitForFunction(() => document.getElementById('live-status')?.textContent?.includes('waiting'));

    const r1 = await round();
    expect(r1.status).toBe('ok');
    expect(r1.ops.length).toBe(10);
    await page.waitForFunction(() => document.querySelector('h1')?.textContent === 'loadshift watch');
    await page.waitForSelector('#chart-osd-heat canvas');
    await page.waitForTimeout(300);
    const subtitle = (await page.textContent('[data-testid="subtitle"]')) ?? '';
    expect(subtitle).toContain(`cluster ${snapshot.fsid}`);
    expect(subtitle).toContain(`round 1, osdmap e${r1.epoch} -> e${r1.epochAfter}`);
    expect(await page.textContent('[data-testid="card-ops"] b')).toBe('10');

    // per pool: Ceph's score as the monitor reports it, the busiest OSD before -> after the round's batch (every op
    // was accepted, so the state's counts are the cluster after it: before = them with the ops undone)
    expect(r1.ops.every((o) => o.result === 'accepted')).toBe(true);
    const pools = await tableCells(page, 'pools-table');
    expect(pools.map((r) => r[0])).toEqual(r1.pools.map((p) => p.name));
    for (const [k, p] of r1.pools.entries()) {
      const a = Math.max(0, ...Object.values(p.primaries));
      const before = { ...p.primaries };
      for (const o of r1.ops)
        if (o.pgid.startsWith(`${p.id}.`)) {
          before[String(o.from)] = (before[String(o.from)] ?? 0) + 1;
          before[String(o.to)] = (before[String(o.to)] ?? 0) - 1;
        }
      const b = Math.max(0, ...Object.values(before));
      expect(pools[k]![3], p.name).toBe(p.score === null ? '-' : p.score.toFixed(2));
      expect(pools[k]![4], p.name).toBe(b === a ? String(a) : `${b} → ${a}`);
    }
    // the round's ops and what became of them
    const ops = await tableCells(page, 'plan-table');
    expect(ops.map((r) => [r[1], r[5]])).toEqual(r1.ops.map((o) => [o.pgid, o.result]));
    for (const id of ['chart-osd-sorted', 'chart-osd-heat'])
      expect(await drawnShare(page, id), id).toBeGreaterThan(0.01);
    await page.screenshot({ path: join(OUT, 'dashboard-round1.png'), fullPage: true });
    // for the README (docs/dashboard.png is a copy)
    await page.screenshot({
      path: join(OUT, 'dashboard-top.png'),
      fullPage: true,
      clip: { x: 0, y: 0, width: 1300, height: 1240 },
    });

    const r2 = await round();
    expect(r2.round).toBe(2);
    await page.waitForFunction(
      (e) => document.querySelector('[data-testid="subtitle"]')?.textContent?.includes(`round 2, osdmap e${e}`),
      r2.epoch,
    );
    expect(await page.textContent('[data-testid="live-status"]')).toMatch(/^live: updated /);
    expect((await tableCells(page, 'plan-table')).map((r) => r[1])).toEqual(r2.ops.map((o) => o.pgid));
    await page.screenshot({ path: join(OUT, 'dashboard-round2.png'), fullPage: true });
    // before the first round /api/state answers 503 (the page says "waiting"), which Chromium logs; nothing else
    const waiting = /^console: Failed to load resource: the server responded with a status of 503/;
    expect(errors.filter((e) => !waiting.test(e))).toEqual([]);
    expect(errors.length).toBeGreaterThan(0);
    expect(external).toEqual([]);
  });
});
