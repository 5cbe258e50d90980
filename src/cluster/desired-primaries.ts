/**
 * Ceph Reef's desired primary distribution, policy RB_SIMPLE (OSDMap::calc_desired_primary_distribution):
 * for each considered OSD, (PGs of the pool in its up sets / pool size) x primary affinity, then all
 * scaled by pg_num / sum so they add up to pg_num. Float32 per value as in Ceph; the sum is a double.
 */
import { ITEM_NONE, type OsdMap, type Pool } from './osdmap.js';
import type { PoolPlacement } from './placement.js';
import { primaryAffinityF } from './primary-affinity.js';

const f32 = Math.fround;

/** OSDs that are the up primary of at least one PG of the pool: the set Ceph's balance_primaries passes in. */
export function upPrimaryOsds(pool: Pool, placement: PoolPlacement): number[] {
  const s = new Set<number>();
  for (let ps = 0; ps < pool.pgNum; ps++) {
    const pg = placement.pgs[ps];
    if (pg !== undefined && pg.up.length > 0 && pg.upPrimary !== ITEM_NONE && pg.upPrimary >= 0) s.add(pg.upPrimary);
  }
  return [...s].sort((a, b) => a - b);
}

/**
 * Desired number of primaries per OSD (Float64Array indexed by OSD id, length maxOsd; 0 for OSDs not considered).
 * @param osds the OSDs to consider; Ceph's balancer uses upPrimaryOsds() (the default)
 * @returns an error for erasure pools and when every considered OSD has affinity 0 or no PG
 */
export function desiredPrimaries(
  osdmap: OsdMap,
  pool: Pool,
  placement: PoolPlacement,
  osds: readonly number[] = upPrimaryOsds(pool, placement),
): Float64Array | { error: string } {
  if (pool.type !== 'replicated') return { error: `pool ${pool.id} is not a replicated pool` };
  const pgsOn = new Map<number, number>();
  for (let ps = 0; ps < pool.pgNum; ps++) {
    const pg = placement.pgs[ps];
    if (pg === undefined) continue;
    for (const osd of new Set(pg.up)) if (osd !== ITEM_NONE) pgsOn.set(osd, (pgsOn.get(osd) ?? 0) + 1);
  }
  const out = new Float64Array(Math.max(osdmap.maxOsd, ...osds.map((o) => o + 1)));
  let sum = 0; // double in Ceph
  const considered = [...new Set(osds)].sort((a, b) => a - b);
  for (const osd of considered) {
    const v = f32(f32(f32(pgsOn.get(osd) ?? 0) / f32(pool.size)) * primaryAffinityF(osdmap, osd));
    out[osd] = v;
    sum += v;
  }
  if (sum <= 0) {
    return {
      error: `pool ${pool.id}: unable to calculate primary distribution, likely because primary affinity is 0 on all OSDs`,
    };
  }
  const factor = f32(f32(pool.pgNum) / f32(sum));
  for (const osd of considered) out[osd] = f32((out[osd] as number) * factor);
  return out;
}
