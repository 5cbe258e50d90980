/**
 * loadshift's own figures about primaries (not Ceph's): per pool and across pools, how many PGs each
 * OSD and each host is the acting primary of, and the read load that follows.
 */
import { ITEM_NONE, type OsdMap, type Pool } from './osdmap.js';
import type { Placement, PoolPlacement } from './placement.js';
import type { HostIndex } from './host-index.js';
import { primaryAffinityF } from './primary-affinity.js';

export interface PoolPrimaryStats {
  poolId: number;
  pgNum: number;
  size: number;
  /** Acting primaries per OSD id (length maxOsd). */
  primaries: Int32Array;
  /** 1 for OSDs that could be primary of some PG of the pool: in an acting set and primary affinity > 0. */
  eligible: Uint8Array;
  eligibleCount: number;
  maxPrimaries: number;
  /** PGs with a primary / eligible OSDs (0 when none is eligible). */
  meanPrimaries: number;
  /** OSD with the most primaries (lowest id on ties), -1 when the pool has no primary. */
  busiestOsd: number;
  /** Acting primaries per host index (length names.length). */
  perHost: Int32Array;
}

export interface ClusterPrimaryStats {
  pools: PoolPrimaryStats[];
  /** Acting primaries per OSD over all pools. */
  totalPrimaries: Int32Array;
  /** Read load per OSD over all pools: primaries, or the sum of the PGs' read rates when given. */
  readLoad: Float64Array;
  /** 1 for OSDs eligible in at least one pool. */
  eligible: Uint8Array;
  eligibleCount: number;
  maxPrimaries: number;
  meanPrimaries: number;
  busiestOsd: number;
  perHost: Array<{ host: string; primaries: number; readLoad: number }>;
}

/** Per-PG read rates: pool id -> rate by placement seed (missing PGs count 0). */
export type ReadRates = ReadonlyMap<number, ArrayLike<number>>;

function argmax(a: ArrayLike<number>): number {
  let best = -1;
  let bestV = 0;
  for (let i = 0; i < a.length; i++) {
    const v = a[i] as number;
    if (v > bestV) {
      bestV = v;
      best = i;
    }
  }
  return best;
}

function validOsd(osd: number, maxOsd: number): boolean {
  return osd >= 0 && osd !== ITEM_NONE && osd < maxOsd;
}

export function poolPrimaryStats(
  osdmap: OsdMap,
  pool: Pool,
  placement: PoolPlacement,
  hosts: HostIndex,
): PoolPrimaryStats {
  const n = osdmap.maxOsd;
  const primaries = new Int32Array(n);
  const eligible = new Uint8Array(n);
  let withPrimary = 0;
  for (let ps = 0; ps < pool.pgNum; ps++) {
    const pg = placement.pgs[ps];
    if (pg === undefined) continue;
    if (validOsd(pg.actingPrimary, n)) {
      primaries[pg.actingPrimary]! += 1;
      withPrimary++;
    }
    for (const osd of pg.acting) if (validOsd(osd, n) && primaryAffinityF(osdmap, osd) > 0) eligible[osd] = 1;
  }
  const perHost = new Int32Array(hosts.names.length);
  for (let osd = 0; osd < n; osd++) {
    const h = hosts.hostOf[osd] ?? -1;
    if (h >= 0 && h < perHost.length) perHost[h]! += primaries[osd]!;
  }
  const eligibleCount = eligible.reduce((s, v) => s + v, 0);
  const busiestOsd = argmax(primaries);
  return {
    poolId: pool.id,
    pgNum: pool.pgNum,
    size: pool.size,
    primaries,
    eligible,
    eligibleCount,
    maxPrimaries: busiestOsd >= 0 ? primaries[busiestOsd]! : 0,
    meanPrimaries: eligibleCount > 0 ? withPrimary / eligibleCount : 0,
    busiestOsd,
    perHost,
  };
}

/** Figures for the given pools (all pools of the map when omitted) and their sum. */
export function primaryStats(
  osdmap: OsdMap,
  placement: Placement,
  hosts: HostIndex,
  options: { poolIds?: readonly number[]; readRates?: ReadRates } = {},
): ClusterPrimaryStats {
  const n = osdmap.maxOsd;
  const ids = options.poolIds ?? [...osdmap.pools.keys()].sort((a, b) => a - b);
  const pools: PoolPrimaryStats[] = [];
  const totalPrimaries = new Int32Array(n);
  const readLoad = new Float64Array(n);
  const eligible = new Uint8Array(n);
  for (const id of ids) {
    const pool = osdmap.pools.get(id);
    const pp = placement.pools.get(id);
    if (pool === undefined || pp === undefined) continue;
    const s = poolPrimaryStats(osdmap, pool, pp, hosts);
    pools.push(s);
    const rates = options.readRates?.get(id);
    for (let osd = 0; osd < n; osd++) {
      totalPrimaries[osd]! += s.primaries[osd]!;
      if (s.eligible[osd]) eligible[osd] = 1;
      if (rates === undefined) readLoad[osd]! += s.primaries[osd]!;
    }
    if (rates !== undefined) {
      for (let ps = 0; ps < pool.pgNum; ps++) {
        const p = pp.pgs[ps]?.actingPrimary ?? -1;
        if (validOsd(p, n)) readLoad[p]! += rates[ps] ?? 0;
      }
    }
  }
  const eligibleCount = eligible.reduce((s, v) => s + v, 0);
  const busiestOsd = argmax(totalPrimaries);
  const sum = totalPrimaries.reduce((s, v) => s + v, 0);
  const perHost = hosts.names.map((host) => ({ host, primaries: 0, readLoad: 0 }));
  for (let osd = 0; osd < n; osd++) {
    const h = perHost[hosts.hostOf[osd] ?? -1];
    if (h === undefined) continue;
    h.primaries += totalPrimaries[osd]!;
    h.readLoad += readLoad[osd]!;
  }
  return {
    pools,
    totalPrimaries,
    readLoad,
    eligible,
    eligibleCount,
    maxPrimaries: busiestOsd >= 0 ? totalPrimaries[busiestOsd]! : 0,
    meanPrimaries: eligibleCount > 0 ? sum / eligibleCount : 0,
    busiestOsd,
    perHost,
  };
}
