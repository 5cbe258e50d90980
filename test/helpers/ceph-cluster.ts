/**
 * Test helper for the real-cluster integration tests (test/integration only, never `npm test`).
 *
 * Drives the real Ceph Reef 18.2.7 toolbox that sits beside the repository at `../shared/ceph-reef/`
 * (`LOADSHIFT_CEPH_REEF_DIR` overrides it): `cluster-up.sh` / `cluster-down.sh` start and stop a loopback
 * cluster (1 mon, 1 mgr, memstore OSDs) inside a trixie chroot, and `run.sh [-d DIR] TOOL ARGS` runs
 * `ceph`, `osdmaptool`, ... in that chroot with DIR mounted at `/data` (so files are passed by relative path).
 * Everything needs root. Only one cluster can run at a time (mon port 3300).
 *
 * The Ceph oracle used to wait for the mgr: `ceph osd getmap` + `osdmaptool --test-map-pgs-dump-all` maps every
 * PG with Ceph's own code (honouring pg_upmap_primaries); the mgr's `pg dump pgs_brief` lags the osdmap by
 * seconds, so `waitForPgDump()` polls it until it shows that mapping for every PG, all active+clean.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The Ceph releases the tests can run against: their toolbox beside the repository and its chroot. */
export const CEPH_RELEASES = {
  reef: {
    version: '18.2.7',
    toolbox: join('..', 'shared', 'ceph-reef'),
    root: '/srv/trixie',
    rootEnv: 'CEPH_REEF_ROOT',
  },
  tentacle: {
    version: '20.2.4',
    toolbox: join('..', 'shared', 'ceph-tentacle'),
    root: '/srv/forky',
    rootEnv: 'CEPH_TENTACLE_ROOT',
  },
} as const;
export type CephRelease = keyof typeof CEPH_RELEASES;
/** LOADSHIFT_CEPH_RELEASE=tentacle runs the cluster tests on Tentacle (default: reef). */
export const CEPH_RELEASE: CephRelease = process.env.LOADSHIFT_CEPH_RELEASE === 'tentacle' ? 'tentacle' : 'reef';
const RELEASE = CEPH_RELEASES[CEPH_RELEASE];
/** The toolbox, always found relative to the repository root (CI clones the repo elsewhere with ../shared beside it). */
export const CEPH_REEF_DIR = resolve(REPO_ROOT, process.env.LOADSHIFT_CEPH_REEF_DIR ?? RELEASE.toolbox);
const CHROOT_ROOT = process.env[RELEASE.rootEnv] ?? RELEASE.root;
const RUN_SH = join(CEPH_REEF_DIR, 'run.sh');

// ---------------------------------------------------------------------------------------------------------------
// running tools

export interface CmdResult {
  /** The command as run (after `run.sh`), for messages. */
  command: string;
  stdout: string;
  stderr: string;
  /** Exit status; null when the process was killed (timeout). */
  status: number | null;
  ms: number;
}

export interface RunOptions {
  /** Host folder mounted at /data in the chroot and used as cwd (default: a scratch folder). */
  dir?: string;
  timeoutMs?: number;
}

let scratch: string | undefined;
function scratchDir(): string {
  scratch ??= mkdtempSync(join(tmpdir(), 'loadshift-ceph-'));
  return scratch;
}

function describe(argv: string[]): string {
  return argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}

/** Runs a Reef tool in the chroot (synchronously): `run.sh -d DIR TOOL ARGS...`. */
export function runTool(tool: string, args: string[], opts: RunOptions = {}): CmdResult {
  const t0 = Date.now();
  const r = spawnSync(RUN_SH, ['-d', opts.dir ?? scratchDir(), tool, ...args], {
    encoding: 'utf8',
    timeout: opts.timeoutMs ?? 120_000,
    maxBuffer: 256 * 1024 * 1024,
  });
  if (r.error && (r.error as NodeJS.ErrnoException).code !== 'ETIMEDOUT') throw r.error;
  return {
    command: describe([tool, ...args]),
    stdout: r.stdout ?? '',
    stderr: r.stderr ?? '',
    status: r.status,
    ms: Date.now() - t0,
  };
}

/** Same as runTool, without blocking the event loop (for long commands and parallel ceph calls). */
export function runToolAsync(tool: string, args: string[], opts: RunOptions = {}): Promise<CmdResult> {
  return spawnAsync(RUN_SH, ['-d', opts.dir ?? scratchDir(), tool, ...args], {
    timeoutMs: opts.timeoutMs ?? 120_000,
  }).then((r) => ({
    ...r,
    command: describe([tool, ...args]),
  }));
}

function spawnAsync(
  file: string,
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; timeoutMs: number },
): Promise<CmdResult> {
  const t0 = Date.now();
  return new Promise((resolvePromise, reject) => {
    const child = spawn(file, args, { env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGTERM'), opts.timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ command: describe([file, ...args]), stdout, stderr, status: code, ms: Date.now() - t0 });
    });
  });
}

/** `ceph ARGS...` in the chroot. Never throws on a non-zero status: the caller checks `status`. */
export function ceph(args: string[], opts: RunOptions = {}): CmdResult {
  return runTool('ceph', args, opts);
}

export function cephAsync(args: string[], opts: RunOptions = {}): Promise<CmdResult> {
  return runToolAsync('ceph', args, opts);
}

/** Throws with the command, status and stderr unless the command succeeded. */
export function check(r: CmdResult): CmdResult {
  if (r.status !== 0)
    throw new Error(`'${r.command}' failed (status ${r.status}): ${r.stderr.trim() || r.stdout.trim()}`);
  return r;
}

/** `ceph ARGS... -f json`, parsed; throws if the command fails. */
export function cephJson<T = unknown>(args: string[], opts: RunOptions = {}): T {
  const r = check(ceph([...args, '-f', 'json'], opts));
  try {
    return JSON.parse(r.stdout) as T;
  } catch {
    throw new Error(`'${r.command}' did not print JSON: ${r.stdout.slice(0, 200)}`);
  }
}

/** Runs a bash script in the chroot with DIR at /data (one chroot start for several commands). */
export function chrootBash(script: string, opts: RunOptions = {}): CmdResult {
  return runTool('bash', ['-euo', 'pipefail', '-c', script], opts);
}

// ---------------------------------------------------------------------------------------------------------------
// Ceph JSON shapes used here (only the fields the tests read)

export interface PgBrief {
  pgid: string;
  state: string;
  up: number[];
  acting: number[];
  up_primary: number;
  acting_primary: number;
}
export interface PgsBriefDump {
  pg_ready: boolean;
  pg_stats: PgBrief[];
}
export interface PoolDetail {
  pool_id: number;
  pool_name: string;
  type: number; // 1 replicated, 3 erasure
  size: number;
  pg_num: number;
  crush_rule: number;
  read_balance?: Record<string, number>;
}
export interface PgStat {
  pg_ready: boolean;
  pg_summary: { num_pg_by_state: { name: string; num: number }[]; num_pgs: number };
}

export function pgsBrief(): PgBrief[] {
  return cephJson<PgsBriefDump>(['pg', 'dump', 'pgs_brief']).pg_stats;
}

export function poolDetails(): PoolDetail[] {
  return cephJson<PoolDetail[]>(['osd', 'pool', 'ls', 'detail']);
}

export function osdmapEpoch(): number {
  return cephJson<{ epoch: number }>(['osd', 'dump']).epoch;
}

// ---------------------------------------------------------------------------------------------------------------
// waiting

export interface WaitOptions {
  timeoutMs?: number;
  intervalMs?: number;
  /** What is being waited for, for the timeout message. */
  what?: string;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Polls `probe` until it returns `{ done: true }`; on timeout throws with the last `detail` it gave.
 * `probe` may be sync or async; an exception in it is treated as "not yet" (the mgr may not answer yet).
 */
export async function waitUntil<T>(
  probe: () => { done: boolean; value?: T; detail?: string } | Promise<{ done: boolean; value?: T; detail?: string }>,
  opts: WaitOptions = {},
): Promise<{ value: T | undefined; ms: number; polls: number }> {
  const t0 = Date.now();
  const timeout = opts.timeoutMs ?? 60_000;
  let polls = 0;
  let last = '';
  for (;;) {
    polls++;
    try {
      const r = await probe();
      if (r.done) return { value: r.value, ms: Date.now() - t0, polls };
      last = r.detail ?? '';
    } catch (err) {
      last = `probe threw: ${(err as Error).message}`;
    }
    if (Date.now() - t0 > timeout)
      throw new Error(`timed out after ${timeout} ms waiting for ${opts.what ?? 'condition'}; last: ${last}`);
    await sleep(opts.intervalMs ?? 500);
  }
}

/** Waits until the mgr reports every PG active+clean (`ceph pg stat`). */
export async function waitForActiveClean(opts: WaitOptions = {}): Promise<number> {
  const r = await waitUntil(
    () => {
      const s = cephJson<PgStat>(['pg', 'stat']);
      const states = s.pg_summary.num_pg_by_state;
      const clean = states.filter((x) => x.name === 'active+clean').reduce((a, x) => a + x.num, 0);
      return { done: s.pg_summary.num_pgs > 0 && clean === s.pg_summary.num_pgs, detail: JSON.stringify(states) };
    },
    { what: 'all PGs active+clean', ...opts },
  );
  return r.ms;
}

export interface PgMapping {
  up: number[];
  up_primary: number;
  acting: number[];
  acting_primary: number;
}

/** Parses `osdmaptool --test-map-pgs-dump-all` lines: `2.0 raw ([6,3,5], p6) up ([3,6,5], p3) acting ([3,6,5], p3)`. */
export function parseTestMapPgsDumpAll(text: string): Map<string, PgMapping & { raw: number[]; raw_primary: number }> {
  const list = (s: string) => (s.trim() === '' ? [] : s.split(',').map(Number));
  const out = new Map<string, PgMapping & { raw: number[]; raw_primary: number }>();
  const re =
    /^(\d+\.[0-9a-f]+) raw \(\[([^\]]*)\], p(-?\d+)\) up \(\[([^\]]*)\], p(-?\d+)\) acting \(\[([^\]]*)\], p(-?\d+)\)/;
  for (const line of text.split('\n')) {
    const m = re.exec(line);
    if (!m) continue;
    out.set(m[1]!, {
      raw: list(m[2]!),
      raw_primary: Number(m[3]),
      up: list(m[4]!),
      up_primary: Number(m[5]),
      acting: list(m[6]!),
      acting_primary: Number(m[7]),
    });
  }
  return out;
}

/**
 * Every PG's mapping as Ceph's own code computes it from the current osdmap (`ceph osd getmap` +
 * `osdmaptool --test-map-pgs-dump-all`), one chroot call. Optionally keeps the files in `dir`.
 */
export function osdmapMapping(dir?: string): { epoch: number; pgs: Map<string, PgMapping>; text: string } {
  const d = dir ?? mkdtempSync(join(scratchDir(), 'map-'));
  const r = check(
    chrootBash(
      'ceph osd getmap -o osdmap.bin 2>getmap.err; cat getmap.err >&2; osdmaptool osdmap.bin --test-map-pgs-dump-all 2>/dev/null',
      {
        dir: d,
      },
    ),
  );
  const m = /got osdmap epoch (\d+)/.exec(r.stderr);
  if (!m) throw new Error(`ceph osd getmap printed no epoch: ${r.stderr}`);
  return { epoch: Number(m[1]), pgs: parseTestMapPgsDumpAll(r.stdout), text: r.stdout };
}

function sameMapping(a: PgMapping, b: PgMapping): boolean {
  return (
    a.up_primary === b.up_primary &&
    a.acting_primary === b.acting_primary &&
    a.up.join(',') === b.up.join(',') &&
    a.acting.join(',') === b.acting.join(',')
  );
}

/**
 * Waits until the mgr's `pg dump pgs_brief` has caught up: every PG active+clean and showing exactly `expected`
 * (default: the mapping Ceph computes from the osdmap as it is at each poll). Returns the caught-up dump.
 */
export async function waitForPgDump(
  expected?: Map<string, PgMapping>,
  opts: WaitOptions = {},
): Promise<{ pgs: PgBrief[]; ms: number; polls: number }> {
  const r = await waitUntil<PgBrief[]>(
    () => {
      // without an expected mapping, follow the osdmap: a running daemon may still change it while we wait
      const want = expected ?? osdmapMapping().pgs;
      const pgs = pgsBrief();
      const bad: string[] = [];
      if (pgs.length !== want.size) bad.push(`${pgs.length} PGs in pg dump, ${want.size} expected`);
      for (const p of pgs) {
        const w = want.get(p.pgid);
        if (!w) bad.push(`${p.pgid} unexpected`);
        else if (!sameMapping(p, w))
          bad.push(
            `${p.pgid} acting ${JSON.stringify(p.acting)}p${p.acting_primary} != ${JSON.stringify(w.acting)}p${w.acting_primary}`,
          );
        if (p.state !== 'active+clean') bad.push(`${p.pgid} ${p.state}`);
      }
      return {
        done: bad.length === 0,
        value: pgs,
        detail: `${bad.length} mismatches, e.g. ${bad.slice(0, 5).join('; ')}`,
      };
    },
    { what: 'pg dump pgs_brief to match the osdmap', timeoutMs: 90_000, ...opts },
  );
  return { pgs: r.value ?? [], ms: r.ms, polls: r.polls };
}

/** Alias named after the brief: waits until the mgr's pg dump reflects the osdmap at (at least) `epoch`. */
export async function waitForPgDumpEpoch(epoch: number, opts: WaitOptions = {}): Promise<PgBrief[]> {
  const m = osdmapMapping();
  if (m.epoch < epoch) throw new Error(`osdmap is at e${m.epoch}, older than e${epoch}`);
  return (await waitForPgDump(m.pgs, opts)).pgs;
}

// ---------------------------------------------------------------------------------------------------------------
// dumps

export const DUMP_FILES = {
  osdDump: 'osd-dump.json',
  crushDump: 'osd-crush-dump.json',
  pgsBrief: 'pg-dump-pgs-brief.json',
  poolLsDetail: 'pool-ls-detail.json',
} as const;

export interface Dumps {
  dir: string;
  epoch: number;
  files: typeof DUMP_FILES;
}

/**
 * Writes osd-dump.json, osd-crush-dump.json, pg-dump-pgs-brief.json, pool-ls-detail.json (plain `ceph ... -f json`)
 * into `dir`, plus `osdmap.bin` (`ceph osd getmap` at the dumped epoch) and `test-map-pgs-dump-all.txt`
 * (`osdmaptool --test-map-pgs-dump-all`, Ceph's own mapping of every PG). By default it first waits until the mgr's
 * pg dump matches the osdmap, so the four JSON files describe one consistent state.
 */
export async function gatherDumps(dir: string, opts: { waitForPgDump?: boolean } = {}): Promise<Dumps> {
  mkdirSync(dir, { recursive: true });
  if (opts.waitForPgDump !== false) await waitForPgDump();
  check(
    chrootBash(
      [
        `ceph osd dump -f json > ${DUMP_FILES.osdDump}`,
        `ceph osd crush dump -f json > ${DUMP_FILES.crushDump}`,
        `ceph pg dump pgs_brief -f json > ${DUMP_FILES.pgsBrief} 2>/dev/null`,
        `ceph osd pool ls detail -f json > ${DUMP_FILES.poolLsDetail}`,
        `e=$(python3 -c 'import json; print(json.load(open("${DUMP_FILES.osdDump}"))["epoch"])')`,
        `ceph osd getmap "$e" -o osdmap.bin 2>/dev/null`,
        `osdmaptool osdmap.bin --test-map-pgs-dump-all > test-map-pgs-dump-all.txt 2>/dev/null`,
      ].join('\n'),
      { dir },
    ),
  );
  const epoch = (JSON.parse(readFileSync(join(dir, DUMP_FILES.osdDump), 'utf8')) as { epoch: number }).epoch;
  return { dir, epoch, files: DUMP_FILES };
}

// ---------------------------------------------------------------------------------------------------------------
// applying a plan script

export interface ScriptLineResult extends CmdResult {
  lineNo: number;
  line: string;
  op: 'set' | 'remove';
  pgid: string;
  /** the target OSD of a `set` */
  osd?: number;
  /** the monitor acknowledged exactly this change (status 0 and its success message) */
  accepted: boolean;
}

interface ScriptOp {
  lineNo: number;
  line: string;
  args: string[];
  op: 'set' | 'remove';
  pgid: string;
  osd?: number;
}

/**
 * Parses a plan script: only `[PATH/]ceph osd pg-upmap-primary PGID OSD` and `[PATH/]ceph osd rm-pg-upmap-primary PGID`
 * lines are commands; blank lines, `#` comments and `set -...` are skipped; anything else is an error (nothing
 * else is ever executed).
 */
export function parsePlanScript(text: string): ScriptOp[] {
  const ops: ScriptOp[] = [];
  // loadshift's scripts: a fixed preamble (checks, the `run` function), then one `run osd ...` line per op;
  // plain `ceph osd ...` lines (as osdmaptool --read writes them) are read too
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    const t = line.split(/\s+/);
    const bin = t[0] ?? '';
    if (bin !== 'run' && !/(^|\/)ceph$/.test(bin)) return;
    const pgidOk = (s: string | undefined) => s !== undefined && /^\d+\.[0-9a-f]+$/.test(s);
    if (t[1] === 'osd' && t[2] === 'pg-upmap-primary' && t.length === 5 && pgidOk(t[3]) && /^\d+$/.test(t[4]!)) {
      ops.push({ lineNo: i + 1, line, args: t.slice(1), op: 'set', pgid: t[3]!, osd: Number(t[4]) });
    } else if (t[1] === 'osd' && t[2] === 'rm-pg-upmap-primary' && t.length === 4 && pgidOk(t[3])) {
      ops.push({ lineNo: i + 1, line, args: t.slice(1), op: 'remove', pgid: t[3]! });
    } else if (bin === 'run' || t[1] === 'osd') {
      throw new Error(`plan script line ${i + 1} is not a pg-upmap-primary command: ${line}`);
    }
  });
  return ops;
}

/**
 * Runs a plan script with `sh` for real, its ceph commands through the toolbox's run.sh (env CEPH). Asynchronous:
 * a long synchronous child would block the test worker's event loop (vitest's RPC then times out).
 */
export function runPlanScript(path: string, env: Record<string, string> = {}): Promise<CmdResult> {
  const t0 = Date.now();
  return new Promise((resolvePromise, reject) => {
    const child = spawn('sh', [path], {
      env: { ...process.env, CEPH: `${join(CEPH_REEF_DIR, 'run.sh')} ceph`, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 600_000);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolvePromise({ command: `sh ${path}`, stdout, stderr, status, ms: Date.now() - t0 });
    });
  });
}

export function monitorAccepted(
  op: { op: 'set' | 'remove'; pgid: string; osd?: number },
  r: { status: number | null; stdout: string; stderr: string },
): boolean {
  const out = r.stdout + r.stderr;
  if (r.status !== 0) return false;
  return op.op === 'set'
    ? out.includes(`change primary for pg ${op.pgid} to osd.${op.osd}`)
    : out.includes(`clear ${op.pgid} pg_upmap_primary mapping`);
}

/**
 * Runs every command line of a plan script through run.sh and returns one result per line (in script order).
 * Lines for different PGs run `concurrency` (default 12) at a time: each command waits ~1 s for its paxos commit,
 * and commands arriving within one propose interval share an osdmap epoch; lines for the same
 * PG keep their order.
 */
export async function applyScript(
  scriptText: string,
  opts: { concurrency?: number } = {},
): Promise<ScriptLineResult[]> {
  const ops = parsePlanScript(scriptText);
  const byPg = new Map<string, ScriptOp[]>();
  for (const o of ops) byPg.set(o.pgid, [...(byPg.get(o.pgid) ?? []), o]);
  const queue = [...byPg.values()];
  const results = new Map<ScriptOp, ScriptLineResult>();
  const worker = async () => {
    for (let group = queue.shift(); group; group = queue.shift()) {
      for (const o of group) {
        const r = await cephAsync(o.args);
        results.set(o, {
          ...r,
          lineNo: o.lineNo,
          line: o.line,
          op: o.op,
          pgid: o.pgid,
          ...(o.osd !== undefined ? { osd: o.osd } : {}),
          accepted: monitorAccepted(o, r),
        });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.concurrency ?? 12) }, worker));
  return ops.map((o) => results.get(o)!);
}

// ---------------------------------------------------------------------------------------------------------------
// cluster lifecycle

export interface PoolSpec {
  name: string;
  pgNum: number;
  size?: number;
}

export interface ClusterOptions {
  numOsds?: number;
  osdsPerHost?: number;
  hostsPerRack?: number;
  osdWeights?: number[];
  osdClasses?: string[];
  pools?: PoolSpec[];
  memstoreBytes?: number;
  /** `ceph osd set-require-min-compat-client reef` (needed for pg-upmap-primary); default true */
  requireReef?: boolean;
  /** The release to require instead of reef (`squid` for MSR rules). */
  requireRelease?: string;
  /** Extra ceph commands after cluster-up (rules, more pools, ...); each must succeed. */
  extraCommands?: string[][];
  /** For waiting until all PGs are active+clean after the extra commands (default 120 s). */
  timeoutMs?: number;
}

export interface ClusterHandle {
  options: ClusterOptions;
  upLog: string;
  /** ms spent in cluster-up.sh, and in total until all PGs were active+clean */
  upMs: number;
  readyMs: number;
}

let started = false;

function alivePidFiles(): string[] {
  const dir = join(CHROOT_ROOT, 'run', 'ceph');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.pid'))
    .filter((f) => {
      const pid = readFileSync(join(dir, f), 'utf8').trim();
      return pid !== '' && existsSync(`/proc/${pid}`);
    });
}

/** True when daemons from a cluster-up.sh are alive (by their PID files). */
export function clusterRunning(): boolean {
  return alivePidFiles().length > 0;
}

/**
 * Starts a fresh cluster with cluster-up.sh and the given knobs, runs `extraCommands`, sets
 * require-min-compat-client reef, and waits until every PG is active+clean. Refuses to touch a cluster it did not
 * start. If anything fails after cluster-up.sh began, the partial cluster is stopped before rethrowing.
 */
export async function startCluster(opts: ClusterOptions = {}): Promise<ClusterHandle> {
  if (!existsSync(RUN_SH))
    throw new Error(`Ceph Reef toolbox not found at ${CEPH_REEF_DIR} (expected ../shared/ceph-reef beside the repo)`);
  if (!existsSync(join(CHROOT_ROOT, 'usr', 'bin', 'ceph')))
    throw new Error(`chroot ${CHROOT_ROOT} not set up: run ../shared/ceph-reef/setup.sh`);
  const running = alivePidFiles();
  if (running.length > 0) {
    throw new Error(
      `a Ceph cluster is already running (${running.join(', ')}); stop it with ../shared/ceph-reef/cluster-down.sh first`,
    );
  }
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NUM_OSDS: String(opts.numOsds ?? 4),
    OSDS_PER_HOST: String(opts.osdsPerHost ?? 1),
    HOSTS_PER_RACK: String(opts.hostsPerRack ?? 0),
    OSD_WEIGHTS: (opts.osdWeights ?? []).join(','),
    OSD_CLASSES: (opts.osdClasses ?? []).join(','),
    // pools are created below, after the mgr's own .mgr pool: cluster-up.sh creates them as soon as the mgr is
    // available, and the mgr creates .mgr a moment later, so the pool ids raced (CI saw p32 get id 1). A blank
    // POOLS (empty means its default 'rp:32') creates none and waits until the PGs that exist (.mgr's) are clean.
    POOLS: ' ',
    MEMSTORE_BYTES: String(opts.memstoreBytes ?? 64 * 1024 * 1024),
  };
  const t0 = Date.now();
  started = true;
  try {
    const up = await spawnAsync(join(CEPH_REEF_DIR, 'cluster-up.sh'), [], { env, timeoutMs: 180_000 });
    const upMs = Date.now() - t0;
    if (up.status !== 0)
      throw new Error(
        `cluster-up.sh failed (status ${up.status}):\n${up.stdout.slice(-2000)}\n${up.stderr.slice(-2000)}`,
      );
    await waitUntil(
      () => {
        const names = check(ceph(['osd', 'pool', 'ls'])).stdout.split('\n');
        return { done: names.includes('.mgr'), detail: names.join(' ') };
      },
      { timeoutMs: 60_000, what: 'the mgr to create its .mgr pool' },
    );
    for (const p of opts.pools ?? [{ name: 'rp', pgNum: 32 }]) {
      check(ceph(['osd', 'pool', 'create', p.name, String(p.pgNum), String(p.pgNum), 'replicated']));
      check(ceph(['osd', 'pool', 'set', p.name, 'size', String(p.size ?? 3), '--yes-i-really-mean-it']));
      check(ceph(['osd', 'pool', 'application', 'enable', p.name, 'rbd']));
    }
    if (opts.requireReef !== false)
      check(ceph(['osd', 'set-require-min-compat-client', opts.requireRelease ?? 'reef']));
    for (const c of opts.extraCommands ?? []) check(ceph(c));
    await waitForActiveClean({ timeoutMs: opts.timeoutMs ?? 120_000 });
    return { options: opts, upLog: up.stdout + up.stderr, upMs, readyMs: Date.now() - t0 };
  } catch (err) {
    await stopCluster();
    throw err;
  }
}

/** Stops the cluster this process started (cluster-down.sh, by PID); a no-op otherwise. Safe to call twice. */
export async function stopCluster(): Promise<CmdResult | undefined> {
  if (!started) return undefined;
  started = false;
  const r = await spawnAsync(join(CEPH_REEF_DIR, 'cluster-down.sh'), [], { timeoutMs: 60_000 });
  if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
  scratch = undefined;
  if (r.status !== 0) throw new Error(`cluster-down.sh failed (status ${r.status}): ${r.stderr}`);
  return r;
}

// ---------------------------------------------------------------------------------------------------------------
// the loadshift CLI (built: dist/src/cli/main.js)

/** The built CLI (LOADSHIFT_CLI overrides it, e.g. to check the harness with a stand-in). */
export const LOADSHIFT_MAIN = process.env.LOADSHIFT_CLI ?? join(REPO_ROOT, 'dist', 'src', 'cli', 'main.js');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestMtime(p));
    else if (e.name.endsWith('.ts')) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

/** Throws if the CLI is not built; warns if src/ changed after the last build (npm test builds via pretest). */
export function assertCliBuilt(): void {
  if (!existsSync(LOADSHIFT_MAIN)) throw new Error(`${LOADSHIFT_MAIN} missing: run 'npm run build' first`);
  if (newestMtime(join(REPO_ROOT, 'src')) > statSync(LOADSHIFT_MAIN).mtimeMs) {
    console.warn(`warning: src/ is newer than ${LOADSHIFT_MAIN}; run 'npm run build' to test the current sources`);
  }
}

/** Runs `node dist/src/cli/main.js ARGS...` with cwd `cwd` (synchronously). */
export function loadshift(args: string[], cwd: string): CmdResult {
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [LOADSHIFT_MAIN, ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 120_000,
    maxBuffer: 256 * 1024 * 1024,
  });
  if (r.error) throw r.error;
  return {
    command: describe(['loadshift', ...args]),
    stdout: r.stdout,
    stderr: r.stderr,
    status: r.status,
    ms: Date.now() - t0,
  };
}

/** `loadshift()` without blocking the test worker (for commands that wait on the cluster: apply, revert). */
export function loadshiftAsync(args: string[], cwd: string): Promise<CmdResult> {
  const t0 = Date.now();
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [LOADSHIFT_MAIN, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (status) =>
      resolvePromise({ command: describe(['loadshift', ...args]), stdout, stderr, status, ms: Date.now() - t0 }),
    );
  });
}

/** The command names the built CLI registers (from `loadshift --help`). */
export function loadshiftCommands(): string[] {
  const r = spawnSync(process.execPath, [LOADSHIFT_MAIN, '--help'], { encoding: 'utf8' });
  const section = (r.stdout ?? '').split(/^Commands:$/m)[1] ?? '';
  return [...section.matchAll(/^ {2}([a-z][\w-]*)/gm)].map((m) => m[1]!).filter((c) => c !== 'help');
}

// ---------------------------------------------------------------------------------------------------------------
// the heterogeneous 8-OSD cluster used by the integration tests and test/fixtures/live-8osd

/**
 * 8 OSDs, 2 per host, 2 hosts per rack (2 racks), CRUSH weights 0.5–4, classes hdd (osd.0-3) / ssd (osd.4-7);
 * pools (ids in order): .mgr 1, p32 2, p64 3, p128 4 (rule 0, chooseleaf host), pssd 5 (rule ssd-osd: class ssd,
 * failure domain osd), pec 6 (erasure k=2 m=1, failure domain osd: pg-upmap-primary does not apply).
 */
export const LIVE_8OSD: ClusterOptions = {
  numOsds: 8,
  osdsPerHost: 2,
  hostsPerRack: 2,
  osdWeights: [1, 1, 2, 2, 0.5, 0.5, 4, 1],
  osdClasses: ['hdd', 'hdd', 'hdd', 'hdd', 'ssd', 'ssd', 'ssd', 'ssd'],
  pools: [
    { name: 'p32', pgNum: 32 },
    { name: 'p64', pgNum: 64 },
    { name: 'p128', pgNum: 128 },
  ],
  extraCommands: [
    ['osd', 'crush', 'rule', 'create-replicated', 'ssd-osd', 'default', 'osd', 'ssd'],
    ['osd', 'pool', 'create', 'pssd', '32', '32', 'replicated', 'ssd-osd'],
    ['osd', 'pool', 'application', 'enable', 'pssd', 'rbd'],
    ['osd', 'erasure-code-profile', 'set', 'ec21', 'k=2', 'm=1', 'crush-failure-domain=osd'],
    ['osd', 'pool', 'create', 'pec', '8', '8', 'erasure', 'ec21'],
    ['osd', 'pool', 'application', 'enable', 'pec', 'rbd'],
  ],
};
