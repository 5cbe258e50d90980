/**
 * The built CLI's launcher (src/cli/launcher.ts): the bundle runs with the code cache recorded from it, and the same
 * without one, with a stale one, or recording one.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO, ROOT, runCliSync } from '../helpers/cli.js';

const BUILT = join(ROOT, 'dist/src/cli');
const PLAN = ['plan', '--osdmap', join(DEMO, 'osd-dump.json'), '--crush', join(DEMO, 'osd-crush-dump.json')];
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** The bundle's first line and its newline: what a cache recorded from it starts with. */
const buildLine = (bundle: Buffer): Buffer => bundle.subarray(0, bundle.indexOf('\n') + 1);

/** main.js and the bundle copied to a directory of their own, with `cache` as the recorded cache (none: null). */
function copyOfCli(cache: Buffer | null): string {
  const dir = mkdtempSync(join(tmpdir(), 'loadshift-launcher-'));
  dirs.push(dir);
  for (const f of ['main.js', 'loadshift-bundle.js']) copyFileSync(join(BUILT, f), join(dir, f));
  if (cache !== null) writeFileSync(join(dir, 'loadshift-bundle.js.cache'), cache);
  return dir;
}

function run(dir: string, env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [join(dir, 'main.js'), ...PLAN, '--format', 'script'], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('launcher', () => {
  const bundle = readFileSync(join(BUILT, 'loadshift-bundle.js'));
  const cache = readFileSync(join(BUILT, 'loadshift-bundle.js.cache'));
  const expected = runCliSync([...PLAN, '--format', 'script']);

  it('the build named the bundle by its SHA-256 and recorded the cache from it', () => {
    const rest = bundle.subarray(buildLine(bundle).length);
    expect(buildLine(bundle).toString()).toBe(
      `// loadshift build ${createHash('sha256').update(rest).digest('hex')}\n`,
    );
    expect(cache.subarray(0, buildLine(bundle).length).equals(buildLine(bundle))).toBe(true);
    // ASCII only: the launcher reads it as latin1, and V8 keeps it one byte a character
    expect(bundle.findIndex((b) => b > 0x7f)).toBe(-1);
    expect(cache.length).toBeGreaterThan(100_000); // the bytecode of a whole plan, not an empty cache
    expect(expected.code).toBe(0);
    expect(expected.stdout).toMatch(/^#!\/bin\/sh\n/);
  });

  it('runs the same without a cache, with the recorded one, and with one recorded from another bundle', () => {
    const other = Buffer.from(`// loadshift build ${'0'.repeat(64)}\n`);
    const stale = Buffer.concat([other, cache.subarray(buildLine(bundle).length)]);
    for (const c of [null, cache, stale]) expect(run(copyOfCli(c))).toEqual(expected);
  });

  it('LOADSHIFT_RECORD_CODE_CACHE=1 records a cache for the bundle beside it', () => {
    const dir = copyOfCli(null);
    expect(run(dir, { LOADSHIFT_RECORD_CODE_CACHE: '1' })).toEqual(expected);
    const recorded = readFileSync(join(dir, 'loadshift-bundle.js.cache'));
    expect(recorded.subarray(0, buildLine(bundle).length).equals(buildLine(bundle))).toBe(true);
    expect(existsSync(join(dir, 'loadshift-bundle.js.cache.tmp'))).toBe(false);
    expect(run(dir)).toEqual(expected);
  });
});
