/**
 * `loadshift watch` on a real Reef 18.2.7 cluster (one cluster for the file: 4 OSDs, one per host, pools rp 32 and
 * p64 64 PGs), with client reads (`rados bench rand`) running during the rounds:
 *   - drain one host: every primary off it within one round (`--once`); lift it: back to the policy's balance
 *     within one round;
 *   - a deep scrub in progress does not stop a round (the scrubbing PG is skipped, the others move);
 *   - kill -9 of the daemon right after it sent a batch, restart: the final state equals what an uninterrupted run
 *     reaches, and no command was sent twice;
 *   - /metrics scraped from the running daemon and parsed with a Prometheus text-format parser.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CEPH_REEF_DIR,
  LOADSHIFT_MAIN,
  assertCliBuilt,
  ceph,
  check,
  chrootBash,
  osdmapMapping,
  runToolAsync,
  startCluster,
  stopCluster,
  waitForPgDump,
  waitUntil,
} from '../helpers/ceph-cluster.js';

const work = mkdtempSync(join(tmpdir(), 'loadshift-watch-'));
const VIA = ['--via', join(CEPH_REEF_DIR, 'run.sh')];
assertCliBuilt();

const policy = (name: string, text: string) => {
  const p = join(work, name);
  writeFileSync(p, text);
  return p;
};
const DRAIN = () => policy('drain.yaml', 'policy: even\nrules:\n  - drain: {hosts: [node2]}\n');
const EVEN = () => policy('even.yaml', 'policy: even\nrules: []\n');

interface Daemon {
  child: ChildProcess;
  lines: Array<Record<string, unknown>>;
  exited: Promise<number | null>;
}

function startWatch(args: string[]): Daemon {
  const child = spawn(process.execPath, [LOADSHIFT_MAIN, 'watch', ...VIA, ...args], {
    cwd: work,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: Array<Record<string, unknown>> = [];
  let buf = '';
  child.stderr?.on('data', (d: Buffer) => {
    buf += d.toString();
    let i = buf.indexOf('\n');
    while (i >= 0) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      try {
        lines.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        lines.push({ event: 'text', text: line });
      }
      i = buf.indexOf('\n');
    }
  });
  const exited = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
  return { child, lines, exited };
}

/** One `watch --once` round; its parsed log lines. */
async function once(args: string[]): Promise<Array<Record<string, unknown>>> {
  const d = startWatch(['--once', ...args]);
  const code = await d.exited;
  if (code !== 0) throw new Error(`watch --once exited ${code}: ${JSON.stringify(d.lines.slice(-3))}`);
  return d.lines;
}

const round = (lines: Array<Record<string, unknown>>) => lines.filter((l) => l.event === 'round').at(-1) ?? {};
const sentOps = (lines: Array<Record<string, unknown>>) =>
  lines.filter((l) => l.event === 'batch-sent').flatMap((l) => l.ops as string[]);

/** Acting primaries per OSD as Ceph itself maps the current osdmap (pools rp, p64). */
function primariesPerOsd(): number[] {
  const counts = [0, 0, 0, 0];
  for (const [pgid, m] of osdmapMapping().pgs) if (!pgid.startsWith('1.')) counts[m.acting_primary]!++;
  return counts;
}

/**
 * Waits until the mgr's pg stats show the current osdmap's primaries, all active+clean. `ceph pg stat` alone can
 * still report the states from before a batch (the OSDs report every few seconds), and the next round would then see
 * the batch's PGs peering and pause their pools.
 */
async function cleanAgain(): Promise<void> {
  await waitForPgDump(undefined, { timeoutMs: 90_000 });
}

/** Polls `ok` until it is true. */
async function waitFor(what: string, ok: () => boolean, opts: { timeoutMs: number; intervalMs: number }) {
  await waitUntil(() => ({ done: ok() }), { ...opts, what });
}

let load: Promise<unknown> | undefined;
beforeAll(async () => {
  await startCluster({
    numOsds: 4,
    pools: [
      { name: 'rp', pgNum: 32 },
      { name: 'p64', pgNum: 64 },
    ],
  });
  check(chrootBash('rados bench -p rp 4 write -b 4096 -t 8 --max-objects 300 --no-cleanup >/dev/null'));
  // objects in p64 too: a deep scrub of an empty PG ends before anyone sees it scrubbing
  check(chrootBash('rados bench -p p64 4 write -b 4096 -t 8 --max-objects 300 --no-cleanup >/dev/null'));
  // client reads during every test of the file (it ends by itself)
  load = runToolAsync('rados', ['bench', '-p', 'rp', '170', 'rand', '-t', '2'], { timeoutMs: 240_000 });
}, 240_000);

afterAll(async () => {
  await load;
  await stopCluster();
}, 300_000);

describe('watch on a real cluster', () => {
  const state = join(work, 'state.json');

  it('balances, then drains host node2 within one round, then gives it its share back within one round', async () => {
    await once(['--state', state, '--policy', EVEN()]);
    await cleanAgain();
    const even = primariesPerOsd();
    expect(Math.max(...even) - Math.min(...even)).toBeLessThanOrEqual(1);

    const drain = await once(['--state', state, '--policy', DRAIN()]);
    expect(round(drain).conditions).toEqual(['drain host node2']);
    expect(primariesPerOsd()[2], JSON.stringify(round(drain))).toBe(0);
    await cleanAgain();

    const lift = await once(['--state', state, '--policy', EVEN()]);
    expect(round(lift).accepted, JSON.stringify(round(lift))).toBeGreaterThan(0);
    const back = primariesPerOsd();
    expect(Math.max(...back) - Math.min(...back)).toBeLessThanOrEqual(1);
    await cleanAgain();
    // nothing left to do
    expect(round(await once(['--state', state, '--policy', EVEN()])).planned).toBe(0);
  }, 180_000);

  it('a deep scrub in progress does not stop a round: that PG is skipped, the others move', async () => {
    check(
      chrootBash(
        'ceph config set osd osd_scrub_chunk_max 1; ceph config set osd osd_scrub_chunk_min 1; ' +
          'ceph config set osd osd_debug_deep_scrub_sleep 4',
      ),
    );
    // a PG of rp or p64 led by node2's osd.2 (the drain will want to move it); which pool depends on how the
    // earlier rounds spread osd.2's share back
    const pg = [...osdmapMapping().pgs].find(
      ([id, m]) => (id.startsWith('2.') || id.startsWith('3.')) && m.acting_primary === 2,
    )?.[0];
    expect(pg).toBeDefined();
    check(ceph(['pg', 'deep-scrub', pg as string]));
    await waitFor(
      `pg ${pg} deep-scrubbing`,
      () => {
        const d = JSON.parse(check(ceph(['pg', 'dump', 'pgs_brief', '-f', 'json'])).stdout) as {
          pg_stats: Array<{ pgid: string; state: string }>;
        };
        return d.pg_stats.find((x) => x.pgid === pg)?.state.includes('scrubbing') === true;
      },
      { timeoutMs: 60_000, intervalMs: 300 },
    );
    const lines = await once(['--state', state, '--policy', DRAIN()]);
    check(
      chrootBash(
        'ceph config rm osd osd_debug_deep_scrub_sleep; ceph config rm osd osd_scrub_chunk_max; ceph config rm osd osd_scrub_chunk_min',
      ),
    );
    const r = round(lines);
    expect(r.status).toBe('ok');
    expect((r.skipped as Record<string, number>).scrubbing).toBeGreaterThanOrEqual(1);
    expect(sentOps(lines).some((o) => o.startsWith(`${pg}>`))).toBe(false);
    expect(r.accepted).toBeGreaterThan(0);
    expect(osdmapMapping().pgs.get(pg as string)?.acting_primary).toBe(2);
    await cleanAgain();
  }, 180_000);

  it('kill -9 right after a batch was sent, restart: same final state as without the kill, no command sent twice', async () => {
    await once(['--state', state, '--policy', EVEN()]);
    await cleanAgain();
    const s2 = join(work, 'state-kill.json');
    // the uninterrupted result of draining node2 from here is known: no primary on osd.2, the rest even (±1)
    // a second daemon (its own state file) takes over the entries the --once rounds above made: --adopt
    const d = startWatch(['--state', s2, '--policy', DRAIN(), '--interval', '2s', '--listen', 'off', '--adopt']);
    await waitFor('a batch sent', () => d.lines.some((l) => l.event === 'batch-sent'), {
      timeoutMs: 60_000,
      intervalMs: 20,
    });
    // in the middle of the batch: its commands are on their way to the monitor (or just committed), no reply read
    await new Promise((res) => setTimeout(res, 150));
    d.child.kill('SIGKILL');
    await d.exited;
    const killedBatch = sentOps(d.lines);
    expect(killedBatch.length).toBeGreaterThan(0);
    const r = startWatch([
      '--state',
      s2,
      '--policy',
      DRAIN(),
      '--interval',
      '2s',
      '--listen',
      '127.0.0.1:0',
      '--adopt',
    ]);
    await waitFor('a round with nothing to do', () => r.lines.some((l) => l.event === 'round' && l.planned === 0), {
      timeoutMs: 90_000,
      intervalMs: 200,
    });
    // a command whose change was already in place would be refused by the monitor (`osd.N is already primary`):
    // every command after the restart was accepted, so none repeated a change the killed batch made
    const replies = r.lines.filter((l) => l.event === 'batch-replies');
    for (const l of replies) expect(l.refused).toEqual([]);
    const inflight = r.lines.find((l) => l.event === 'inflight-batch');
    expect(inflight).toBeDefined();
    console.log(
      `watch kill -9: killed batch ${killedBatch.length} op(s) at e${String(inflight?.epochThen)}, monitor at e${String(inflight?.epochNow)} on restart; ` +
        `${sentOps(r.lines).filter((o) => killedBatch.includes(o)).length} of them sent again after the restart (not committed before the kill)`,
    );
    // what an uninterrupted run reaches: no primary on osd.2, each pool even (±1) over the other OSDs
    const byPool = new Map<string, number[]>();
    for (const [pgid, m] of osdmapMapping().pgs) {
      const pool = pgid.split('.')[0] as string;
      if (pool === '1') continue;
      const c = byPool.get(pool) ?? [0, 0, 0, 0];
      c[m.acting_primary]!++;
      byPool.set(pool, c);
    }
    for (const [pool, c] of byPool) {
      if (c[2] !== 0) console.log('last rounds:', JSON.stringify(r.lines.filter((l) => l.event === 'round').slice(-2)));
      expect([pool, c[2]]).toEqual([pool, 0]);
      const rest = [c[0], c[1], c[3]] as number[];
      expect(Math.max(...rest) - Math.min(...rest)).toBeLessThanOrEqual(1);
    }

    // /metrics of the running daemon, parsed as Prometheus text
    const address = r.lines.find((l) => l.event === 'listening')?.address as string;
    const text = await (await fetch(`http://${address}/metrics`)).text();
    const fam = new Map(parsePrometheusTextFormat(text).map((f) => [f.name, f]));
    const val = (n: string, labels: Record<string, string>) =>
      fam.get(n)?.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v))?.value;
    expect(Number(val('loadshift_osd_primaries', { osd: 'osd.2' }) ?? 0)).toBe(0);
    expect(Number(val('loadshift_pool_read_balance_score', { pool: 'rp' }))).toBeGreaterThan(0);
    expect(val('loadshift_policy_condition_active', { rule: 'drain', subject: 'host node2' })).toBe('1');
    expect(fam.has('loadshift_round_phase_seconds')).toBe(true);
    expect(fam.has('loadshift_changes_applied_total')).toBe(true);
    const health = await fetch(`http://${address}/healthz`);
    expect(health.status).toBe(200);
    const api = (await (await fetch(`http://${address}/api/state`)).json()) as { format: string; fsid: string };
    expect(api.format).toBe('loadshift-watch-api');

    // `ceph osd crush reweight` while the daemon runs: its next round runs CRUSH again only for the PGs whose
    // recorded choices can move ('crush-reweight'), and once the cluster is clean what it sees is what Ceph maps
    const sinceReweight = r.lines.length;
    check(ceph(['osd', 'crush', 'reweight', 'osd.3', '0.05']));
    const isRound = (l: Record<string, unknown>) => l.event === 'round';
    await waitFor(
      'a round after the CRUSH reweight',
      () => r.lines.slice(sinceReweight).some((l) => isRound(l) && l.mapping === 'crush-reweight'),
      { timeoutMs: 60_000, intervalMs: 200 },
    );
    await cleanAgain();
    const sinceClean = r.lines.length;
    await waitFor(
      'a round with nothing to do on the clean cluster',
      () => r.lines.slice(sinceClean).some((l) => isRound(l) && l.status === 'ok' && l.planned === 0),
      { timeoutMs: 90_000, intervalMs: 200 },
    );
    const seen = r.lines
      .slice(sinceClean)
      .filter((l) => isRound(l) && l.status === 'ok' && l.planned === 0)
      .at(-1)?.primaries as Record<string, number>;
    const cephCounts: Record<string, number> = {};
    for (const [, m] of osdmapMapping().pgs) cephCounts[m.acting_primary] = (cephCounts[m.acting_primary] ?? 0) + 1;
    const nonZero = (c: Record<string, number>) => Object.fromEntries(Object.entries(c).filter(([, n]) => n > 0));
    expect(nonZero(seen)).toEqual(nonZero(cephCounts));
    // a round that gathered before the reweight may log after it, but none since mapped everything
    const kinds = r.lines
      .slice(sinceReweight)
      .filter(isRound)
      .map((l) => l.mapping);
    expect(kinds, kinds.join(' ')).not.toContain('full');
    r.child.kill('SIGTERM');
    expect(await r.exited).toBe(0);
    expect(r.lines.at(-1)?.event).toBe('stop');
  }, 240_000);
});
