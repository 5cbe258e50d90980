import { ITEM_NONE, parsePgid, pgidText, type OsdMap } from './osdmap.js';
import type { Placement } from './placement.js';

/** What one round may touch: pools paused by the cluster's health, and single PGs to leave alone this round. */
export interface HealthGates {
  /** Pool id → why its primaries must not move this round (the first reason found, in PG order). */
  pausedPools: Map<number, string>;
  /** pgid → why this PG is skipped this round (scrubbing, remapped, not reported yet, ...). */
  skippedPgs: Map<string, string>;
}

/** PG state words that pause the whole pool: its data is not fully available or is being re-peered. */
const PAUSING = ['peering', 'degraded', 'undersized', 'stale', 'down', 'incomplete', 'inactive', 'unknown'];
/** Words that leave a PG movable (anything else skips just that PG). */
const HARMLESS = new Set(['active', 'clean', 'snaptrim', 'snaptrim_wait']);

/** A PG whose state needs a look (anything but plain active+clean), by pool and ps. */
interface Unusual {
  ps: number;
  pgid: string;
  state: string;
}

/**
 * Health gates that make sense for a read balancer. A PG that is not active, or is peering, degraded, undersized,
 * stale, down or incomplete pauses changes in its pool; so does an OSD that is down but still in (the pool's CRUSH
 * rule maps PGs to it: recovery is coming). Scrubbing never pauses anything: a scrubbing PG is skipped (moving its
 * primary would abort the scrub), and so are remapped/backfilling/recovering PGs and PGs the mgr has not reported
 * yet. SLOW_OPS is not a gate (it is the latency policy's input).
 * `pgStates`: the mgr's `pg dump pgs_brief` states by pgid.
 *
 * One pass over the dump finds the few PGs that are not plain active+clean and counts each pool's PGs; pools whose
 * every PG was reported need no lookup by pgid (at 320,000 PGs that is most of the cost).
 */
export function healthGates(
  osdmap: OsdMap,
  placement: Placement,
  pgStates: ReadonlyMap<string, { state: string }>,
  poolIds: readonly number[],
): HealthGates {
  const pausedPools = new Map<number, string>();
  const skippedPgs = new Map<string, string>();
  const downIn: number[] = [];
  for (let o = 0; o < osdmap.maxOsd; o++)
    if (osdmap.exists[o] === 1 && osdmap.up[o] !== 1 && (osdmap.weight[o] ?? 0) > 0) downIn.push(o);
  const { reported, unusual } = scanDump(pgStates, osdmap, poolIds);
  for (const id of poolIds) {
    const pool = osdmap.pools.get(id);
    const pp = placement.pools.get(id);
    if (pool === undefined || pp === undefined) continue;
    // the first placement problem (PG order), then the first pausing state: the earlier PG names the reason
    let placementPs = -1;
    let placementWhy = '';
    for (let ps = 0; ps < pool.pgNum && placementPs < 0; ps++) {
      const m = pp.pgs[ps];
      if (m === undefined) continue;
      const down = downIn.length > 0 ? downIn.find((o) => m.raw.includes(o)) : undefined;
      if (down !== undefined) placementWhy = `osd.${down} is down but in (pg ${pgidText(id, ps)} maps to it)`;
      else if (m.acting.length === 0 || m.actingPrimary === ITEM_NONE || m.actingPrimary < 0)
        placementWhy = `pg ${pgidText(id, ps)} has no acting primary`;
      else continue;
      placementPs = ps;
    }
    const odd = [...(unusual.get(id) ?? [])];
    if ((reported.get(id) ?? 0) < pool.pgNum)
      for (let ps = 0; ps < pool.pgNum; ps++) {
        const pgid = pgidText(id, ps);
        if (!pgStates.has(pgid)) odd.push({ ps, pgid, state: '' });
      }
    odd.sort((a, b) => a.ps - b.ps);
    let pausedAt = -1;
    let pausedWhy = '';
    for (const { ps, pgid, state } of odd) {
      if (state === '') {
        skippedPgs.set(pgid, 'not in the pg dump yet');
        continue;
      }
      const words = state.split('+');
      if (words.some((w) => PAUSING.includes(w)) || !words.includes('active')) {
        if (pausedAt < 0) {
          pausedAt = ps;
          pausedWhy = `pg ${pgid} is ${state}`;
        }
      } else if (words.includes('scrubbing') || words.includes('deep'))
        skippedPgs.set(pgid, `scrubbing (${state}): moving its primary would abort the scrub`);
      else if (!words.includes('clean') || words.some((w) => !HARMLESS.has(w)))
        skippedPgs.set(pgid, `not active+clean (${state})`);
    }
    if (placementPs >= 0 && (pausedAt < 0 || placementPs <= pausedAt)) pausedPools.set(id, placementWhy);
    else if (pausedAt >= 0) pausedPools.set(id, pausedWhy);
  }
  return { pausedPools, skippedPgs };
}

/**
 * One pass over the dump: per pool of `poolIds`, how many of its PGs (ps < pg_num) were reported, and the reported
 * ones whose state is not plain active+clean.
 */
function scanDump(
  pgStates: ReadonlyMap<string, { state: string }>,
  osdmap: OsdMap,
  poolIds: readonly number[],
): { reported: Map<number, number>; unusual: Map<number, Unusual[]> } {
  const reported = new Map<number, number>();
  const unusual = new Map<number, Unusual[]>();
  const wanted = new Set(poolIds);
  for (const [pgid, { state }] of pgStates) {
    const at = parsePgidFast(pgid);
    if (at === undefined || !wanted.has(at.pool)) continue;
    const pgNum = osdmap.pools.get(at.pool)?.pgNum ?? 0;
    if (at.ps >= pgNum) continue;
    reported.set(at.pool, (reported.get(at.pool) ?? 0) + 1);
    if (state === 'active+clean') continue; // nearly every PG: nothing to check
    let list = unusual.get(at.pool);
    if (list === undefined) unusual.set(at.pool, (list = []));
    list.push({ ps: at.ps, pgid, state });
  }
  return { reported, unusual };
}

/** `pool.ps` in Ceph's canonical form (decimal pool, lowercase hex ps without leading zeros), or undefined. */
function parsePgidFast(text: string): { pool: number; ps: number } | undefined {
  const at = parsePgid(text);
  // the same text Ceph prints for this PG (no leading zeros): a pgid counted here is one pgStates.get would find
  return at !== undefined && pgidText(at.pool, at.ps) === text ? at : undefined;
}
