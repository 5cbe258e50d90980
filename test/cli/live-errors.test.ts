/**
 * Bad input to the live commands: one line naming the file, exit 3, and nothing sent (the --via prefix points at a
 * program that does not exist, so any attempt to reach a cluster would fail with exit 4 instead). An unreachable
 * cluster is exit 4.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectInputErrorRun, ROOT, runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'loadshift-live-errors-'));
const SNAP = join(ROOT, 'test/fixtures/live-replies/snapshot.json');
const NOWHERE = ['--via', '/nonexistent/loadshift-test/run.sh'];
const write = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

describe('live commands: bad input', () => {
  it('plan --from a snapshot, then bad plans for apply', async () => {
    const planRun = await runCli(['plan', '--from', SNAP, '--format', 'json']);
    expect(planRun.code).toBe(0);
    const plan = JSON.parse(planRun.stdout) as Record<string, unknown>;
    expect(plan).toMatchObject({ format: 'loadshift-plan', version: 1 });
    const cases: Array<[string, string, RegExp]> = [
      ['truncated.json', planRun.stdout.slice(0, 200), /not valid JSON/],
      ['empty.json', '', /empty input/],
      ['v9.json', JSON.stringify({ ...plan, version: 9 }), /incompatible loadshift \(plan version 9/],
      ['other.json', JSON.stringify({ pools: [] }), /not a loadshift plan/],
      ['nofsid.json', JSON.stringify({ ...plan, fsid: '' }), /no 'fsid'/],
      [
        'badop.json',
        JSON.stringify({ ...plan, operations: [{ op: 'move', pgid: '2.0', from: 1, to: 2 }] }),
        /'op' must be set, remove or primary-affinity/,
      ],
    ];
    for (const [name, text, re] of cases) {
      const f = write(name, text);
      expectInputErrorRun(await runCli(['apply', f, ...NOWHERE]), f, re);
    }
  });

  it('bad journals for revert, bad snapshots for plan', async () => {
    const j = write(
      'j.json',
      JSON.stringify({ format: 'loadshift-journal', version: 1, fsid: 'x', entries: [{ pgid: 'zz' }], batches: [] }),
    );
    expectInputErrorRun(await runCli(['revert', j, ...NOWHERE]), j, /entries\[0\]: bad pgid/);
    const v = write('jv.json', JSON.stringify({ format: 'loadshift-journal', version: 0 }));
    expectInputErrorRun(await runCli(['revert', v, ...NOWHERE]), v, /incompatible loadshift \(journal version 0/);
    const s = write('s.json', readFileSync(SNAP, 'utf8').slice(0, 5000));
    expectInputErrorRun(await runCli(['plan', '--from', s]), s, /not valid JSON/);
  });

  it('no source, or two: usage error; a --via that runs nothing: exit 4, one line', async () => {
    const none = await runCli(['plan']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/required option '--osdmap <file>' not specified \(or --from SNAPSHOT, or --live\)/);
    const two = await runCli(['score', '--from', SNAP, '--live']);
    expect(two.code).toBe(2);
    expect(two.stderr).toMatch(/give one source/);
    const r = await runCli(['gather', ...NOWHERE]);
    expect(r.code).toBe(4);
    expect(r.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^loadshift: --via \/nonexistent\/.*: cannot run .*ENOENT/),
    ]);
  });
});
