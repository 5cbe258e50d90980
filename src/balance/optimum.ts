import type { CrushMap } from '../crush/types.js';
import type { OsdMap } from '../cluster/osdmap.js';
import type { Placement } from '../cluster/placement.js';
import { analysePool } from './balance-pool.js';
import { gatherPool, type PoolWork } from './pool-choices.js';

/**
 * The smallest number of primaries the busiest OSD can have in this pool, over every assignment pg-upmap-primary can
 * reach (the engine's exact level-1 optimum with equal shares).
 */
export function optimumFromWork(w: PoolWork, osdCount: number): number {
  let n = 0;
  for (const e of w.eligible) n += e;
  if (n === 0 || w.pgs.length === 0) return 0;
  const share = w.pgs.length / n;
  const desired = new Float64Array(osdCount);
  for (let o = 0; o < osdCount; o++) if (w.eligible[o]) desired[o] = share;
  const a = analysePool({ poolId: w.pool.id, pgs: w.pgs, desired }, osdCount);
  return Math.round(a.scale.value(a.optimumIndex) + share);
}

/** optimumFromWork for a pool of a snapshot; 0 for erasure-coded pools (their primaries cannot move). */
export function optimumMaxPrimaries(osdmap: OsdMap, crush: CrushMap, placement: Placement, poolId: number): number {
  const pool = osdmap.pools.get(poolId);
  if (pool === undefined || pool.type !== 'replicated') return 0;
  return optimumFromWork(gatherPool(osdmap, crush, placement, pool), osdmap.maxOsd);
}
