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
  // it depends only on what each PG can have as primary: the watch daemon asks again every round with the same
  // placement (a whole flow problem at 320k PGs), so recent answers are kept by a 64-bit fingerprint of the choices
  const key = choicesKey(w, osdCount);
  const known = recent.get(key);
  if (known !== undefined) return known;
  const value = computeOptimum(w, osdCount, n);
  recent.set(key, value);
  if (recent.size > 64) recent.delete(recent.keys().next().value as string);
  return value;
}

const recent = new Map<string, number>();

function choicesKey(w: PoolWork, osdCount: number): string {
  let h1 = 0x811c9dc5 ^ w.pool.id;
  let h2 = 0x9e3779b9 ^ osdCount;
  // two FNV-like hashes over (−1 − #choices, choices...) per PG; plain locals (a closure over h1/h2 was 10x slower)
  const pgs = w.pgs;
  for (let p = 0; p < pgs.length; p++) {
    const choices = (pgs[p] as PoolWork['pgs'][number]).choices;
    let x = -1 - choices.length;
    h1 = Math.imul(h1 ^ x, 0x01000193);
    h2 = Math.imul(h2 ^ x, 0x5bd1e995) ^ (h2 >>> 15);
    for (let k = 0; k < choices.length; k++) {
      x = choices[k] as number;
      h1 = Math.imul(h1 ^ x, 0x01000193);
      h2 = Math.imul(h2 ^ x, 0x5bd1e995) ^ (h2 >>> 15);
    }
  }
  return `${w.pool.id}:${w.pgs.length}:${h1 >>> 0}:${h2 >>> 0}`;
}

function computeOptimum(w: PoolWork, osdCount: number, n: number): number {
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
