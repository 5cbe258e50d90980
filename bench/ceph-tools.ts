/** Running the real Ceph Reef tools (../shared/ceph-reef/run.sh) from the benchmarks, timed. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SHARED = resolve(REPO, '..', 'shared', 'ceph-reef');
export const RUN = join(SHARED, 'run.sh');
export const CACHE = join(REPO, 'bench', '.cache');

export function haveCephTools(): boolean {
  return existsSync(RUN) && existsSync('/srv/trixie/usr/bin/osdmaptool');
}

export interface ToolRun {
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs a Reef tool in the chroot with `dir` as its working folder; throws with the tool's stderr on failure. */
export function cephTool(dir: string, args: string[], maxBuffer = 1 << 30): ToolRun {
  mkdirSync(dir, { recursive: true });
  const t0 = process.hrtime.bigint();
  const r = spawnSync(RUN, ['-d', dir, ...args], { encoding: 'utf8', maxBuffer });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed (${r.status}): ${(r.stderr ?? '').trim().split('\n').pop()}`);
  return { stdout: r.stdout, stderr: r.stderr, ms };
}

/** Milliseconds taken by `f`, and its result. */
export function timed<T>(f: () => T): { value: T; ms: number } {
  const t0 = process.hrtime.bigint();
  const value = f();
  return { value, ms: Number(process.hrtime.bigint() - t0) / 1e6 };
}

export const fmtMs = (ms: number): string => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`);
