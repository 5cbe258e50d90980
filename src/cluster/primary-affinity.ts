/**
 * OSDMap::_apply_primary_affinity (Ceph Reef). Only when some OSD of the set has a non-default affinity:
 * walk the set in order; an OSD with affinity a < 1.0 is passed over when (rjenkins1(pps, osd) >> 16) >= a
 * (so affinity 0 always passes over), but the first one passed over is remembered as a fallback. The first OSD
 * not passed over becomes the primary; when every OSD is passed over, the fallback (the first OSD) stays primary.
 * Replicated pools move the new primary to the front (the others keep their order); erasure pools keep the
 * order (the primary is only named).
 */
import { hash32_2 } from '../crush/hash.js';
import { FIXED_ONE, ITEM_NONE, type OsdMap, type Pool } from './osdmap.js';

/** Returns the primary (possibly changed) and reorders `osds` in place for replicated pools. */
export function applyPrimaryAffinity(osdmap: OsdMap, pps: number, pool: Pool, osds: number[], primary: number): number {
  const aff = osdmap.primaryAffinity;
  if (aff === undefined) return primary;
  let any = false;
  for (const o of osds) {
    if (o !== ITEM_NONE && aff[o] !== FIXED_ONE) {
      any = true;
      break;
    }
  }
  if (!any) return primary;
  let pos = -1;
  for (let i = 0; i < osds.length; i++) {
    const o = osds[i] as number;
    if (o === ITEM_NONE) continue;
    const a = aff[o] as number;
    if (a < FIXED_ONE && hash32_2(pps, o) >>> 16 >= a) {
      if (pos < 0) pos = i;
    } else {
      pos = i;
      break;
    }
  }
  if (pos < 0) return primary;
  const p = osds[pos] as number;
  if (pool.type === 'replicated' && pos > 0) {
    for (let i = pos; i > 0; i--) osds[i] = osds[i - 1] as number;
    osds[0] = p;
  }
  return p;
}

/** OSDMap::get_primary_affinityf: affinity / 0x10000 in float. */
export function primaryAffinityF(osdmap: OsdMap, osd: number): number {
  const pa = osdmap.primaryAffinity;
  if (pa === undefined) return 1;
  const v = pa[osd];
  return v === undefined ? 1 : Math.fround(v / FIXED_ONE);
}

/** A new OsdMap with the given primary affinities (16.16) set; the input is not modified. */
export function withPrimaryAffinity(osdmap: OsdMap, changes: ReadonlyArray<{ osd: number; value: number }>): OsdMap {
  const aff = osdmap.primaryAffinity
    ? Uint32Array.from(osdmap.primaryAffinity)
    : new Uint32Array(osdmap.maxOsd).fill(FIXED_ONE);
  for (const c of changes) aff[c.osd] = c.value;
  return { ...osdmap, primaryAffinity: aff };
}
