/** Running the real Ceph Reef tools (../shared/ceph-reef/run.sh) from the benchmarks, timed. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SHARED = resolve(REPO, '..', 'shared', 'ceph-reef');
export const RUN = join(SHARED, 'run.sh');
/** The Tentacle 20.2.4 toolbox (size-aware read balancer, MSR rules). */
export const TENTACLE_RUN = resolve(REPO, '..', 'shared', 'ceph-tentacle', 'run.sh');
export const CACHE = join(REPO, 'bench', '.cache');

export function haveCephTools(): boolean {
  return existsSync(RUN) && existsSync('/srv/trixie/usr/bin/osdmaptool');
}

export function haveTentacleTools(): boolean {
  return existsSync(TENTACLE_RUN) && existsSync(`${process.env.CEPH_TENTACLE_ROOT ?? '/srv/forky'}/usr/bin/osdmaptool`);
}

export interface ToolRun {
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs a Reef tool in the chroot with `dir` as its working folder; throws with the tool's stderr on failure. */
export function cephTool(dir: string, args: string[], maxBuffer = 1 << 30): ToolRun {
  return cephToolOf(RUN)(dir, args, maxBuffer);
}

/** cephTool with another toolbox's run.sh (e.g. TENTACLE_RUN). */
export const cephToolOf =
  (run: string) =>
  (dir: string, args: string[], maxBuffer = 1 << 30): ToolRun => {
    mkdirSync(dir, { recursive: true });
    for (let attempt = 1; ; attempt++) {
      const t0 = process.hrtime.bigint();
      const r = spawnSync(run, ['-d', dir, ...args], { encoding: 'utf8', maxBuffer });
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (r.status === 0) return { stdout: r.stdout, stderr: r.stderr, ms };
      // a tool killed by a signal is retried (osdmaptool --read on 32k PGs aborted now and then in long bench runs,
      // never alone); a real failure is reported, its stderr kept in failed-tool.stderr
      if (r.status !== null || attempt >= 3) {
        writeFileSync(join(dir, 'failed-tool.stderr'), r.stderr ?? '');
        throw new Error(
          `${args.join(' ')} failed (${r.status ?? r.signal}): ${(r.stderr ?? '').trim().split('\n').pop()}`,
        );
      }
    }
  };

/** The fixed cost of entering the chroot (run.sh with `true`), best of 3: part of every Ceph time reported. */
export function chrootStartMs(): number {
  let best = Infinity;
  for (let i = 0; i < 3; i++) best = Math.min(best, cephTool(CACHE, ['true']).ms);
  return best;
}

/** Milliseconds taken by `f`, and its result. */
export function timed<T>(f: () => T): { value: T; ms: number } {
  const t0 = process.hrtime.bigint();
  const value = f();
  return { value, ms: Number(process.hrtime.bigint() - t0) / 1e6 };
}

export const fmtMs = (ms: number): string => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`);
