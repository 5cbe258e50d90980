/** Running the built CLI (dist/, built by `npm test`'s pretest) from tests, and the one-line error contract. */
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { expect } from 'vitest';

export const ROOT = join(import.meta.dirname, '../..');
export const CLI = join(ROOT, 'dist/src/cli/main.js');
export const DEMO = join(ROOT, 'demo/cluster-12osd');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The CLI in a child process, async (so that a test's runs can go in parallel). */
export function runCli(args: string[], cwd = ROOT): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export function runCliSync(args: string[], cwd = ROOT): CliRun {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', maxBuffer: 64 << 20 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Exit 3, nothing on stdout, exactly one stderr line `loadshift: <file>: ...` matching `pattern`, no stack trace. */
export function expectInputErrorRun(r: CliRun, file: string, pattern: RegExp): void {
  expect(r.code).toBe(3);
  expect(r.stdout).toBe('');
  const lines = r.stderr.split('\n').filter(Boolean);
  expect(lines).toHaveLength(1);
  expect(lines[0]!.startsWith(`loadshift: ${file}:`)).toBe(true);
  expect(lines[0]).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}
