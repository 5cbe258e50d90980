/**
 * The health gates' one-pass scan of the pg dump gives exactly what a per-PG lookup gives (same paused pools with the
 * same first reason, same skipped PGs in the same order), on random states, missing PGs and stray entries laid over
 * replies recorded from the real Reef test cluster (fixtures/live-watch).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCrushMap } from '../../../src/ceph/read-crush.js';
import { parseOsdMap } from '../../../src/ceph/read-osdmap.js';
import { parsePgDump } from '../../../src/ceph/read-pg-dump.js';
import { healthGates, type HealthGates } from '../../../src/cluster/health-gates.js';
import { ITEM_NONE, pgidText, type OsdMap } from '../../../src/cluster/osdmap.js';
import { mapAllPgs } from '../../../src/cluster/pg-mapping.js';
import type { Placement } from '../../../src/cluster/placement.js';

const DIR = join(import.meta.dirname, '../../fixtures/live-watch');
const json = (f: string): unknown => JSON.parse(readFileSync(join(DIR, f), 'utf8'));
const crush = parseCrushMap(json('osd-crush-dump.json'), 'osd-crush-dump.json');

/** The gates PG by PG, one lookup per PG: the definition the scan must match. */
function reference(
  osdmap: OsdMap,
  placement: Placement,
  pgStates: ReadonlyMap<string, { state: string }>,
  poolIds: readonly number[],
): HealthGates {
  const pausing = ['peering', 'degraded', 'undersized', 'stale', 'down', 'incomplete', 'inactive', 'unknown'];
  const harmless = ['active', 'clean', 'snaptrim', 'snaptrim_wait'];
  const pausedPools = new Map<number, string>();
  const skippedPgs = new Map<string, string>();
  const downIn: number[] = [];
  for (let o = 0; o < osdmap.maxOsd; o++)
    if (osdmap.exists[o] === 1 && osdmap.up[o] !== 1 && (osdmap.weight[o] ?? 0) > 0) downIn.push(o);
  for (const id of poolIds) {
    const pool = osdmap.pools.get(id);
    const pp = placement.pools.get(id);
    if (pool === undefined || pp === undefined) continue;
    for (let ps = 0; ps < pool.pgNum; ps++) {
      const pgid = pgidText(id, ps);
      const m = pp.pgs[ps];
      if (m !== undefined && !pausedPools.has(id)) {
        const down = downIn.find((o) => m.raw.includes(o));
        if (down !== undefined) pausedPools.set(id, `osd.${down} is down but in (pg ${pgid} maps to it)`);
        else if (m.acting.length === 0 || m.actingPrimary === ITEM_NONE || m.actingPrimary < 0)
          pausedPools.set(id, `pg ${pgid} has no acting primary`);
      }
      const st = pgStates.get(pgid);
      if (st === undefined) {
        skippedPgs.set(pgid, 'not in the pg dump yet');
        continue;
      }
      const words = st.state.split('+');
      if (words.some((w) => pausing.includes(w)) || !words.includes('active')) {
        if (!pausedPools.has(id)) pausedPools.set(id, `pg ${pgid} is ${st.state}`);
        continue;
      }
      if (words.includes('scrubbing') || words.includes('deep'))
        skippedPgs.set(pgid, `scrubbing (${st.state}): moving its primary would abort the scrub`);
      else if (!words.includes('clean') || words.some((w) => !harmless.includes(w)))
        skippedPgs.set(pgid, `not active+clean (${st.state})`);
    }
  }
  return { pausedPools, skippedPgs };
}

const STATES = [
  'active+clean',
  'active+clean+scrubbing+deep',
  'active+clean+scrubbing',
  'peering',
  'active+undersized+degraded',
  'active+remapped+backfilling',
  'active+clean+snaptrim',
  'active+recovering',
  'unknown',
  'active',
  'stale+active+clean',
];

describe('health gates: one-pass scan = per-PG lookups', () => {
  for (const [osdDump, pgDump] of [
    ['osd-dump-clean.json', 'pg-dump-clean.json'],
    ['osd-dump-down3.json', 'pg-dump-down3.json'],
  ] as const) {
    const osdmap = parseOsdMap(json(osdDump), osdDump);
    const placement = mapAllPgs(osdmap, crush);
    const base = parsePgDump(json(pgDump), pgDump);
    const pgids = [...base.keys()];
    const pools = [...osdmap.pools.keys()];
    it(`${osdDump} with random states, missing PGs and stray entries`, () => {
      fc.assert(
        fc.property(
          fc.array(fc.tuple(fc.nat(pgids.length - 1), fc.integer({ min: -1, max: STATES.length - 1 })), {
            maxLength: 30,
          }),
          fc.array(fc.constantFrom('2.0a', '2.ff', '3.40', '99.0', '02.1', '3.A', 'x', '3.'), { maxLength: 3 }),
          fc.subarray(pools),
          (edits, strays, poolIds) => {
            const pgs = new Map([...base].map(([k, v]) => [k, { state: v.state }]));
            for (const [i, s] of edits) {
              const pgid = pgids[i] as string;
              if (s < 0) pgs.delete(pgid);
              else pgs.set(pgid, { state: STATES[s] as string });
            }
            for (const s of strays) pgs.set(s, { state: 'peering' });
            const got = healthGates(osdmap, placement, pgs, poolIds);
            const want = reference(osdmap, placement, pgs, poolIds);
            expect([...got.pausedPools]).toEqual([...want.pausedPools]);
            expect([...got.skippedPgs]).toEqual([...want.skippedPgs]);
          },
        ),
        { numRuns: 300 },
      );
    });
  }
});
