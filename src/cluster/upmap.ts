/**
 * OSDMap::_apply_upmap (Ceph Reef): pg_upmap, then pg_upmap_items, then pg_upmap_primaries, applied in place to
 * the raw CRUSH set of one PG.
 *  - pg_upmap replaces the whole set, unless one of its OSDs (a valid id) is out (reweight 0): then it is ignored.
 *  - each pg_upmap_items pair (from, to) replaces the first `from` with `to`, unless `to` is already in the set
 *    or `to` is out; pairs are applied in order.
 *  - the pg_upmap_primaries target, if not out and found at position >= 1, swaps places with position 0.
 * Entries of PGs beyond pg_num or of unknown pools are never looked up (Ceph ignores them too).
 */
import { ITEM_NONE, type OsdMap } from './osdmap.js';

/** The upmap entries of one PG. `primary` undefined: no pg_upmap_primaries entry. */
export interface PgUpmaps {
  upmap: readonly number[] | undefined;
  items: ReadonlyArray<readonly [number, number]> | undefined;
  primary: number | undefined;
}

function isOutValid(osdmap: OsdMap, osd: number): boolean {
  return osd !== ITEM_NONE && osd >= 0 && osd < osdmap.maxOsd && osdmap.weight[osd] === 0;
}

/** Applies the upmaps to `raw` in place (it may grow or shrink when pg_upmap applies). */
export function applyUpmap(osdmap: OsdMap, raw: number[], e: PgUpmaps): void {
  const up = e.upmap;
  if (up !== undefined) {
    let reject = false;
    for (const osd of up) {
      if (isOutValid(osdmap, osd)) {
        reject = true;
        break;
      }
    }
    // A rejected pg_upmap makes Ceph return before the items and the primary are looked at.
    if (reject) return;
    raw.length = up.length;
    for (let i = 0; i < up.length; i++) raw[i] = up[i] as number;
  }
  const items = e.items;
  if (items !== undefined) {
    for (const [from, to] of items) {
      let exists = false;
      let pos = -1;
      const toOut = isOutValid(osdmap, to);
      for (let i = 0; i < raw.length; i++) {
        const osd = raw[i];
        if (osd === to) {
          exists = true;
          break;
        }
        if (osd === from && pos < 0 && !toOut) pos = i;
      }
      if (!exists && pos >= 0) raw[pos] = to;
    }
  }
  const prim = e.primary;
  if (prim !== undefined && prim !== ITEM_NONE && prim >= 0 && prim < osdmap.maxOsd && osdmap.weight[prim] !== 0) {
    for (let i = 1; i < raw.length; i++) {
      if (raw[i] === prim) {
        raw[i] = raw[0] as number;
        raw[0] = prim;
        break;
      }
    }
  }
}
