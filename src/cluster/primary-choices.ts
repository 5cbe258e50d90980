/**
 * Every acting primary a PG can be given with `ceph osd pg-upmap-primary` / `rm-pg-upmap-primary`, predicted by
 * running Ceph's own mapping pipeline (so primary affinity, out targets and the swap rule are all accounted for).
 *
 * Candidates, in preference order (the first candidate giving a primary wins it):
 *   1. `upmapPrimary: null`: the PG without a pg_upmap_primaries entry (remove it, or leave none);
 *   2. the PG's current entry, if it has one (keeping it needs no command);
 *   3. each OSD at position >= 1 of the PG's current acting set, lowest position first: what the Reef monitor
 *      accepts (`osd.N is not in acting set for pg` otherwise; position 0 is `already primary`).
 * PGs of erasure-coded pools (the monitor refuses them), PGs with pg_temp or primary_temp (the acting set is
 * not CRUSH's) and PGs with no acting primary get only their current primary. The monitor's
 * require_min_compat_client >= reef condition is global and left to the caller.
 */
import type { CrushMap } from '../crush/types.js';
import { pgidText, type OsdMap, type Pool } from './osdmap.js';
import { crushRawInto, finishMapping, newScratch, pgUpmaps, type MapScratch } from './pg-mapping.js';
import { remapWithUpmapPrimary } from './pg-upmap-primary.js';

export interface PrimaryChoice {
  /** The acting primary the PG gets. */
  primary: number;
  /** The pg_upmap_primaries entry that gives it; null: no entry. */
  upmapPrimary: number | null;
}

const shared: MapScratch = newScratch();

export function primaryChoices(osdmap: OsdMap, crush: CrushMap, pool: Pool, ps: number): PrimaryChoice[] {
  const s = shared;
  const pps = crushRawInto(osdmap, crush, pool, ps, s.crushRaw);
  const crushRaw = s.crushRaw.slice();
  const e = pgUpmaps(osdmap, pool, ps);
  const current = finishMapping(osdmap, pool, ps, pps, crushRaw, e, s);
  const entry = e.primary ?? null;
  const key = pgidText(pool.id, ps);
  if (
    pool.type !== 'replicated' ||
    current.actingPrimary < 0 ||
    osdmap.pgTemp.has(key) ||
    osdmap.primaryTemp.has(key)
  ) {
    return [{ primary: current.actingPrimary, upmapPrimary: entry }];
  }
  const out: PrimaryChoice[] = [];
  const seen = new Set<number>();
  const tryTarget = (target: number | null): void => {
    const m = target === entry ? current : remapWithUpmapPrimary(osdmap, pool, ps, pps, crushRaw, e, target, s);
    const p = m.actingPrimary;
    if (p < 0 || seen.has(p)) return;
    seen.add(p);
    out.push({ primary: p, upmapPrimary: target });
  };
  tryTarget(null);
  if (entry !== null) tryTarget(entry);
  const acting = current.acting;
  for (let i = 1; i < acting.length; i++) {
    const o = acting[i] as number;
    if (o === entry || o < 0 || o >= osdmap.maxOsd || osdmap.exists[o] !== 1) continue;
    tryTarget(o);
  }
  return out;
}
