/**
 * The read balance score Squid and Tentacle report for a pool with a `read_ratio` (OSDMap::calc_rbs_size_optimal,
 * re-implemented): score_type "OSD size aware". Each OSD's load is primaries x 100 + other PGs x (100 - read_ratio)
 * over the OSDs in the up set of some PG of the pool; the score is the busiest load over the average load
 * (pg_num x (100 + (size - 1) x (100 - read_ratio)) / those OSDs), rounded as rbi_round, in float32.
 */
import { ITEM_NONE, type OsdMap, type Pool } from './osdmap.js';
import type { PoolPlacement } from './placement.js';

/** The `read_balance` block of a pool with read_ratio, as Tentacle dumps it. */
export interface ReadBalanceSizeAware {
  score_type: 'OSD size aware';
  score_acting: number;
  score_stable: number;
  average_osd_load: number;
  most_loaded_osd: { osd: number; pgs: number; primaries: number; load: number };
  error_message?: string;
}

const f32 = Math.fround;
const round2 = (f: number): number => {
  const x = f32(f * 100);
  return f > 0 ? f32(Math.floor(x + 0.5) / 100) : f32(Math.ceil(x - 0.5) / 100);
};

/** The size-aware block, or a message when Ceph cannot compute it (then it dumps the message with scores 0). */
export function sizeAwareReadBalance(
  osdmap: OsdMap,
  pool: Pool,
  placement: PoolPlacement,
  readRatio: number,
): ReadBalanceSizeAware | { error: string } {
  const pgs = new Map<number, number>();
  const prims = new Map<number, number>();
  const acting = new Map<number, number>();
  for (let ps = 0; ps < pool.pgNum; ps++) {
    const pg = placement.pgs[ps];
    if (pg === undefined || pg.up.length === 0) continue;
    for (const osd of new Set(pg.up)) if (osd !== ITEM_NONE) pgs.set(osd, (pgs.get(osd) ?? 0) + 1);
    if (pg.upPrimary !== ITEM_NONE) prims.set(pg.upPrimary, (prims.get(pg.upPrimary) ?? 0) + 1);
    if (pg.actingPrimary !== ITEM_NONE) acting.set(pg.actingPrimary, (acting.get(pg.actingPrimary) ?? 0) + 1);
  }
  const osds = [...pgs.keys()].sort((a, b) => a - b);
  // Tentacle 20.2.4 walks OSD *ids* 0 .. (number of OSDs holding PGs) - 1, not the OSDs holding PGs: when those are
  // not exactly 0..n-1 it misses some, counts too few PG legs and reports the error below (docs/releases.md)
  let legs = 0;
  let warning: string | undefined;
  for (let o = 0; o < osds.length; o++) {
    legs += pgs.get(o) ?? 0;
    if (warning === undefined && osdmap.primaryAffinity !== undefined && osdmap.primaryAffinity[o] !== 0x10000) {
      warning = `Warning: pool ${pool.id} has primary_affinity set to non-default value on some OSDs, this is ignored by the size-optimal read balancer`;
    }
  }
  if (legs !== pool.pgNum * pool.size) {
    return {
      error: `ERROR: pool ${pool.id} has ${legs} PG OSD legs, expected ${pool.pgNum * pool.size} - Can't calculate size-optimal read balancer score`,
    };
  }
  if (readRatio <= 0 || readRatio > 100) {
    return {
      error: `ERROR: pool ${pool.id} has invalid read_ratio ${readRatio} - Can't calculate size-optimal read balancer score`,
    };
  }
  const w = 100 - readRatio;
  const loadPerOsd = f32(f32(pool.pgNum * (100 + (pool.size - 1) * w)) / f32(osds.length));
  const busiest = (count: Map<number, number>) => {
    let best = { osd: -1, pgs: 0, primaries: 0, load: 0 };
    for (const o of osds) {
      const n = pgs.get(o)!;
      const p = count.get(o) ?? 0;
      const load = p * 100 + (n - p) * w;
      if (load > best.load) best = { osd: o, pgs: n, primaries: p, load };
    }
    return best;
  };
  const stable = busiest(prims);
  const act = busiest(acting);
  const out: ReadBalanceSizeAware = {
    score_type: 'OSD size aware',
    score_acting: round2(f32(f32(act.load) / loadPerOsd)),
    score_stable: round2(f32(f32(stable.load) / loadPerOsd)),
    average_osd_load: Math.trunc(loadPerOsd),
    most_loaded_osd: act,
  };
  if (warning !== undefined) out.error_message = warning;
  return out;
}
