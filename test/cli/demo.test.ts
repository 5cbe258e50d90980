/** `loadshift demo` end to end (built CLI): the per-pool table and the commands, from the repository and from elsewhere. */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, ROOT, runCli, type CliRun } from '../helpers/cli.js';

/** A fresh folder outside the repository: the demo writes its report (loadshift-report.html) into the cwd. */
const ELSEWHERE = mkdtempSync(join(realpathSync(tmpdir()), 'loadshift-demo-'));
const HERE_REPORT = join(ELSEWHERE, 'here', 'report.html');

/** stderr may only carry progress lines of steps that took over a second (the machine may be busy). */
const expectOnlyProgress = (stderr: string) => {
  for (const line of stderr.split('\n').filter(Boolean))
    expect(line).toMatch(/^loadshift: [a-zA-Z ]+(: \d+\.\d s| \.\.\.)$/);
};

const run = (args: string[], cwd: string) => runCli(args, cwd);

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** The lines after the `commands` heading of the text report. */
const commandsSection = (text: string) => {
  const lines = text.split('\n');
  const i = lines.indexOf('commands');
  expect(i).toBeGreaterThan(0);
  return lines.slice(i + 1).filter((l) => l.startsWith('ceph '));
};

describe('loadshift demo', () => {
  const pools = (
    JSON.parse(readFileSync(join(DEMO, 'osd-dump.json'), 'utf8')).pools as Array<{
      pool: number;
      pool_name: string;
      pg_num: number;
    }>
  ).map((p) => ({ id: p.pool, name: p.pool_name, pgNum: p.pg_num }));
  let here: CliRun, elsewhere: CliRun, script: CliRun, noReport: CliRun;

  beforeAll(async () => {
    mkdirSync(join(ELSEWHERE, 'here'));
    mkdirSync(join(ELSEWHERE, 'none'));
    [here, elsewhere, script, noReport] = await Promise.all([
      run(['demo', '--report', HERE_REPORT], ROOT),
      run(['demo'], ELSEWHERE),
      run(
        [
          'plan',
          '--osdmap',
          join(DEMO, 'osd-dump.json'),
          '--crush',
          join(DEMO, 'osd-crush-dump.json'),
          '--format',
          'script',
        ],
        ROOT,
      ),
      run(['demo', '--no-report'], join(ELSEWHERE, 'none')),
    ]);
  });
  afterAll(() => rmSync(ELSEWHERE, { recursive: true, force: true }));

  it('exits 0 and prints the per-pool table with every pool of the demo cluster', () => {
    expectOnlyProgress(here.stderr);
    expect(here.code).toBe(0);
    expect(pools.length).toBe(5);
    expect(here.stdout).toMatch(/^POOL\s+ID\s+PGS\s+/m);
    for (const p of pools)
      expect(here.stdout, p.name).toMatch(new RegExp(`^${escapeRe(p.name)}\\s+${p.id}\\s+${p.pgNum}\\s+`, 'm'));
    expect(here.stdout).toContain('primaries per OSD');
    expect(here.stdout).toContain('demo/cluster-12osd');
  });

  it('prints the same commands as `plan --format script` on the demo files', () => {
    expect(script.code).toBe(0);
    const want = script.stdout
      .split('\n')
      .filter((l) => l.startsWith('run osd '))
      .map((l) => `ceph ${l.slice(4)}`);
    expect(want.length).toBeGreaterThan(0);
    expect(commandsSection(here.stdout)).toEqual(want);
    expect(here.stdout).toContain(`${want.length} command(s)`);
  });

  it('finds the bundled data from another working directory', () => {
    expectOnlyProgress(elsewhere.stderr);
    expect(elsewhere.code).toBe(0);
    for (const p of pools)
      expect(elsewhere.stdout, p.name).toMatch(new RegExp(`^${escapeRe(p.name)}\\s+${p.id}\\s+`, 'm'));
    expect(commandsSection(elsewhere.stdout)).toEqual(commandsSection(here.stdout));
    // only the paths (relative to the cwd) of the header and the last line differ
    const body = (t: string) => t.slice(t.indexOf('loadshift plan:'), t.lastIndexOf(' command(s); '));
    const tail = (t: string) => t.slice(t.indexOf('simulated reads'), t.indexOf('report: '));
    expect(body(elsewhere.stdout)).toBe(body(here.stdout));
    expect(tail(elsewhere.stdout)).toBe(tail(here.stdout));
    // and they name the bundled files from that directory
    for (const [out, cwd] of [
      [here.stdout, ROOT],
      [elsewhere.stdout, ELSEWHERE],
    ] as const) {
      const m =
        / command\(s\); to get them as a script: loadshift plan --osdmap (\S+) --crush (\S+) --format script/.exec(out);
      expect(m).not.toBeNull();
      expect(resolve(cwd, m![1]!)).toBe(join(DEMO, 'osd-dump.json'));
      expect(resolve(cwd, m![2]!)).toBe(join(DEMO, 'osd-crush-dump.json'));
    }
  });

  it('prints the simulated gain of the plan: more reads/s at saturation, lower p99 latency', () => {
    const sat = /^ {2}saturation (\d+) -> (\d+) reads\/s \(\+(\d+\.\d)%\)$/m.exec(here.stdout);
    const p99 = /^ {2}p99 latency ([\d.]+) -> ([\d.]+) ms at \d+ reads\/s/m.exec(here.stdout);
    expect(sat, here.stdout).not.toBeNull();
    expect(p99, here.stdout).not.toBeNull();
    const [before, after, pct] = [Number(sat![1]), Number(sat![2]), Number(sat![3])];
    expect(after).toBeGreaterThan(before);
    expect(pct).toBeCloseTo((after / before - 1) * 100, 0);
    expect(Number(p99![2])).toBeLessThan(Number(p99![1]));
    expect(here.stdout).toMatch(/^ {2}workload: open loop, Poisson \d+ reads\/s; .*; 200000 reads per plan$/m);
  });

  it('writes the HTML report where --report says (default ./loadshift-report.html) and prints its path; --no-report writes none', () => {
    expect(here.stdout).toContain(`\nreport: ${HERE_REPORT} (`);
    const html = readFileSync(HERE_REPORT, 'utf8');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('Apache ECharts');
    const fsid = JSON.parse(readFileSync(join(DEMO, 'osd-dump.json'), 'utf8')).fsid as string;
    expect(html).toContain(fsid);
    expect(elsewhere.stdout).toMatch(/\nreport: loadshift-report\.html \(\d+\.\d MB; open it in a browser\)\n$/);
    expect(statSync(join(ELSEWHERE, 'loadshift-report.html')).size).toBeGreaterThan(500_000);
    expect(noReport.code).toBe(0);
    expect(noReport.stdout).not.toContain('report: ');
    expect(noReport.stdout).toContain('simulated reads');
    expect(existsSync(join(ELSEWHERE, 'none', 'loadshift-report.html'))).toBe(false);
  });
});
