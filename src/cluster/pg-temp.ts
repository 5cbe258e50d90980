/**
 * pg_temp and primary_temp (OSDMap::_get_temp_osds, Ceph Reef): a temporary acting set the monitor installs while a
 * PG backfills or recovers, and a temporary primary. When present they override the up set as the acting set.
 */
import { ITEM_NONE, osdIsUp, pgidText, pickPrimary, type OsdMap, type Pool } from './osdmap.js';
import { rawPgToPg } from './pg-seed.js';

/** _get_temp_osds: the pg_temp set (down OSDs dropped, EC: holes) and the temp primary (-1: none). */
export function tempOsds(osdmap: OsdMap, pool: Pool, ps: number): { acting: number[]; primary: number } | undefined {
  if (osdmap.pgTemp.size === 0 && osdmap.primaryTemp.size === 0) return undefined;
  const key = pgidText(pool.id, rawPgToPg(pool, ps));
  const temp = osdmap.pgTemp.get(key);
  const ptemp = osdmap.primaryTemp.get(key);
  if (temp === undefined && ptemp === undefined) return undefined;
  const acting: number[] = [];
  if (temp !== undefined) {
    for (const o of temp) {
      if (!osdIsUp(osdmap, o)) {
        if (pool.type !== 'replicated') acting.push(ITEM_NONE);
      } else acting.push(o);
    }
  }
  let primary = -1;
  if (ptemp !== undefined) primary = ptemp;
  else primary = pickPrimary(acting);
  return { acting, primary };
}
