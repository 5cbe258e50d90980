/** `loadshift crush test` end to end (built CLI): crushtool's exact output, and one-line input errors. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectInputErrorRun, ROOT, runCliSync } from '../helpers/cli.js';
import { fixtureCases } from '../unit/crush/fixture-cases.js';

const FIX = join(ROOT, 'test/fixtures/crush');
/** MSR maps made by Tentacle 20.2.4's crushtool (scripts/gen-msr-crush-fixtures.sh). */
const TFIX = join(ROOT, 'test/fixtures/crush-tentacle');

const run = (args: string[]) => runCliSync(['crush', 'test', ...args]);

const tmp = mkdtempSync(join(tmpdir(), 'loadshift-crush-'));
function variant(name: string, edit: (j: Record<string, any>) => void): string {
  const j = JSON.parse(readFileSync(join(FIX, 'straw2-racks/crush.json'), 'utf8'));
  edit(j);
  const p = join(tmp, `${name}.json`);
  writeFileSync(p, JSON.stringify(j));
  return p;
}

const expectInputError = (args: string[], file: string, pattern: RegExp) =>
  expectInputErrorRun(run(args), file, pattern);

describe('loadshift crush test', () => {
  const picks: [string, string][] = [
    ['straw2-racks', 'r0-n3.txt'],
    ['straw2-racks', 'r6-n5.txt'],
    ['mixed-algs', 'r0-n3-w.txt'],
    ['choose-args', 'r0-n3.txt'],
    ['choose-args-default', 'r0-n3.txt'],
    ['ec-holes', 'r1-n6.txt'],
    ['build-1200', 'r0-n3-p7.txt'],
    ['straw-v0', 'r1-n6-w.txt'],
    ['rule-steps', 'r2-n4.txt'],
  ];
  for (const [map, file] of picks) {
    it(`prints exactly crushtool's mappings: ${map}/${file}`, () => {
      const c = fixtureCases(map).find((k) => k.file === file)!;
      expect(c).toBeDefined();
      const r = run(['--crush', c.crush, ...c.args]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(c.expected());
    });
  }

  for (const [map, file] of [
    ['msr-straw2', 'r1-n6-w.txt'],
    ['msr-straw2', 'r3-n4.txt'],
    ['msr-choose-args', 'r6-n4-w.txt'],
    ['msr-tunables', 'r7-n6-wh.txt'],
  ] as const) {
    it(`MSR rules: prints exactly Tentacle crushtool's mappings: ${map}/${file}`, () => {
      const c = fixtureCases(map, TFIX).find((k) => k.file === file)!;
      expect(c).toBeDefined();
      const r = run(['--crush', c.crush, ...c.args]);
      expect([r.code, r.stderr]).toEqual([0, '']);
      expect(r.stdout).toBe(c.expected());
    });
  }
  it('a rule step this Ceph does not know is one line naming the step', () => {
    const j = JSON.parse(readFileSync(join(TFIX, 'msr-straw2/crush.json'), 'utf8'));
    j.rules[0].steps[1].op = 'choosemsr_v2';
    const p = join(tmp, 'future-step.json');
    writeFileSync(p, JSON.stringify(j));
    expectInputError(['--crush', p, '--rule', '0', '--num-rep', '3'], p, /unknown rule step 'choosemsr_v2'/);
  });

  it('malformed JSON', () => {
    const p = join(tmp, 'bad.json');
    writeFileSync(p, '{"devices": [}');
    expectInputError(['--crush', p, '--rule', '0', '--num-rep', '3'], p, /not valid JSON/);
  });
  it('truncated JSON', () => {
    const p = join(tmp, 'trunc.json');
    writeFileSync(p, readFileSync(join(FIX, 'straw2-racks/crush.json'), 'utf8').slice(0, 3000));
    expectInputError(['--crush', p, '--rule', '0', '--num-rep', '3'], p, /not valid JSON.*complete/);
  });
  it('unknown rule', () => {
    const p = join(FIX, 'straw2-racks/crush.json');
    expectInputError(['--crush', p, '--rule', '42', '--num-rep', '3'], p, /rule 42 does not exist/);
  });
  it('an OSD map dump given to --crush', () => {
    const p = join(ROOT, 'test/fixtures/live-8osd/osd-dump.json');
    expectInputError(['--crush', p, '--rule', '0', '--num-rep', '3'], p, /OSD map dump.*not a CRUSH map dump/);
  });
  it('a cycle in the hierarchy', () => {
    const p = variant('cycle', (j) => {
      const host = j.buckets.find((b: any) => b.name === 'host0');
      host.items.push({
        id: j.buckets.find((b: any) => b.name === 'default').id,
        weight: 65536,
        pos: host.items.length,
      });
    });
    expectInputError(['--crush', p, '--rule', '0', '--num-rep', '3'], p, /cycle/);
  });
  it('an item weight out of range', () => {
    const p = variant('weight', (j) => {
      j.buckets[2].items[1].weight = 2 ** 32;
    });
    expectInputError(
      ['--crush', p, '--rule', '0', '--num-rep', '3'],
      p,
      /buckets\[2\]\.items\[1\]\.weight: 4294967296 is out of range/,
    );
  });
  it('a negative item weight', () => {
    const p = variant('neg', (j) => {
      j.buckets[0].items[0].weight = -1;
    });
    expectInputError(
      ['--crush', p, '--rule', '0', '--num-rep', '3'],
      p,
      /buckets\[0\]\.items\[0\]\.weight: -1 is out of range/,
    );
  });
  it('an item naming a missing bucket', () => {
    const p = variant('missing', (j) => {
      j.buckets[3].items[1].id = -99;
    });
    expectInputError(
      ['--crush', p, '--rule', '0', '--num-rep', '3'],
      p,
      /buckets\[3\]\.items\[1\]\.id: bucket -99 does not exist/,
    );
  });
  it('a --weight outside 0..1 is a usage error', () => {
    const r = run([
      '--crush',
      join(FIX, 'straw2-racks/crush.json'),
      '--rule',
      '0',
      '--num-rep',
      '3',
      '--weight',
      '1',
      '1.5',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(r.stderr).toMatch(/^loadshift: --weight: /);
  });
});
