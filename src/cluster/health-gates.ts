import { ITEM_NONE, pgidText, type OsdMap } from './osdmap.js';
import type { Placement } from './placement.js';

/** What one round may touch: pools paused by the cluster's health, and single PGs to leave alone this round. */
export interface HealthGates {
  /** Pool id → why its primaries must not move this round (the first reason found). */
  pausedPools: Map<number, string>;
  /** pgid → why this PG is skipped this round (scrubbing, remapped, not reported yet, ...). */
  skippedPgs: Map<string, string>;
}

/** PG state words that pause the whole pool: its data is not fully available or is being re-peered. */
const PAUSING = ['peering', 'degraded', 'undersized', 'stale', 'down', 'incomplete', 'inactive', 'unknown'];
/** Words that leave a PG movable (anything else skips just that PG). */
const HARMLESS = new Set(['active', 'clean', 'snaptrim', 'snaptrim_wait']);

/**
 * Health gates that make sense for a read balancer. A PG that is not active, or is peering, degraded, undersized,
 * stale, down or incomplete pauses changes in its pool; so does an OSD that is down but still in (the pool's CRUSH
 * rule maps PGs to it: recovery is coming). Scrubbing never pauses anything: a scrubbing PG is skipped (moving its
 * primary would abort the scrub), and so are remapped/backfilling/recovering PGs and PGs the mgr has not reported
 * yet. SLOW_OPS is not a gate (it is the latency policy's input).
 * `pgStates`: the mgr's `pg dump pgs_brief` states by pgid.
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
      if (st.state === 'active+clean') continue; // nearly every PG: nothing to check
      const words = st.state.split('+');
      const pausing = words.find((w) => PAUSING.includes(w));
      if (pausing !== undefined || !words.includes('active')) {
        if (!pausedPools.has(id)) pausedPools.set(id, `pg ${pgid} is ${st.state}`);
        continue;
      }
      if (words.includes('scrubbing') || words.includes('deep'))
        skippedPgs.set(pgid, `scrubbing (${st.state}): moving its primary would abort the scrub`);
      else if (!words.includes('clean') || words.some((w) => !HARMLESS.has(w)))
        skippedPgs.set(pgid, `not active+clean (${st.state})`);
    }
  }
  return { pausedPools, skippedPgs };
}
