/**
 * Reads test/fixtures/<set>/<map>/cases.txt: each line names an expected crushtool output and its arguments.
 * Each set was made by one Ceph release (FIXTURE_SETS): its tests hold loadshift to that release's crushtool.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

export const FIXTURES = join(import.meta.dirname, '../../fixtures/crush');

/** Fixture folders and the release whose crushtool made them (scripts/gen-crush-fixtures.sh, gen-msr-crush-fixtures.sh). */
export const FIXTURE_SETS: readonly { dir: string; release: string }[] = [
  { dir: FIXTURES, release: 'reef 18.2.7' },
  { dir: join(import.meta.dirname, '../../fixtures/crush-tentacle'), release: 'tentacle 20.2.4' },
];

export interface FixtureCase {
  map: string;
  file: string;
  crush: string;
  args: string[];
  rule: string;
  numRep: string;
  minX: string;
  maxX: string;
  weight: string[];
  poolId: string | undefined;
  expected: () => string;
}

export function fixtureMaps(root = FIXTURES): string[] {
  return readdirSync(root)
    .filter((d) => existsSync(join(root, d, 'cases.txt')))
    .sort();
}

export function fixtureCases(map: string, root = FIXTURES): FixtureCase[] {
  const dir = join(root, map);
  return readFileSync(join(dir, 'cases.txt'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [file, ...args] = line.split(' ');
      const opt = (name: string): string | undefined => {
        const i = args.indexOf(name);
        return i < 0 ? undefined : args[i + 1];
      };
      const weight: string[] = [];
      args.forEach((a, i) => {
        if (a === '--weight') weight.push(args[i + 1]!, args[i + 2]!);
      });
      const path = join(dir, file!);
      return {
        map,
        file: file!,
        crush: join(dir, 'crush.json'),
        args,
        rule: opt('--rule')!,
        numRep: opt('--num-rep')!,
        minX: opt('--min-x')!,
        maxX: opt('--max-x')!,
        weight,
        poolId: opt('--pool-id'),
        expected: () =>
          existsSync(path) ? readFileSync(path, 'utf8') : gunzipSync(readFileSync(`${path}.gz`)).toString('utf8'),
      };
    });
}
