/** `loadshift demo` end to end (built CLI): the per-pool table and the commands, from the repository and from elsewhere. */
import { readFileSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO, ROOT, runCli, type CliRun } from '../helpers/cli.js';

const ELSEWHERE = realpathSync(tmpdir());

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
  let here: CliRun, elsewhere: CliRun, script: CliRun;

  beforeAll(async () => {
    [here, elsewhere, script] = await Promise.all([
      run(['demo'], ROOT),
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
    ]);
  });

  it('exits 0 and prints the per-pool table with every pool of the demo cluster', () => {
    expect(here.stderr).toBe('');
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
    expect(elsewhere.stderr).toBe('');
    expect(elsewhere.code).toBe(0);
    for (const p of pools)
      expect(elsewhere.stdout, p.name).toMatch(new RegExp(`^${escapeRe(p.name)}\\s+${p.id}\\s+`, 'm'));
    expect(commandsSection(elsewhere.stdout)).toEqual(commandsSection(here.stdout));
    // only the paths (relative to the cwd) of the header and the last line differ
    const body = (t: string) => t.slice(t.indexOf('loadshift plan:'), t.lastIndexOf(' command(s); '));
    expect(body(elsewhere.stdout)).toBe(body(here.stdout));
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
});
