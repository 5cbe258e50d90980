/**
 * The committed WebAssembly modules (src/crush/crush-firstn-wasm.ts, src/balance/flow-kernels-wasm.ts) are what
 * their C sources compile to: scripts/build-wasm.sh --check rebuilds them with clang and compares. CI installs clang
 * and lld (.ci/run); elsewhere the test is skipped when clang is missing.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');
const hasClang = (() => {
  try {
    execFileSync('clang', ['--version'], { stdio: 'ignore' });
    execFileSync('wasm-ld', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe('WebAssembly modules', () => {
  it.skipIf(!hasClang && process.env.CI !== 'true')('are what their C sources compile to', () => {
    const r = spawnSync('bash', [join(root, 'scripts/build-wasm.sh'), '--check'], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});
