/** `loadshift plan` end to end (built CLI) on the bundled demo cluster: script, JSON, -o, --pool, budgets, usage errors. */
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO, runCli, type CliRun } from '../helpers/cli.js';

const OSDMAP = join(DEMO, 'osd-dump.json');
const CRUSH = join(DEMO, 'osd-crush-dump.json');
const FILES = ['--osdmap', OSDMAP, '--crush', CRUSH];

const run = (args: string[]) => runCli(['plan', ...args]);

const SET = /^ceph osd pg-upmap-primary (\d+\.[0-9a-f]+) (\d+)$/;
const RM = /^ceph osd rm-pg-upmap-primary (\d+\.[0-9a-f]+)$/;
/** The script's commands (`run osd ...` lines: `run` is the script's checked ceph call) as ceph command lines. */
const commandLines = (script: string) =>
  script
    .split('\n')
    .filter((l) => l.startsWith('run osd '))
    .map((l) => `ceph ${l.slice(4)}`);
const KERNEL_WARNING =
  'loadshift: warning: kernel clients (krbd, kernel CephFS) and pre-Reef librados ignore pg-upmap-primary and hang on the moved PGs: apply only if no such client uses these pools\n';

/** Exit 0; on stderr only the warnings an operator must see before running commands (none for text on stdout). */
function expectOk(r: CliRun, warned = true): void {
  expect(r.stderr).toBe(warned ? KERNEL_WARNING : '');
  expect(r.code).toBe(0);
}

function expectFailure(r: CliRun, code: number): string {
  expect(r.code).toBe(code);
  expect(r.stdout).toBe('');
  const lines = r.stderr.split('\n').filter(Boolean);
  expect(lines).toHaveLength(1);
  expect(lines[0]!.startsWith('loadshift: ')).toBe(true);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  return lines[0]!;
}

describe('loadshift plan on the demo cluster', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'loadshift-plan-'));
  const outFile = join(tmp, 'plan.sh');
  let script: CliRun,
    script2: CliRun,
    json: CliRun,
    json2: CliRun,
    toFile: CliRun,
    p128: CliRun,
    p128json: CliRun,
    five: CliRun;

  beforeAll(async () => {
    [script, script2, json, json2, toFile, p128, p128json, five] = await Promise.all([
      run([...FILES, '--format', 'script']),
      run([...FILES, '--format', 'script']),
      run([...FILES, '--format', 'json']),
      run([...FILES, '--format', 'json']),
      run([...FILES, '--format', 'script', '-o', outFile]),
      run([...FILES, '--format', 'script', '--pool', 'p128']),
      run([...FILES, '--format', 'json', '--pool', 'p128']),
      run([...FILES, '--format', 'script', '--max-changes', '5']),
    ]);
  });

  it('--format script: a checked preamble, then only pg-upmap-primary commands; exit 0, the warnings on stderr', () => {
    expectOk(script);
    expect(script.stdout.endsWith('\n')).toBe(true);
    const lines = script.stdout.trimEnd().split('\n');
    const first = lines.findIndex((l) => l.startsWith('run osd '));
    const body = lines.slice(first, -1).map((l) => `ceph ${l.slice(4)}`);
    for (const l of body) expect(SET.test(l) || RM.test(l), l).toBe(true);
    expect(lines.at(-1)).toBe('say "done: $total command(s) accepted"');
    const cmds = commandLines(script.stdout);
    expect(cmds.length).toBeGreaterThan(0);
    expect(script.stdout).toMatch(new RegExp(`^# .*: ${cmds.length} command\\(s\\)$`, 'm'));
    const pgids = cmds.map((l) => (SET.exec(l) ?? RM.exec(l))![1]);
    expect(new Set(pgids).size).toBe(pgids.length);
  });

  it('is deterministic: the same input gives byte-identical output', () => {
    expectOk(script2);
    expect(script2.stdout).toBe(script.stdout);
    expectOk(json2);
    expect(json2.stdout).toBe(json.stdout);
  });

  it('--format json: the operations match the script line for line; every pool has before/after read_balance', () => {
    expectOk(json);
    const doc = JSON.parse(json.stdout) as {
      epoch: number;
      policy: string;
      status: string;
      operations: Array<{
        op: string;
        pgid: string;
        osd?: number;
        from: number;
        to: number;
        reason: string;
        command: string;
      }>;
      pools: Array<Record<string, any>>;
    };
    expect(doc.policy).toBe('even');
    const demoDump = JSON.parse(readFileSync(OSDMAP, 'utf8'));
    expect(doc.epoch).toBe(demoDump.epoch);
    const cmds = commandLines(script.stdout);
    expect(doc.operations).toHaveLength(cmds.length);
    doc.operations.forEach((op, i) => {
      const line = cmds[i]!;
      expect(op.command).toBe(line);
      if (op.op === 'set') {
        const m = SET.exec(line)!;
        expect(m, line).not.toBeNull();
        expect([m[1], Number(m[2])]).toEqual([op.pgid, op.osd]);
      } else {
        expect(op.op).toBe('remove');
        expect(op).not.toHaveProperty('osd');
        expect(RM.exec(line)?.[1]).toBe(op.pgid);
      }
    });
    expect(doc.pools.map((p) => p.pool_id)).toEqual(demoDump.pools.map((p: any) => p.pool));
    for (const p of doc.pools) {
      for (const side of ['before', 'after']) {
        const rb = p[side].read_balance;
        expect(rb, `${p.pool_name} ${side}`).not.toBeNull();
        expect(typeof rb.score_acting).toBe('number');
        expect(typeof rb.optimal_score).toBe('number');
      }
      // the before score is the monitor's own (the dump carries it)
      const dumped = demoDump.pools.find((x: any) => x.pool === p.pool_id).read_balance;
      expect(p.before.read_balance.score_acting).toBeCloseTo(dumped.score_acting, 2);
      expect(p.after.read_balance.score_acting).toBeLessThanOrEqual(p.before.read_balance.score_acting + 1e-9);
      expect(p.max_primaries.after).toBeLessThanOrEqual(p.max_primaries.before);
      const ops = doc.operations.filter((o) => o.pgid.startsWith(`${p.pool_id}.`));
      expect(Object.keys(p.predicted).sort()).toEqual(ops.map((o) => o.pgid).sort());
    }
  });

  it('-o FILE writes the script to the file and nothing to stdout', () => {
    expectOk(toFile);
    expect(toFile.stdout).toBe('');
    expect(readFileSync(outFile, 'utf8')).toBe(script.stdout);
    expect(readdirSync(tmp)).toEqual(['plan.sh']);
  });

  it('-o into a directory that does not exist, or onto a directory: exit 3, no file left behind', async () => {
    const missing = join(tmp, 'no-such-dir', 'plan.sh');
    const [a, b] = await Promise.all([
      run([...FILES, '--format', 'script', '-o', missing]),
      run([...FILES, '--format', 'script', '-o', tmp]),
    ]);
    expect(expectFailure(a, 3).startsWith(`loadshift: ${missing}:`)).toBe(true);
    expect(existsSync(join(tmp, 'no-such-dir'))).toBe(false);
    expect(expectFailure(b, 3).startsWith(`loadshift: ${tmp}:`)).toBe(true);
    // no temporary or partial file anywhere
    expect(readdirSync(tmp).sort()).toEqual(['plan.sh']);
  });

  it('--pool p128 touches pool 3 only', () => {
    expectOk(p128);
    const cmds = commandLines(p128.stdout);
    expect(cmds.length).toBeGreaterThan(0);
    for (const l of cmds) expect((SET.exec(l) ?? RM.exec(l))?.[1]?.startsWith('3.'), l).toBe(true);
    expectOk(p128json);
    const doc = JSON.parse(p128json.stdout);
    expect(doc.pools.map((p: any) => [p.pool_id, p.pool_name])).toEqual([[3, 'p128']]);
    expect(doc.operations.map((o: any) => o.command)).toEqual(cmds);
  });

  it('--pool p128 --pool 3 (the same pool twice) plans it once', async () => {
    const twice = await run([...FILES, '--format', 'script', '--pool', 'p128', '--pool', '3']);
    expectOk(twice);
    expect(commandLines(twice.stdout)).toEqual(commandLines(p128.stdout));
  });

  it('--max-changes 5: at most 5 commands', () => {
    expectOk(five);
    const cmds = commandLines(five.stdout);
    expect(cmds.length).toBeLessThanOrEqual(5);
    expect(cmds.length).toBeGreaterThan(0);
  });

  it('--pool nosuch: exit 3, one line naming the pool', async () => {
    const line = expectFailure(await run([...FILES, '--pool', 'nosuch']), 3);
    expect(line).toMatch(/'nosuch'/);
    expect(line.startsWith(`loadshift: ${OSDMAP}:`)).toBe(true);
  });

  it('usage errors: exit 2, one line', async () => {
    const cases: Array<[string, string[], RegExp]> = [
      ['--max-changes -1', [...FILES, '--max-changes', '-1'], /--max-changes/],
      ['--max-changes abc', [...FILES, '--max-changes', 'abc'], /--max-changes.*abc/],
      ['--policy nosuch', [...FILES, '--policy', 'nosuch'], /nosuch/],
      ['--format nosuch', [...FILES, '--format', 'nosuch'], /nosuch/],
      ['missing --crush', ['--osdmap', OSDMAP], /--crush/],
      ['missing --osdmap', ['--crush', CRUSH], /--osdmap/],
    ];
    const results = await Promise.all(cases.map(([, args]) => run(args)));
    cases.forEach(([label, , pattern], i) => {
      const line = expectFailure(results[i]!, 2);
      expect(line, label).toMatch(pattern);
    });
  });
});

describe('loadshift plan on a pool whose PGs have no primary (real-tool fixture parked)', () => {
  const dir = join(import.meta.dirname, '../fixtures/osdmap/parked');
  const files = ['--osdmap', join(dir, 'osdmap.json'), '--crush', join(dir, 'crush.json')];
  const PARKED =
    'pool parked: 16 of 16 PG(s) have no acting primary (e.g. 2.0: no OSD of its set is up, or CRUSH maps it to none); they serve no reads and are left out of the plan';

  it('plans the other pool, leaves them out and says so (script and JSON)', async () => {
    const [script, json] = await Promise.all([
      run([...files, '--format', 'script']),
      run([...files, '--format', 'json']),
    ]);
    expect(script.code).toBe(0);
    expect(script.stderr).toBe(`${KERNEL_WARNING}loadshift: warning: ${PARKED}\n`);
    const lines = commandLines(script.stdout);
    expect(lines.length).toBeGreaterThan(0);
    for (const l of lines) expect(l).toMatch(/^ceph osd pg-upmap-primary 1\.[0-9a-f]+ \d+$/);
    expect(json.code).toBe(0);
    const doc = JSON.parse(json.stdout) as {
      warnings: string[];
      pools: Array<{ pool_name: string; pg_num: number; moves: number }>;
    };
    expect(doc.warnings).toContain(PARKED);
    const parked = doc.pools.find((p) => p.pool_name === 'parked');
    expect(parked).toMatchObject({ pg_num: 16, moves: 0 });
    expect(doc.pools.find((p) => p.pool_name === 'rbd')?.moves).toBe(lines.length);
  });
});
