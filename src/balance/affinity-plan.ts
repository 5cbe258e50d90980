/**
 * A plan of primary-affinity values (`ceph osd primary-affinity osd.N X`): the lever every client honours, kernel
 * clients and old librados included (they ignore pg_upmap_primaries). Pure: from a snapshot to a typed list of
 * operations, checked against the full mapping model before it is returned.
 */
import { FIXED_ONE, type OsdMap } from '../cluster/osdmap.js';
import { mapAllPgs } from '../cluster/pg-mapping.js';
import type { Placement } from '../cluster/placement.js';
import { withPrimaryAffinity } from '../cluster/primary-affinity.js';
import type { CrushMap } from '../crush/types.js';
import { affinityPgs } from './affinity-pgs.js';
import { type AffinityFigures, optimiseAffinity } from './affinity-search.js';
import { optimumMaxPrimaries } from './optimum.js';

/** One OSD's primary affinity, from → to (16.16 fixed point, 0..0x10000). */
export interface AffinityOp {
  op: 'primary-affinity';
  osd: number;
  from: number;
  to: number;
  reason: 'balance';
}

export interface AffinityPoolPlan {
  poolId: number;
  poolName: string;
  pgCount: number;
  maxBefore: number;
  maxAfter: number;
  /** The busiest OSD's primaries pg-upmap-primary could reach (the per-PG optimum); undefined for EC pools. */
  upmapOptimum: number | undefined;
  /** PGs whose acting primary changes. */
  moved: number;
}

export interface AffinityPlan {
  method: 'affinity';
  epoch: number;
  fsid: string;
  ops: AffinityOp[];
  pools: AffinityPoolPlan[];
  status: 'balanced' | 'improved';
  figures: { before: AffinityFigures; after: AffinityFigures };
  /** The new acting primary of every PG that changes (pgid → OSD). */
  predicted: Map<string, number>;
  osdmapAfter: OsdMap;
  placementAfter: Placement;
}

export function buildAffinityPlan(req: {
  osdmap: OsdMap;
  crush: CrushMap;
  placement: Placement;
  poolIds: readonly number[];
}): AffinityPlan {
  const { osdmap, crush, placement } = req;
  // every pool when none is named (as PlanRequest)
  const named = req.poolIds.length > 0 ? req.poolIds : [...osdmap.pools.keys()].sort((a, b) => a - b);
  const ids = named.filter((id) => osdmap.pools.has(id));
  const model = affinityPgs(osdmap, placement, ids);
  const current = new Uint32Array(osdmap.maxOsd);
  for (let o = 0; o < osdmap.maxOsd; o++) current[o] = osdmap.primaryAffinity?.[o] ?? FIXED_ONE;
  const r = optimiseAffinity(model, current);
  const ops: AffinityOp[] = r.changed.map((osd) => ({
    op: 'primary-affinity',
    osd,
    from: current[osd] as number,
    to: r.affinity[osd] as number,
    reason: 'balance',
  }));
  const osdmapAfter =
    ops.length > 0
      ? withPrimaryAffinity(
          osdmap,
          ops.map((o) => ({ osd: o.osd, value: o.to })),
        )
      : osdmap;
  const placementAfter = ops.length > 0 ? mapAllPgs(osdmapAfter, crush) : placement;
  // the optimiser's own prediction must be what the full mapping pipeline gives, PG by PG
  const predicted = new Map<string, number>();
  model.pgids.forEach((pgid, pg) => {
    const [pool, ps] = [
      model.poolIds[model.poolOf[pg] as number] as number,
      Number.parseInt(pgid.split('.')[1] as string, 16),
    ];
    const now = placementAfter.pools.get(pool)?.pgs[ps]?.actingPrimary;
    if (now !== r.primary[pg])
      throw new Error(`model check: pg ${pgid} maps to osd.${now}, the optimiser predicted osd.${r.primary[pg]}`);
    if (now !== placement.pools.get(pool)?.pgs[ps]?.actingPrimary) predicted.set(pgid, now as number);
  });
  const pools = ids.map((id) => {
    const pool = osdmap.pools.get(id)!;
    const max = (p: Placement) => {
      const c = new Map<number, number>();
      for (const m of p.pools.get(id)?.pgs ?? [])
        if (m.actingPrimary >= 0) c.set(m.actingPrimary, (c.get(m.actingPrimary) ?? 0) + 1);
      return Math.max(0, ...c.values());
    };
    return {
      poolId: id,
      poolName: pool.name,
      pgCount: pool.pgNum,
      maxBefore: max(placement),
      maxAfter: max(placementAfter),
      upmapOptimum: pool.type === 'replicated' ? optimumMaxPrimaries(osdmap, crush, placement, id) : undefined,
      moved: [...predicted.keys()].filter((k) => k.startsWith(`${id}.`)).length,
    };
  });
  return {
    method: 'affinity',
    epoch: osdmap.epoch,
    fsid: osdmap.fsid,
    ops,
    pools,
    status: ops.length > 0 ? 'improved' : 'balanced',
    figures: { before: r.before, after: r.after },
    predicted,
    osdmapAfter,
    placementAfter,
  };
}
