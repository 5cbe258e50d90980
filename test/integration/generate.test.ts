/**
 * Issue 11: `loadshift generate` and `loadshift whatif` against the real Reef 18.2.7 tools, fresh: runs
 * scripts/generate-oracle.sh (a throw-away ceph-mon builds the generated spec and the what-if with monitor commands;
 * osdmaptool and crushtool dump and map the results) and checks that everything agrees with loadshift's dumps and
 * mapping (racks, device classes, replicated + EC pools, primary affinity, out/down, add/remove host, reweight).
 * No cluster daemons; mon port LOADSHIFT_MAPGEN_PORT (default 3301).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assertCliBuilt, REPO_ROOT } from '../helpers/ceph-cluster.js';
import { oracleMismatches } from '../helpers/generate-oracle.js';

assertCliBuilt();

function oracle(dir: string): Promise<{ code: number | null; log: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(join(REPO_ROOT, 'scripts', 'generate-oracle.sh'), [dir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    child.stdout.on('data', (d: Buffer) => (log += d.toString()));
    child.stderr.on('data', (d: Buffer) => (log += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, log }));
  });
}

describe('generate + whatif against mapgen/osdmaptool/crushtool (Reef 18.2.7)', () => {
  it('builds the same maps and maps every PG the same', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'loadshift-generate-it-'));
    const t0 = Date.now();
    const r = await oracle(dir);
    console.log(`generate oracle in ${Date.now() - t0} ms (${dir})`);
    expect(r.code, r.log).toBe(0);
    expect(oracleMismatches(dir)).toEqual([]);
  });
});
