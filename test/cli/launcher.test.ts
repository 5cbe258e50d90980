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

const sha256 = (b: Buffer): Buffer => createHash('sha256').update(b).digest();

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

  it('the build recorded the cache from this bundle: it starts with the SHA-256 of the bundle', () => {
    expect(cache.subarray(0, 32).equals(sha256(bundle))).toBe(true);
    expect(cache.length).toBeGreaterThan(100_000); // the bytecode of a whole plan, not an empty cache
    expect(expected.code).toBe(0);
    expect(expected.stdout).toMatch(/^#!\/bin\/sh\n/);
  });

  it('runs the same without a cache, with the recorded one, and with one recorded from another bundle', () => {
    const stale = Buffer.concat([sha256(Buffer.from('another bundle')), cache.subarray(32)]);
    for (const c of [null, cache, stale]) expect(run(copyOfCli(c))).toEqual(expected);
  });

  it('LOADSHIFT_RECORD_CODE_CACHE=1 records a cache for the bundle beside it', () => {
    const dir = copyOfCli(null);
    expect(run(dir, { LOADSHIFT_RECORD_CODE_CACHE: '1' })).toEqual(expected);
    const recorded = readFileSync(join(dir, 'loadshift-bundle.js.cache'));
    expect(recorded.subarray(0, 32).equals(sha256(bundle))).toBe(true);
    expect(existsSync(join(dir, 'loadshift-bundle.js.cache.tmp'))).toBe(false);
    expect(run(dir)).toEqual(expected);
  });
});
