/** `loadshift report` (built CLI): writes one HTML file atomically and says where; bad input is one line, no file. */
import { existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO, runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(realpathSync(tmpdir()), 'loadshift-report-'));
const dumps = ['--osdmap', join(DEMO, 'osd-dump.json'), '--crush', join(DEMO, 'osd-crush-dump.json')];
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('loadshift report', () => {
  it('writes the report where -o says, nothing else, and prints one line with its path, size and the plan', async () => {
    const out = join(dir, 'r.html');
    const [r, plan] = await Promise.all([runCli(['report', ...dumps, '-o', out]), runCli(['plan', ...dumps])]);
    expect(r.code, r.stderr).toBe(0);
    const ops = /(\d+) operation\(s\), status (\S+)/.exec(plan.stdout);
    expect(r.stdout).toMatch(
      new RegExp(
        `^loadshift report: wrote ${out} \\(\\d+\\.\\d MB\\): ${ops![1]} operation\\(s\\), status ${ops![2]}\\n$`,
      ),
    );
    expect(readdirSync(dir)).toEqual(['r.html']);
    const html = readFileSync(out, 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('Apache ECharts 6.1.0');
    expect(html.length).toBeLessThan(2_000_000);
  });

  it('--simulate adds the simulated gain, on stdout too', async () => {
    const out = join(dir, 'sim.html');
    const r = await runCli(['report', ...dumps, '--simulate', '-o', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/\nsimulated: saturation \d+ -> \d+ reads\/s \(\+\d+\.\d%\)\n/);
    expect(r.stdout).toMatch(/\nsimulated: p99 latency [\d.]+ -> [\d.]+ ms at \d+ reads\/s/);
    expect(readFileSync(out, 'utf8')).toContain('"saturationIops"');
  });

  it('bad input and an unwritable output: exit 3, one line naming the file, no report', async () => {
    const missing = await runCli([
      'report',
      '--osdmap',
      join(dir, 'nope.json'),
      '--crush',
      dumps[3]!,
      '-o',
      join(dir, 'x.html'),
    ]);
    expect([missing.code, missing.stdout]).toEqual([3, '']);
    expect(missing.stderr).toBe(`loadshift: ${join(dir, 'nope.json')}: no such file; check the path\n`);
    const bad = join(dir, 'no-such-folder', 'r.html');
    const unwritable = await runCli(['report', ...dumps, '-o', bad]);
    expect([unwritable.code, unwritable.stdout]).toEqual([3, '']);
    expect(unwritable.stderr).toMatch(new RegExp(`^loadshift: ${bad}: cannot write output \\(ENOENT\\)[^\\n]*\\n$`));
    expect(existsSync(join(dir, 'x.html'))).toBe(false);
  });

  it('usage errors: no cluster given, an extra argument (exit 2)', async () => {
    const none = await runCli(['report']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^loadshift: --osdmap: required option .* see 'loadshift report --help'\n$/);
    const extra = await runCli(['report', ...dumps, 'extra']);
    expect(extra.code).toBe(2);
    expect(extra.stderr).toMatch(/^loadshift: report: unexpected argument 'extra'/);
  });
});
