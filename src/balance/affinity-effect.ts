import type { OsdMap } from '../cluster/osdmap.js';
import { mapAllPgs } from '../cluster/pg-mapping.js';
import type { Placement } from '../cluster/placement.js';
import { withPrimaryAffinity } from '../cluster/primary-affinity.js';
import type { CrushMap } from '../crush/types.js';
import type { AffinityOp } from './affinity-plan.js';

export interface AffinityEffect {
  osdmapAfter: OsdMap;
  placementAfter: Placement;
  /** Every PG whose acting primary the values change: pgid → its new acting primary. */
  moved: Map<string, number>;
  /** Pools whose busiest OSD would lead more PGs than now (the values were planned on another map). */
  worse: Array<{ poolId: number; before: number; after: number }>;
}

function busiest(placement: Placement, poolId: number): number {
  const c = new Map<number, number>();
  for (const pg of placement.pools.get(poolId)?.pgs ?? [])
    if (pg.actingPrimary >= 0) c.set(pg.actingPrimary, (c.get(pg.actingPrimary) ?? 0) + 1);
  return Math.max(0, ...c.values());
}

/**
 * What primary-affinity values do on a given map, computed with the full mapping model: the map after, the PGs whose
 * primary moves, and the pools they would make worse. Apply computes it on the live map before sending anything.
 */
export function affinityEffect(
  osdmap: OsdMap,
  crush: CrushMap,
  placement: Placement,
  ops: readonly AffinityOp[],
): AffinityEffect {
  if (ops.length === 0) return { osdmapAfter: osdmap, placementAfter: placement, moved: new Map(), worse: [] };
  const osdmapAfter = withPrimaryAffinity(
    osdmap,
    ops.map((o) => ({ osd: o.osd, value: o.to })),
  );
  const placementAfter = mapAllPgs(osdmapAfter, crush, [...placement.pools.keys()]);
  const moved = new Map<string, number>();
  const worse: AffinityEffect['worse'] = [];
  for (const [poolId, pp] of placement.pools) {
    const after = placementAfter.pools.get(poolId);
    pp.pgs.forEach((pg, ps) => {
      const now = after?.pgs[ps]?.actingPrimary;
      if (now !== undefined && now !== pg.actingPrimary) moved.set(`${poolId}.${ps.toString(16)}`, now);
    });
    const [b, a] = [busiest(placement, poolId), busiest(placementAfter, poolId)];
    if (a > b) worse.push({ poolId, before: b, after: a });
  }
  return { osdmapAfter, placementAfter, moved, worse };
}
