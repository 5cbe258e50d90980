/** Reads test/fixtures/crush/<map>/cases.txt: each line names an expected crushtool output and its arguments. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

export const FIXTURES = join(import.meta.dirname, '../../fixtures/crush');

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

export function fixtureMaps(): string[] {
  return readdirSync(FIXTURES)
    .filter((d) => existsSync(join(FIXTURES, d, 'cases.txt')))
    .sort();
}

export function fixtureCases(map: string): FixtureCase[] {
  const dir = join(FIXTURES, map);
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
