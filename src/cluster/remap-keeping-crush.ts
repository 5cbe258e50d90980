/**
 * A new epoch's placement from the previous one when CRUSH's output can be kept: same CRUSH map (the caller checks),
 * same OSD slots (exists) and same pools. The steps after CRUSH run again for every PG: upmaps, up/down, primary
 * affinity, pg_temp/primary_temp. That covers what most epochs change (an OSD going down or up, primary affinity,
 * pg_upmap* entries, temps) and skips the costly part of a map. When reweights changed too (`ceph osd reweight`,
 * `out`, `in`), CRUSH runs again for the PGs whose mapping read one of those OSDs' reweight (crush-probes.ts), which
 * needs the probes the old placement recorded. A PG with any upmap entry in the old map had its CRUSH output
 * rewritten: it is mapped from scratch.
 */
import type { CrushMap } from '../crush/types.js';
import { changedReweights, ProbesBuilder, probedAny } from './crush-probes.js';
import type { OsdMap } from './osdmap.js';
import { finishMapping, mapPgInto, newScratch, pgUpmaps } from './pg-mapping.js';
import { rawPgToPps } from './pg-seed.js';
import type { PgMapping, Placement, PoolPlacement } from './placement.js';

/** Whether `b` maps every PG through CRUSH exactly as `a` does (given the same CRUSH map). */
export function sameCrushInputs(a: OsdMap, b: OsdMap): boolean {
  return sameSlotsAndPools(a, b) && sameArray(a.weight, b.weight);
}

/**
 * Whether remapKeepingCrush can give `b`'s placement from `old` (the placement of `a`, same CRUSH map): same OSD
 * slots and pools, and either the same reweights or probes recorded for every pool of `old`.
 */
export function crushReusable(old: Placement, a: OsdMap, b: OsdMap): boolean {
  if (!sameSlotsAndPools(a, b)) return false;
  if (sameArray(a.weight, b.weight)) return true;
  for (const pp of old.pools.values()) if (pp.probes === undefined) return false;
  return true;
}

function sameSlotsAndPools(a: OsdMap, b: OsdMap): boolean {
  if (a.maxOsd !== b.maxOsd || !sameArray(a.exists, b.exists)) return false;
  if (a.pools.size !== b.pools.size) return false;
  for (const [id, p] of a.pools) {
    const q = b.pools.get(id);
    if (q === undefined || JSON.stringify(p) !== JSON.stringify(q)) return false;
  }
  return true;
}

/** The placement of `osdmap` from `old` (the placement of `oldMap`); the caller has checked crushReusable. */
export function remapKeepingCrush(old: Placement, oldMap: OsdMap, osdmap: OsdMap, crush: CrushMap): Placement {
  const pools = new Map<number, PoolPlacement>();
  const s = newScratch();
  const changed = changedReweights(oldMap.weight, osdmap.weight);
  const reweighted = changed.includes(1);
  for (const [id, pp] of old.pools) {
    const pool = osdmap.pools.get(id);
    const oldPool = oldMap.pools.get(id);
    if (pool === undefined || oldPool === undefined) continue;
    const was = pp.probes;
    if (reweighted && was === undefined) throw new Error(`pool ${id}: reweights changed and no probes recorded`);
    const probes = was !== undefined ? new ProbesBuilder(pool.pgNum) : undefined;
    const pgs: PgMapping[] = new Array<PgMapping>(pool.pgNum);
    for (let ps = 0; ps < pool.pgNum; ps++) {
      const before = pp.pgs[ps];
      const u = pgUpmaps(oldMap, oldPool, ps);
      const untouched = u.upmap === undefined && u.items === undefined && u.primary === undefined;
      const crushAgain = reweighted && was !== undefined && probedAny(was, ps, changed);
      if (before !== undefined && untouched && !crushAgain) {
        pgs[ps] = finishMapping(osdmap, pool, ps, rawPgToPps(pool, ps), before.raw, pgUpmaps(osdmap, pool, ps), s);
        if (was !== undefined) probes?.addFrom(was, ps);
      } else {
        pgs[ps] = mapPgInto(osdmap, crush, pool, ps, s);
        probes?.add(s.probed);
      }
    }
    pools.set(id, probes !== undefined ? { poolId: id, pgs, probes: probes.finish() } : { poolId: id, pgs });
  }
  return { pools };
}

/** Element-wise equality of two per-OSD arrays. */
export function sameArray(x: ArrayLike<number>, y: ArrayLike<number>): boolean {
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}
