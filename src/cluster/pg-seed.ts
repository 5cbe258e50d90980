/**
 * Placement seeds, as Ceph Reef's pg_pool_t computes them (osd_types.cc).
 */
import { hash32_2 } from '../crush/hash.js';
import type { Pool } from './osdmap.js';

/** ceph_stable_mod: x mod b that stays stable while b grows towards bmask + 1. */
export function stableMod(x: number, b: number, bmask: number): number {
  const m = (x & bmask) >>> 0;
  return m < b ? m : (x & (bmask >>> 1)) >>> 0;
}

/** pg_pool_t::raw_pg_to_pg: the seed of the PG that owns raw seed `ps` (identity for ps < pg_num). */
export function rawPgToPg(pool: Pool, ps: number): number {
  return stableMod(ps, pool.pgNum, pool.pgNumMask);
}

/**
 * pg_pool_t::raw_pg_to_pps: the CRUSH input x of a PG. With FLAG_HASHPSPOOL it is
 * rjenkins1(stable_mod(ps, pgp_num), pool id); without it the legacy stable_mod(ps, pgp_num) + pool id.
 */
export function rawPgToPps(pool: Pool, ps: number): number {
  const s = stableMod(ps, pool.pgpNum, pool.pgpNumMask);
  return pool.hashpspool ? hash32_2(s, pool.id) : (s + pool.id) >>> 0;
}
