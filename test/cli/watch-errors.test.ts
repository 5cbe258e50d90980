/**
 * `loadshift watch`: bad flags and bad state files are one line and exit 2/3 before anything reaches a cluster (the
 * --via prefix points at a program that does not exist: reaching for the cluster would be exit 4 instead); an
 * unreachable cluster is exit 4, one line.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectInputErrorRun, runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'loadshift-watch-errors-'));
const NOWHERE = ['--via', '/nonexistent/loadshift-test/run.sh'];
const oneLine = (s: string) => s.trim().split('\n');

describe('watch: bad flags', () => {
  const cases: Array<[string[], RegExp]> = [
    [
      ['--interval', 'soon'],
      /^loadshift: --interval: expected a duration like 10s, 500ms or 2m \(at least 100ms\), got 'soon'/,
    ],
    [['--interval', '10ms'], /^loadshift: --interval: expected a duration/],
    [['--policy', 'fastest'], /^loadshift: --policy: 'fastest' is not a built-in policy/],
    [['--policy', 'heat'], /^loadshift: --policy: 'heat' is not a built-in policy/],
    [
      ['--max-changes-per-round', '-3'],
      /^loadshift: watch: .*--max-changes-per-round|^loadshift: --max-changes-per-round: expected a non-negative integer/,
    ],
    [['--max-changes-per-round', '0'], /^loadshift: --max-changes-per-round: expected at least 1/],
    [['--min-improvement', 'lots'], /^loadshift: --min-improvement: expected a non-negative number, got 'lots'/],
    [['--listen', 'here'], /^loadshift: --listen: expected PORT or HOST:PORT/],
    [['--latency-osds', 'slow'], /^loadshift: --latency-osds: expected auto, all, none or OSD ids/],
    [['--interval', '1s', '--interval', '2s'], /^loadshift: --interval: given more than once/],
    [['extra'], /^loadshift: watch: unexpected argument 'extra'/],
  ];
  for (const [args, re] of cases)
    it(`watch ${args.join(' ')}`, async () => {
      const r = await runCli(['watch', '--once', ...args, ...NOWHERE]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(oneLine(r.stderr)).toEqual([expect.stringMatching(re)]);
    });
});

describe('watch: bad state file, dead cluster', () => {
  it('a malformed state file is exit 3 naming it, before connecting', async () => {
    const f = join(dir, 'state.json');
    writeFileSync(f, '{"format":"loadshift-watch-state","version":1');
    expectInputErrorRun(await runCli(['watch', '--once', '--state', f, ...NOWHERE]), f, /not JSON/);
  });

  it('an unreachable cluster is exit 4, one line', async () => {
    const r = await runCli(['watch', '--once', '--state', join(dir, 's2.json'), ...NOWHERE]);
    expect(r.code).toBe(4);
    expect(oneLine(r.stderr)).toEqual([
      expect.stringMatching(/^loadshift: --via \/nonexistent\/.*: cannot run .*ENOENT/),
    ]);
  });
});
