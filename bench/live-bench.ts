/**
 * `npm run bench -- live`: gather and apply on a real loopback Reef cluster (started and stopped here with
 * ../shared/ceph-reef/cluster-up.sh; CEPH_REEF_ROOT / MON_PORT are honoured). Measures `loadshift gather`, then
 * 100 changes applied and verified by `loadshift apply` (one batch: python3-rados helper, and the CLI fallback),
 * against the same 100 commands run as one `ceph` process each (what the plan script does).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO, RUN, SHARED } from './ceph-tools.js';

const MAIN = join(REPO, 'dist', 'src', 'cli', 'main.js');

function timed(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf8', maxBuffer: 1 << 28 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: status ${r.status}: ${r.stderr.slice(-400)}`);
  return { ms, stdout: r.stdout, stderr: r.stderr };
}
const ls = (args: string[], cwd: string) => timed(process.execPath, [MAIN, ...args], cwd);
/** Moved PGs re-peer for about a second: wait until every PG is active+clean again (apply skips the others). */
function waitClean(dir: string): void {
  for (let i = 0; i < 120; i++) {
    const st = JSON.parse(timed(RUN, ['-d', dir, 'ceph', 'pg', 'stat', '-f', 'json'], dir).stdout) as {
      pg_summary: { num_pgs: number; num_pg_by_state: { name: string; num: number }[] };
    };
    const clean = st.pg_summary.num_pg_by_state.find((x) => x.name === 'active+clean')?.num ?? 0;
    if (clean === st.pg_summary.num_pgs) return;
    spawnSync('sleep', ['0.5']);
  }
  throw new Error('PGs did not become active+clean within 60 s');
}
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

export async function benchLive(): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'loadshift-live-bench-'));
  const env = {
    ...process.env,
    NUM_OSDS: '8',
    OSDS_PER_HOST: '2',
    OSD_WEIGHTS: '1,1,2,2,0.5,0.5,4,1',
    POOLS: 'p256:256 p128:128',
    MEMSTORE_BYTES: '67108864',
  };
  const out: string[] = [];
  timed(join(SHARED, 'cluster-up.sh'), [], dir, env);
  try {
    timed(RUN, ['-d', dir, 'ceph', 'osd', 'set-require-min-compat-client', 'reef'], dir);
    const via = ['--via', RUN];
    const g = [1, 2, 3].map(() => ls(['gather', ...via, '-o', 'snap.json'], dir));
    const inner = g.map((x) => /in (\d+) ms/.exec(x.stderr)?.[1] ?? '?');
    const pgs = /(\d+) PGs/.exec(g[0]?.stderr ?? '')?.[1];
    out.push(
      `gather (8 OSDs, ${pgs} PGs, 8 OSD counter sets, rados): whole CLI ${g.map((x) => s(x.ms)).join(' / ')}; gather itself ${inner.join(' / ')} ms`,
    );
    ls(['plan', '--from', 'snap.json', '--max-changes', '100', '--format', 'json', '-o', 'plan.json'], dir);
    const n = (JSON.parse(readFileSync(join(dir, 'plan.json'), 'utf8')) as { operations: unknown[] }).operations.length;
    for (const transport of ['rados', 'cli']) {
      waitClean(dir);
      const a = ls(
        [
          'apply',
          'plan.json',
          ...via,
          '--transport',
          transport,
          '--batch',
          '1000',
          '--journal',
          `j-${transport}.json`,
          '--report',
          'json',
        ],
        dir,
      );
      const rep = JSON.parse(a.stdout) as {
        status: string;
        skipped: unknown[];
        stale: unknown[];
        done: unknown[];
        ms: number;
        batches: { epoch_before: number; epoch_after: number; ms: number }[];
      };
      const b = rep.batches[0];
      if (rep.status !== 'applied') {
        out.push(
          `apply (${transport}): ${rep.status}: skipped ${rep.skipped.length} (${JSON.stringify(rep.skipped[0])}), stale ${rep.stale.length}, done ${rep.done.length}`,
        );
        continue;
      }
      out.push(
        `apply ${n} changes, one batch, ${transport}: whole CLI ${s(a.ms)} (preflight + send + verify ${s(rep.ms)}; batch ${s(b?.ms ?? 0)}, epochs e${b?.epoch_before} -> e${b?.epoch_after})`,
      );
      const r = ls(['revert', `j-${transport}.json`, ...via], dir);
      out.push(`revert ${n} changes (${transport}): ${s(r.ms)}`);
    }
    waitClean(dir);
    const script = ls(['plan', '--from', 'snap.json', '--max-changes', '100', '--format', 'script'], dir).stdout;
    const lines = script.split('\n').filter((l) => l.startsWith('ceph '));
    const e0 = JSON.parse(timed(RUN, ['-d', dir, 'ceph', 'osd', 'stat', '-f', 'json'], dir).stdout).epoch as number;
    const t0 = Date.now();
    for (const l of lines) timed(RUN, ['-d', dir, ...l.split(' ')], dir);
    const ms = Date.now() - t0;
    const e1 = JSON.parse(timed(RUN, ['-d', dir, 'ceph', 'osd', 'stat', '-f', 'json'], dir).stdout).epoch as number;
    out.push(
      `same ${lines.length} commands, one ceph process each (plan script): ${s(ms)}, epochs e${e0} -> e${e1} (not verified)`,
    );
  } finally {
    timed(join(SHARED, 'cluster-down.sh'), [], dir);
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}
