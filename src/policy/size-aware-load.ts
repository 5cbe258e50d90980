/**
 * Squid's size-aware read model (the read balancer's `--osd-size-aware`, a pool's `read_ratio`): a PG costs its
 * primary 100 units of I/O and each other OSD of its set (100 - read_ratio), the writes it replicates. An OSD's load
 * is then primaries x 100 + (PGs - primaries) x (100 - read_ratio): bigger OSDs hold more PGs, take more writes and
 * so should lead fewer primaries.
 */
import { ITEM_NONE, type Pool } from '../cluster/osdmap.js';
import type { PoolPlacement } from '../cluster/placement.js';

/** osd_pool_default_read_ratio of Squid and Tentacle: a pool without read_ratio is read as 70 % reads. */
export const DEFAULT_READ_RATIO = 70;

export function readRatioOf(pool: Pool): number {
  return pool.readRatio ?? DEFAULT_READ_RATIO;
}

/** Per OSD (indexed by id, `length` entries), the pool's PGs whose up set holds it: Ceph's pgs_by_osd. */
export function pgsPerOsd(pool: Pool, placement: PoolPlacement, length: number): Int32Array {
  const out = new Int32Array(length);
  for (let ps = 0; ps < pool.pgNum; ps++) {
    const pg = placement.pgs[ps];
    if (pg === undefined) continue;
    for (const osd of new Set(pg.up)) if (osd !== ITEM_NONE && osd >= 0 && osd < length) out[osd]!++;
  }
  return out;
}

/** The load of one OSD in the model. */
export function osdLoad(pgs: number, primaries: number, readRatio: number): number {
  return primaries * 100 + (pgs - primaries) * (100 - readRatio);
}
