import type { PoolAnalysis } from './balance-pool.js';
import type { CrossPoolFigures } from './engine-types.js';

/** Per OSD: Σ over the listed pools of (primaries − desired). */
export function totalOverload(
  analyses: PoolAnalysis[],
  chosen: (Int32Array | null)[],
  osdCount: number,
  skip = -1,
): Float64Array {
  const total = new Float64Array(osdCount);
  analyses.forEach((a, i) => {
    const c = chosen[i];
    if (i === skip || !c) return;
    for (let o = 0; o < osdCount; o++) if (a.graph.eligible[o]) total[o]! -= a.graph.desired[o]!;
    for (let p = 0; p < c.length; p++) total[c[p]!]! += 1;
  });
  return total;
}

/** Largest cross-pool overload of an OSD and of a host (Σ over its OSDs). */
export function crossPoolFigures(total: Float64Array, hostOf: Int32Array): CrossPoolFigures {
  let maxOsdOverload = 0;
  const host = new Map<number, number>();
  for (let o = 0; o < total.length; o++) {
    maxOsdOverload = Math.max(maxOsdOverload, total[o]!);
    const h = hostOf[o] ?? -1;
    if (h >= 0) host.set(h, (host.get(h) ?? 0) + total[o]!);
  }
  let maxHostOverload = 0;
  for (const v of host.values()) maxHostOverload = Math.max(maxHostOverload, v);
  return { maxOsdOverload, maxHostOverload };
}

const OSD_RANKS = 8;
const HOST_RANKS = 4;

/**
 * Level 4 prices for one pool: a small integer per OSD ranking how overloaded the OSD (then its host) already is
 * with the other pools' primaries. solveAt charges it on the pool's top units (the OSDs that end at the pool's max
 * level), so among the pool's level-1/2 optima the max-level primaries go to the least loaded OSDs and hosts.
 * Null when there is nothing to tell apart.
 */
export function crossPoolPenalty(
  analyses: PoolAnalysis[],
  chosen: (Int32Array | null)[],
  self: number,
  hostOf: Int32Array,
): Int32Array | null {
  const g = analyses[self]!.graph;
  const m = g.osdCount;
  if (!chosen.some((c, i) => c && i !== self)) return null;
  const other = totalOverload(analyses, chosen, m, self);
  const hostSum = new Map<number, number>();
  let minOsd = Infinity;
  for (let o = 0; o < m; o++) {
    if (!g.eligible[o]) continue;
    minOsd = Math.min(minOsd, other[o]!);
    const h = hostOf[o] ?? -1;
    if (h >= 0) hostSum.set(h, (hostSum.get(h) ?? 0) + other[o]!);
  }
  let minHost = Infinity;
  for (const v of hostSum.values()) minHost = Math.min(minHost, v);
  const pen = new Int32Array(m);
  let any = false;
  for (let o = 0; o < m; o++) {
    if (!g.eligible[o]) continue;
    const r = Math.min(OSD_RANKS - 1, Math.max(0, Math.round(other[o]! - minOsd)));
    const hv = hostSum.get(hostOf[o] ?? -1);
    const hr = hv === undefined ? 0 : Math.min(HOST_RANKS - 1, Math.max(0, Math.round(hv - minHost)));
    pen[o] = r * HOST_RANKS + hr;
    if (pen[o]) any = true;
  }
  return any ? pen : null;
}
