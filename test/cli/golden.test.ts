/**
 * The text an operator reads, byte for byte: `plan` (even, ceph, a budget) and `score` on the bundled demo cluster.
 * A deliberate change of the text: scripts/update-golden.sh, then review the diff.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO, ROOT, runCli } from '../helpers/cli.js';

const FILES = ['--osdmap', join(DEMO, 'osd-dump.json'), '--crush', join(DEMO, 'osd-crush-dump.json')];
const golden = (name: string) => readFileSync(join(ROOT, 'test/fixtures/golden', name), 'utf8');

describe('golden text outputs on the demo cluster', () => {
  const cases: Array<[string, string[]]> = [
    ['demo-plan.txt', ['plan', ...FILES]],
    ['demo-plan-ceph.txt', ['plan', ...FILES, '--policy', 'ceph']],
    ['demo-plan-budget10.txt', ['plan', ...FILES, '--max-changes', '10']],
    ['demo-score.txt', ['score', ...FILES]],
  ];
  for (const [name, args] of cases) {
    it(`${args[0]} ${args.slice(5).join(' ')} = ${name}`, async () => {
      const r = await runCli(args);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(golden(name));
    });
  }
});
