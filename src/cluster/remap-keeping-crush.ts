/**
 * A new epoch's placement from the previous one when CRUSH's output can be kept: same CRUSH map (the caller checks),
 * same OSD slots (exists) and same pools. The steps after CRUSH run again for every PG: upmaps, up/down, primary
 * affinity, pg_temp/primary_temp. That covers what most epochs change (an OSD going down or up, primary affinity,
 * pg_upmap* entries, temps) and skips the costly part of a map. When reweights changed too (`ceph osd reweight`,
 * `out`, `in`), CRUSH runs again for the PGs whose mapping read one of those OSDs' reweight (crush-probes.ts), which
 * needs the probes the old placement recorded. The same probes hold the PGs' straw2 choices: when the CRUSH map's
 * only change is straw2 item weights (crush/crush-weight-change.ts), CRUSH runs again only for the PGs one of whose
 * choices in a reweighted bucket is drawn differently now. A PG with any upmap entry in the old map had its CRUSH
 * output rewritten: it is mapped from scratch.
 */
import { choiceLayout } from '../crush/choice-record.js';
import type { Straw2Reweighted } from '../crush/straw2-choice-kept.js';
import type { CrushMap } from '../crush/types.js';
import { changedReweights, choicesKept, ProbesBuilder, probedAny } from './crush-probes.js';
import type { OsdMap } from './osdmap.js';
import { finishMapping, mapPgInto, newScratch, pgUpmaps } from './pg-mapping.js';
import { rawPgToPps } from './pg-seed.js';
import type { PgMapping, Placement, PoolPlacement } from './placement.js';
import { sameArray } from './same-array.js';

/** Whether `b` maps every PG through CRUSH exactly as `a` does (given the same CRUSH map). */
export function sameCrushInputs(a: OsdMap, b: OsdMap): boolean {
  return sameSlotsAndPools(a, b) && sameArray(a.weight, b.weight);
}

/**
 * Whether remapKeepingCrush can give `b`'s placement from `old` (the placement of `a`): same OSD slots and pools,
 * and either the same reweights and CRUSH map (`crushReweighted` false) or probes recorded for every pool of `old`.
 */
export function crushReusable(old: Placement, a: OsdMap, b: OsdMap, crushReweighted = false): boolean {
  if (!sameSlotsAndPools(a, b)) return false;
  if (!crushReweighted && sameArray(a.weight, b.weight)) return true;
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

/**
 * The placement of `osdmap` from `old` (the placement of `oldMap`); the caller has checked crushReusable. `crush`
 * is the map of `osdmap`; `reweighted`, when given, is how it differs from the old one (only straw2 item weights).
 */
export function remapKeepingCrush(
  old: Placement,
  oldMap: OsdMap,
  osdmap: OsdMap,
  crush: CrushMap,
  reweighted?: readonly (Straw2Reweighted | undefined)[],
): Placement {
  const pools = new Map<number, PoolPlacement>();
  const s = newScratch(true);
  const changed = changedReweights(oldMap.weight, osdmap.weight);
  const reweightedOsds = changed.includes(1);
  const moved = reweighted?.some((b) => b !== undefined) === true ? reweighted : undefined;
  const layout = choiceLayout(crush);
  // a PG whose CRUSH output is kept and which has no upmap entry, when nothing after CRUSH changed: the same mapping
  const restSame = sameAfterCrush(oldMap, osdmap);
  for (const [id, pp] of old.pools) {
    const pool = osdmap.pools.get(id);
    const oldPool = oldMap.pools.get(id);
    if (pool === undefined || oldPool === undefined) continue;
    const was = pp.probes;
    if ((reweightedOsds || moved !== undefined) && was === undefined)
      throw new Error(`pool ${id}: weights changed and no probes recorded`);
    const probes = was !== undefined ? new ProbesBuilder(pool.pgNum) : undefined;
    const pgs: PgMapping[] = new Array<PgMapping>(pool.pgNum);
    for (let ps = 0; ps < pool.pgNum; ps++) {
      const before = pp.pgs[ps];
      const u = pgUpmaps(oldMap, oldPool, ps);
      const untouched = u.upmap === undefined && u.items === undefined && u.primary === undefined;
      const pps = rawPgToPps(pool, ps);
      const crushAgain =
        was !== undefined &&
        ((reweightedOsds && probedAny(was, ps, changed)) ||
          (moved !== undefined && !choicesKept(was, ps, pps, moved, layout)));
      if (before !== undefined && untouched && !crushAgain) {
        const now = pgUpmaps(osdmap, pool, ps);
        pgs[ps] =
          restSame && now.primary === undefined ? before : finishMapping(osdmap, pool, ps, pps, before.raw, now, s);
        if (was !== undefined) probes?.addFrom(was, ps);
      } else {
        pgs[ps] = mapPgInto(osdmap, crush, pool, ps, s);
        probes?.add(s.probed ?? []);
      }
    }
    pools.set(id, probes !== undefined ? { poolId: id, pgs, probes: probes.finish() } : { poolId: id, pgs });
  }
  return { pools };
}

/**
 * Whether the steps after CRUSH read the same in `a` and `b`, pg_upmap_primaries aside: OSDs up, primary affinity,
 * pg_upmap, pg_upmap_items, pg_temp, primary_temp.
 */
export function sameAfterCrush(a: OsdMap, b: OsdMap): boolean {
  if (!sameArray(a.up, b.up)) return false;
  if ((a.primaryAffinity === undefined) !== (b.primaryAffinity === undefined)) return false;
  if (a.primaryAffinity && b.primaryAffinity && !sameArray(a.primaryAffinity, b.primaryAffinity)) return false;
  if (!sameMap(a.pgUpmap, b.pgUpmap) || !sameMap(a.pgUpmapItems, b.pgUpmapItems)) return false;
  return sameMap(a.pgTemp, b.pgTemp) && sameMap(a.primaryTemp, b.primaryTemp);
}

function sameMap<V>(x: ReadonlyMap<string, V>, y: ReadonlyMap<string, V>): boolean {
  if (x.size !== y.size) return false;
  for (const [k, v] of x) if (JSON.stringify(v) !== JSON.stringify(y.get(k))) return false;
  return true;
}
