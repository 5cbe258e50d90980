/** `loadshift pgs` end to end (built CLI): osdmaptool's exact per-PG lines, JSON, and one-line input errors. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectInputErrorRun, ROOT, runCliSync } from '../helpers/cli.js';
import { expectedLines } from '../unit/cluster/osdmap-fixtures.js';

const FIX = join(ROOT, 'test/fixtures/osdmap');

const run = (args: string[]) => runCliSync(['pgs', ...args]);
const files = (name: string) => ['--osdmap', join(FIX, name, 'osdmap.json'), '--crush', join(FIX, name, 'crush.json')];

const tmp = mkdtempSync(join(tmpdir(), 'loadshift-pgs-'));
function put(name: string, text: string): string {
  const p = join(tmp, name);
  writeFileSync(p, text);
  return p;
}

const expectInputError = (args: string[], file: string, pattern: RegExp) =>
  expectInputErrorRun(run(args), file, pattern);

describe('loadshift pgs', () => {
  for (const name of ['mg24-upmap', 'live12-after-mod', 'small-down']) {
    it(`prints osdmaptool's lines for ${name}`, () => {
      const r = run(files(name));
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout.trimEnd().split('\n')).toEqual(expectedLines(name));
    });
  }

  it('--pool by id and by name, --format json', () => {
    const poolLines = expectedLines('mg24', 'expected-pool4.txt');
    expect(
      run([...files('mg24'), '--pool', '4'])
        .stdout.trimEnd()
        .split('\n'),
    ).toEqual(poolLines);
    expect(
      run([...files('mg24'), '--pool', 'ec21'])
        .stdout.trimEnd()
        .split('\n'),
    ).toEqual(poolLines);
    const r = run([...files('mg24'), '--pool', 'ec21', '--format', 'json']);
    const rows = JSON.parse(r.stdout) as Array<Record<string, unknown>>;
    expect(rows).toHaveLength(32);
    const line = poolLines[1]!;
    const m = /^(\S+) raw \(\[(.*)\], p(-?\d+)\) up \(\[(.*)\], p(-?\d+)\) acting \(\[(.*)\], p(-?\d+)\)$/.exec(line)!;
    const list = (s: string) => (s === '' ? [] : s.split(',').map(Number));
    expect(rows[0]).toEqual({
      pgid: m[1],
      raw: list(m[2]!),
      raw_primary: Number(m[3]),
      up: list(m[4]!),
      up_primary: Number(m[5]),
      acting: list(m[6]!),
      acting_primary: Number(m[7]),
    });
  });

  it('input errors: exit 3, one line naming the file', () => {
    const om = join(FIX, 'mg24/osdmap.json');
    const cr = join(FIX, 'mg24/crush.json');
    expectInputError([...files('mg24'), '--pool', 'nope'], om, /no pool 'nope'/);
    expectInputError([...files('mg24'), '--pool', '77'], om, /no pool '77'/);
    const trunc = put('trunc.json', readFileSync(om, 'utf8').slice(0, 1000));
    expectInputError(['--osdmap', trunc, '--crush', cr], trunc, /not valid JSON/);
    const bad = put('bad.json', '{"epoch": 1, "max_osd": ');
    expectInputError(['--osdmap', om, '--crush', bad], bad, /not valid JSON/);
    const empty = put('empty.json', '');
    expectInputError(['--osdmap', empty, '--crush', cr], empty, /empty input/);
    expectInputError(['--osdmap', cr, '--crush', cr], cr, /CRUSH map dump/);
    expectInputError(['--osdmap', om, '--crush', om], om, /OSD map dump/);
    const j = JSON.parse(readFileSync(om, 'utf8'));
    j.pools[2].crush_rule = 9;
    const norule = put('norule.json', JSON.stringify(j));
    expectInputError(['--osdmap', norule, '--crush', cr], norule, /pool 3 'pgp': crush_rule 9 is not in the CRUSH map/);
    expectInputError(['--osdmap', join(tmp, 'missing.json'), '--crush', cr], join(tmp, 'missing.json'), /no such file/);
  });
});
