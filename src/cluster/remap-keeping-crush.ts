/**
 * A new epoch's placement from the previous one when CRUSH's inputs did not change: same CRUSH map, same OSD slots
 * (exists) and reweights, same pools. CRUSH's output (_pg_to_raw_osds) is then the same for every PG, so only the
 * steps after it run again: upmaps, up/down, primary affinity, pg_temp/primary_temp. That covers what most epochs
 * change (an OSD going down or up, primary affinity, pg_upmap* entries, temps) and skips the costly part of a map.
 * A PG with any upmap entry in the old map had its CRUSH output rewritten: it is mapped from scratch.
 */
import type { CrushMap } from '../crush/types.js';
import type { OsdMap } from './osdmap.js';
import { finishMapping, mapPgInto, newScratch, pgUpmaps } from './pg-mapping.js';
import { rawPgToPps } from './pg-seed.js';
import type { PgMapping, Placement, PoolPlacement } from './placement.js';

/** Whether `b` maps every PG through CRUSH exactly as `a` does (given the same CRUSH map). */
export function sameCrushInputs(a: OsdMap, b: OsdMap): boolean {
  if (a.maxOsd !== b.maxOsd || !sameArray(a.exists, b.exists) || !sameArray(a.weight, b.weight)) return false;
  if (a.pools.size !== b.pools.size) return false;
  for (const [id, p] of a.pools) {
    const q = b.pools.get(id);
    if (q === undefined || JSON.stringify(p) !== JSON.stringify(q)) return false;
  }
  return true;
}

/** The placement of `osdmap` from `old` (the placement of `oldMap`); the caller has checked sameCrushInputs. */
export function remapKeepingCrush(old: Placement, oldMap: OsdMap, osdmap: OsdMap, crush: CrushMap): Placement {
  const pools = new Map<number, PoolPlacement>();
  const s = newScratch();
  for (const [id, pp] of old.pools) {
    const pool = osdmap.pools.get(id);
    const oldPool = oldMap.pools.get(id);
    if (pool === undefined || oldPool === undefined) continue;
    const pgs: PgMapping[] = new Array<PgMapping>(pool.pgNum);
    for (let ps = 0; ps < pool.pgNum; ps++) {
      const before = pp.pgs[ps];
      const u = pgUpmaps(oldMap, oldPool, ps);
      const untouched = u.upmap === undefined && u.items === undefined && u.primary === undefined;
      pgs[ps] =
        before !== undefined && untouched
          ? finishMapping(osdmap, pool, ps, rawPgToPps(pool, ps), before.raw, pgUpmaps(osdmap, pool, ps), s)
          : mapPgInto(osdmap, crush, pool, ps, s);
    }
    pools.set(id, { poolId: id, pgs });
  }
  return { pools };
}

/** Element-wise equality of two per-OSD arrays. */
export function sameArray(x: ArrayLike<number>, y: ArrayLike<number>): boolean {
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}
