/**
 * `generate` and `whatif` against Ceph's own tools, on the committed output of scripts/generate-oracle.sh
 * (test/fixtures/generate, see its command.txt): the monitor built the same CRUSH map (ids, shadow trees, weights,
 * rules) and osdmap (OSD states, pools, profiles) from the generated mapgen spec and the what-if's monitor
 * commands; osdmaptool maps every PG as loadshift does; crushtool compiles our crush.txt to the same map and maps
 * every rule as `loadshift crush test`. Then the same flags, run again now, give the committed bytes.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { oracleMismatches } from '../../helpers/generate-oracle.js';

const FIX = join(import.meta.dirname, '../../fixtures/generate');

/** The argument lists of command.txt's two lines (loadshift generate ..., loadshift whatif ...). */
function commands(): string[][] {
  return readFileSync(join(FIX, 'command.txt'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.split(' ').slice(1));
}

describe('generate/whatif oracle (Reef 18.2.7 mapgen, osdmaptool, crushtool)', () => {
  it('agrees with the real tools on every map, field and PG', () => {
    expect(oracleMismatches(FIX)).toEqual([]);
  });

  it('gives the committed bytes again for the same flags and seed', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'loadshift-oracle-'));
    const [gen, whatif] = commands();
    const g = await runCli(gen!.map((a) => (a === 'ours/gen' ? join(tmp, 'gen') : a)));
    expect(g.code).toBe(0);
    const w = await runCli(
      whatif!.map((a) =>
        a === 'ours/gen/snapshot.json'
          ? join(tmp, 'gen', 'snapshot.json')
          : a === 'ours/whatif'
            ? join(tmp, 'whatif')
            : a,
      ),
    );
    expect(w.code).toBe(0);
    for (const [d, f] of [
      ['gen', 'osdmap.json'],
      ['gen', 'crush.json'],
      ['gen', 'crush.txt'],
      ['gen', 'mapgen-spec.sh'],
      ['whatif', 'osdmap.json'],
      ['whatif', 'crush.json'],
    ] as const)
      expect(readFileSync(join(tmp, d, f), 'utf8'), `${d}/${f}`).toBe(readFileSync(join(FIX, 'ours', d, f), 'utf8'));
  });
});
