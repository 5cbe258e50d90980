/**
 * OSDMap::_pg_to_up_acting_osds (Ceph Reef), for one PG or a whole cluster:
 *   raw      = CRUSH(rule, pps, size, reweights, pool's choose_args) minus nonexistent OSDs
 *              (replicated pools shift left, erasure pools keep ITEM_NONE holes)   [_pg_to_raw_osds]
 *   upmapped = raw after pg_upmap, pg_upmap_items, pg_upmap_primaries           [_apply_upmap]
 *   up       = upmapped without down/nonexistent OSDs (EC: ITEM_NONE holes)     [_raw_to_up_osds]
 *   up_primary = first OSD of up, then primary affinity                        [_pick_primary, _apply_primary_affinity]
 *   acting   = pg_temp (down OSDs dropped / EC holes) else up; acting_primary = primary_temp, else the
 *              first OSD of pg_temp, else up_primary                             [_get_temp_osds]
 * PgMapping.raw is the upmapped set (see placement.ts); `crushRaw` of mapPgDetailed is what
 * `osdmaptool --test-map-pgs-dump-all` prints as "raw" (OSDMap::pg_to_raw_osds: before upmaps).
 */
import { chooseArgsFor } from '../crush/choose-args.js';
import { doRule } from '../crush/do-rule.js';
import type { CrushMap } from '../crush/types.js';
import { ITEM_NONE, pgidText, type OsdMap, type Pool } from './osdmap.js';
import type { PgMapping, Placement, PoolPlacement } from './placement.js';
import { rawPgToPg, rawPgToPps } from './pg-seed.js';
import { applyPrimaryAffinity } from './primary-affinity.js';
import { applyUpmap, type PgUpmaps } from './upmap.js';

function exists(osdmap: OsdMap, osd: number): boolean {
  return osd >= 0 && osd < osdmap.maxOsd && osdmap.exists[osd] === 1;
}

function isUp(osdmap: OsdMap, osd: number): boolean {
  return exists(osdmap, osd) && osdmap.up[osd] === 1;
}

/** _pg_to_raw_osds: CRUSH into `out` (reused), nonexistent OSDs removed; returns the pps. */
export function crushRawInto(osdmap: OsdMap, crush: CrushMap, pool: Pool, ps: number, out: number[]): number {
  const pps = rawPgToPps(pool, ps);
  doRule(crush, pool.crushRule, pps, pool.size, osdmap.weight, chooseArgsFor(crush, pool.id), out);
  if (pool.type === 'replicated') {
    let k = 0;
    for (let i = 0; i < out.length; i++) {
      const o = out[i] as number;
      if (exists(osdmap, o)) out[k++] = o;
    }
    out.length = k;
  } else {
    for (let i = 0; i < out.length; i++) if (!exists(osdmap, out[i] as number)) out[i] = ITEM_NONE;
  }
  return pps;
}

/** The upmap entries of a PG (pgid keys use raw_pg_to_pg, as Ceph). */
export function pgUpmaps(osdmap: OsdMap, pool: Pool, ps: number): PgUpmaps {
  if (osdmap.pgUpmap.size === 0 && osdmap.pgUpmapItems.size === 0 && osdmap.pgUpmapPrimaries.size === 0)
    return NO_UPMAPS;
  const key = pgidText(pool.id, rawPgToPg(pool, ps));
  return {
    upmap: osdmap.pgUpmap.get(key),
    items: osdmap.pgUpmapItems.get(key),
    primary: osdmap.pgUpmapPrimaries.get(key),
  };
}

const NO_UPMAPS: PgUpmaps = { upmap: undefined, items: undefined, primary: undefined };

/** _raw_to_up_osds into `up` (reused). */
export function rawToUpInto(osdmap: OsdMap, pool: Pool, raw: readonly number[], up: number[]): void {
  up.length = 0;
  if (pool.type === 'replicated') {
    for (const o of raw) if (isUp(osdmap, o)) up.push(o);
  } else {
    for (const o of raw) up.push(isUp(osdmap, o) ? o : ITEM_NONE);
  }
}

/** _pick_primary: the first OSD that is not a hole, else -1. */
export function pickPrimary(osds: readonly number[]): number {
  for (const o of osds) if (o !== ITEM_NONE) return o;
  return -1;
}

/** _get_temp_osds: the pg_temp set (down OSDs dropped, EC: holes) and the temp primary (-1: none). */
function tempOsds(osdmap: OsdMap, pool: Pool, ps: number): { acting: number[]; primary: number } | undefined {
  if (osdmap.pgTemp.size === 0 && osdmap.primaryTemp.size === 0) return undefined;
  const key = pgidText(pool.id, rawPgToPg(pool, ps));
  const temp = osdmap.pgTemp.get(key);
  const ptemp = osdmap.primaryTemp.get(key);
  if (temp === undefined && ptemp === undefined) return undefined;
  const acting: number[] = [];
  if (temp !== undefined) {
    for (const o of temp) {
      if (!isUp(osdmap, o)) {
        if (pool.type !== 'replicated') acting.push(ITEM_NONE);
      } else acting.push(o);
    }
  }
  let primary = -1;
  if (ptemp !== undefined) primary = ptemp;
  else primary = pickPrimary(acting);
  return { acting, primary };
}

/** Scratch arrays of one mapping pass (reuse for many PGs). */
export interface MapScratch {
  crushRaw: number[];
  raw: number[];
  up: number[];
}

export function newScratch(): MapScratch {
  return { crushRaw: [], raw: [], up: [] };
}

/**
 * The rest of the pipeline once CRUSH has run: copies `crushRaw` into scratch.raw, applies `upmaps`, and
 * returns fresh arrays. `crushRaw` is not modified.
 */
export function finishMapping(
  osdmap: OsdMap,
  pool: Pool,
  ps: number,
  pps: number,
  crushRaw: readonly number[],
  upmaps: PgUpmaps,
  s: MapScratch,
): PgMapping {
  const raw = s.raw;
  raw.length = crushRaw.length;
  for (let i = 0; i < crushRaw.length; i++) raw[i] = crushRaw[i] as number;
  if (upmaps !== NO_UPMAPS) applyUpmap(osdmap, raw, upmaps);
  const up = s.up;
  rawToUpInto(osdmap, pool, raw, up);
  const upPrimary = applyPrimaryAffinity(osdmap, pps, pool, up, pickPrimary(up));
  const temp = tempOsds(osdmap, pool, ps);
  const upCopy = up.slice();
  let acting: number[];
  let actingPrimary: number;
  if (temp !== undefined && temp.acting.length > 0) {
    acting = temp.acting;
    actingPrimary = temp.primary;
  } else {
    acting = upCopy; // the same (read-only) array: most PGs have no temp mapping
    actingPrimary = temp !== undefined && temp.primary !== -1 ? temp.primary : upPrimary;
  }
  return { raw: raw.slice(), up: upCopy, upPrimary, acting, actingPrimary };
}

/** One PG with what osdmaptool prints as "raw" (CRUSH output before upmaps) and its placement seed. */
export function mapPgDetailed(
  osdmap: OsdMap,
  crush: CrushMap,
  pool: Pool,
  ps: number,
  s: MapScratch = newScratch(),
): { crushRaw: number[]; pps: number; mapping: PgMapping } {
  const pps = crushRawInto(osdmap, crush, pool, ps, s.crushRaw);
  const mapping = finishMapping(osdmap, pool, ps, pps, s.crushRaw, pgUpmaps(osdmap, pool, ps), s);
  return { crushRaw: s.crushRaw.slice(), pps, mapping };
}

/** OSDMap::pg_to_up_acting_osds for PG `ps` of `pool` (ps < pg_num). */
export function mapPg(osdmap: OsdMap, crush: CrushMap, pool: Pool, ps: number): PgMapping {
  const s = newScratch();
  const pps = crushRawInto(osdmap, crush, pool, ps, s.crushRaw);
  return finishMapping(osdmap, pool, ps, pps, s.crushRaw, pgUpmaps(osdmap, pool, ps), s);
}

/** As mapPg, with the PG's pg_upmap_primaries entry replaced (a number) or removed (null). */
export function mapPgWithUpmapPrimary(
  osdmap: OsdMap,
  crush: CrushMap,
  pool: Pool,
  ps: number,
  upmapPrimary: number | null,
): PgMapping {
  const s = newScratch();
  const pps = crushRawInto(osdmap, crush, pool, ps, s.crushRaw);
  const e = pgUpmaps(osdmap, pool, ps);
  return finishMapping(
    osdmap,
    pool,
    ps,
    pps,
    s.crushRaw,
    { upmap: e.upmap, items: e.items, primary: upmapPrimary ?? undefined },
    s,
  );
}

/** Every PG of the given pools (all pools when omitted or empty), pools in id order. Unknown ids are skipped. */
export function mapAllPgs(osdmap: OsdMap, crush: CrushMap, poolIds?: readonly number[]): Placement {
  const ids = poolIds !== undefined && poolIds.length > 0 ? poolIds : [...osdmap.pools.keys()].sort((a, b) => a - b);
  const pools = new Map<number, PoolPlacement>();
  const s = newScratch();
  for (const id of ids) {
    const pool = osdmap.pools.get(id);
    if (pool === undefined) continue;
    const pgs: PgMapping[] = new Array<PgMapping>(pool.pgNum);
    for (let ps = 0; ps < pool.pgNum; ps++) {
      const pps = crushRawInto(osdmap, crush, pool, ps, s.crushRaw);
      pgs[ps] = finishMapping(osdmap, pool, ps, pps, s.crushRaw, pgUpmaps(osdmap, pool, ps), s);
    }
    pools.set(id, { poolId: id, pgs });
  }
  return { pools };
}
