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
import { crushFirstnFor, FIRSTN_MAX_BATCH_REP } from '../crush/crush-firstn.js';
import { ProbesBuilder } from './crush-probes.js';
import { doRule } from '../crush/do-rule.js';
import type { CrushMap } from '../crush/types.js';
import { ITEM_NONE, osdExists, osdIsUp, pgidText, pickPrimary, type OsdMap, type Pool } from './osdmap.js';
import type { PgMapping, Placement, PoolPlacement } from './placement.js';
import { rawPgToPg, rawPgToPps } from './pg-seed.js';
import { sameArray } from './same-array.js';
import { applyPrimaryAffinity } from './primary-affinity.js';
import { tempOsds } from './pg-temp.js';
import { applyUpmap, type PgUpmaps } from './upmap.js';

/**
 * _pg_to_raw_osds: CRUSH into `out` (reused), nonexistent OSDs removed; returns the pps. `probed` (emptied first)
 * receives the OSDs whose reweight CRUSH read.
 */
export function crushRawInto(
  osdmap: OsdMap,
  crush: CrushMap,
  pool: Pool,
  ps: number,
  out: number[],
  probed: number[] | null = null,
): number {
  const pps = rawPgToPps(pool, ps);
  if (probed !== null) probed.length = 0;
  doRule(crush, pool.crushRule, pps, pool.size, osdmap.weight, chooseArgsFor(crush, pool.id), out, probed);
  if (pool.type === 'replicated') {
    let k = 0;
    for (let i = 0; i < out.length; i++) {
      const o = out[i] as number;
      if (osdExists(osdmap, o)) out[k++] = o;
    }
    out.length = k;
  } else {
    for (let i = 0; i < out.length; i++) if (!osdExists(osdmap, out[i] as number)) out[i] = ITEM_NONE;
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
    for (let i = 0; i < raw.length; i++) if (osdIsUp(osdmap, raw[i]!)) up.push(raw[i]!);
  } else {
    for (let i = 0; i < raw.length; i++) up.push(osdIsUp(osdmap, raw[i]!) ? raw[i]! : ITEM_NONE);
  }
}

/** Scratch arrays of one mapping pass (reuse for many PGs). */
export interface MapScratch {
  crushRaw: number[];
  raw: number[];
  up: number[];
  /** What the last CRUSH run read that a later epoch can change (crush-probes.ts); null: not recorded. */
  probed: number[] | null;
}

/** Scratch arrays; `probes`: record what each CRUSH run reads (only the watch daemon's placements need it). */
export function newScratch(probes = false): MapScratch {
  return { crushRaw: [], raw: [], up: [], probed: probes ? [] : null };
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
  // raw and up are equal for most PGs (no upmap, every OSD up): one read-only array for both
  return { raw: sameArray(raw, upCopy) ? upCopy : raw.slice(), up: upCopy, upPrimary, acting, actingPrimary };
}

/**
 * The whole pipeline for PG `ps` of `pool` with its own upmap entries (or `upmaps` in their place), using the
 * scratch arrays `s`: CRUSH, then finishMapping. The one place every mapping of a PG goes through.
 */
export function mapPgInto(
  osdmap: OsdMap,
  crush: CrushMap,
  pool: Pool,
  ps: number,
  s: MapScratch,
  upmaps: PgUpmaps = pgUpmaps(osdmap, pool, ps),
): PgMapping {
  const pps = crushRawInto(osdmap, crush, pool, ps, s.crushRaw, s.probed);
  return finishMapping(osdmap, pool, ps, pps, s.crushRaw, upmaps, s);
}

/** One PG with what osdmaptool prints as "raw" (CRUSH output before upmaps) and its placement seed. */
export function mapPgDetailed(
  osdmap: OsdMap,
  crush: CrushMap,
  pool: Pool,
  ps: number,
  s: MapScratch = newScratch(),
): { crushRaw: number[]; pps: number; mapping: PgMapping } {
  const mapping = mapPgInto(osdmap, crush, pool, ps, s);
  return { crushRaw: s.crushRaw.slice(), pps: rawPgToPps(pool, ps), mapping };
}

/** OSDMap::pg_to_up_acting_osds for PG `ps` of `pool` (ps < pg_num). */
export function mapPg(osdmap: OsdMap, crush: CrushMap, pool: Pool, ps: number): PgMapping {
  return mapPgInto(osdmap, crush, pool, ps, newScratch());
}

/** PGs per CRUSH batch on WebAssembly (mapPgRange). */
const BATCH_PGS = 4096;

/**
 * mapPgInto for PGs [from, to) of `pool`, each handed to `put`. Without probes, a replicated pool whose rule
 * crush-firstn.ts takes runs CRUSH for a batch of PGs at once; a PG with no upmap or temp entry, no primary affinity
 * below 1 in the map and every OSD up then needs no more than its acting set (= up = raw), as finishMapping would
 * give it. Same mappings as mapPgInto, PG for PG (tested).
 */
export function mapPgRange(
  osdmap: OsdMap,
  crush: CrushMap,
  pool: Pool,
  from: number,
  to: number,
  s: MapScratch,
  put: (ps: number, m: PgMapping) => void,
): void {
  const wasm =
    s.probed === null && pool.type === 'replicated' && pool.size <= FIRSTN_MAX_BATCH_REP ? crushFirstnFor(crush) : null;
  if (wasm === null || !wasm.handles(pool.crushRule) || chooseArgsFor(crush, pool.id) !== undefined) {
    for (let ps = from; ps < to; ps++) put(ps, mapPgInto(osdmap, crush, pool, ps, s));
    return;
  }
  // no entry and no temp mapping anywhere, no affinity below 1: a PG's mapping is its CRUSH output once all are up
  const plain =
    osdmap.pgUpmap.size + osdmap.pgUpmapItems.size + osdmap.pgUpmapPrimaries.size === 0 &&
    osdmap.pgTemp.size + osdmap.primaryTemp.size === 0 &&
    osdmap.primaryAffinity === undefined;
  const exists = osdmap.exists.subarray(0, osdmap.maxOsd);
  const up = osdmap.up;
  const size = pool.size;
  for (let b = from; b < to; b += BATCH_PGS) {
    const e = Math.min(to, b + BATCH_PGS);
    const { out, counts } = wasm.mapPgs(pool, b, e, osdmap.weight, exists);
    for (let ps = b; ps < e; ps++) {
      const k = ps - b;
      const n = counts[k]!;
      const at = k * size;
      let allUp = true;
      const raw = s.crushRaw;
      raw.length = n;
      for (let i = 0; i < n; i++) {
        const o = out[at + i]!;
        raw[i] = o;
        if (up[o] !== 1) allUp = false;
      }
      if (plain && allUp) {
        // a copy the size of the set (an array grown by push keeps room for ~17: memory the GC copies)
        const osds = raw.slice();
        const primary = n > 0 ? osds[0]! : -1;
        put(ps, { raw: osds, up: osds, upPrimary: primary, acting: osds, actingPrimary: primary });
      } else {
        put(ps, finishMapping(osdmap, pool, ps, rawPgToPps(pool, ps), raw, pgUpmaps(osdmap, pool, ps), s));
      }
    }
  }
}

/**
 * Every PG of the given pools (all pools when omitted or empty), pools in id order. Unknown ids are skipped.
 * `probes`: record what CRUSH read per PG (crush-probes.ts).
 */
export function mapAllPgs(osdmap: OsdMap, crush: CrushMap, poolIds?: readonly number[], probes = false): Placement {
  const ids = poolIds !== undefined && poolIds.length > 0 ? poolIds : [...osdmap.pools.keys()].sort((a, b) => a - b);
  const pools = new Map<number, PoolPlacement>();
  const s = newScratch(probes);
  for (const id of ids) {
    const pool = osdmap.pools.get(id);
    if (pool === undefined) continue;
    const pgs: PgMapping[] = new Array<PgMapping>(pool.pgNum);
    const rows = s.probed !== null ? new ProbesBuilder(pool.pgNum) : undefined;
    if (rows !== undefined) {
      for (let ps = 0; ps < pool.pgNum; ps++) {
        pgs[ps] = mapPgInto(osdmap, crush, pool, ps, s);
        rows.add(s.probed as number[]);
      }
    } else mapPgRange(osdmap, crush, pool, 0, pool.pgNum, s, (ps, m) => (pgs[ps] = m));
    pools.set(id, rows !== undefined ? { poolId: id, pgs, probes: rows.finish() } : { poolId: id, pgs });
  }
  return { pools };
}
