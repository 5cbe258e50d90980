import type { CrushMap } from '../crush/types.js';
import { parsePgid, type OsdMap } from '../cluster/osdmap.js';
import type { Placement, PoolPlacement } from '../cluster/placement.js';
import { mapPg, newScratch } from '../cluster/pg-mapping.js';
import { remapWithUpmapPrimary, withUpmapPrimaries } from '../cluster/pg-upmap-primary.js';
import { rawPgToPps } from '../cluster/pg-seed.js';
import { opEntry, type PrimaryOp } from './primary-op.js';

const NO_UPMAP = { upmap: undefined, items: undefined };

/**
 * The snapshot with the ops applied, remapped through the full placement model; checks that every op lands
 * the primary it promised (a mismatch is a bug in loadshift, never sent to a cluster).
 */
export function applyPlanOps(
  osdmap: OsdMap,
  crush: CrushMap,
  placement: Placement,
  ops: readonly PrimaryOp[],
): { osdmapAfter: OsdMap; placementAfter: Placement } {
  if (ops.length === 0) return { osdmapAfter: osdmap, placementAfter: placement };
  const osdmapAfter = withUpmapPrimaries(osdmap, ops.map(opEntry));
  const pools = new Map<number, PoolPlacement>(placement.pools);
  const copied = new Set<number>();
  const scratch = newScratch();
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i]!;
    const id = parsePgid(op.pgid);
    const pool = id && osdmapAfter.pools.get(id.pool);
    const before = id && pools.get(id.pool);
    if (!id || !pool || !before) throw new Error(`plan names pg ${op.pgid} of an unknown pool`);
    if (!copied.has(id.pool)) {
      pools.set(id.pool, { poolId: id.pool, pgs: before.pgs.slice() });
      copied.add(id.pool);
    }
    const prev = before.pgs[id.ps];
    // CRUSH's output does not depend on pg_upmap_primaries: a new entry on a PG without pg_upmap only re-runs the
    // pipeline after CRUSH and pg_upmap_items (prev.raw); everything else is remapped from scratch.
    const mapping =
      op.op === 'set' && prev !== undefined && !osdmap.pgUpmapPrimaries.has(op.pgid) && !osdmap.pgUpmap.has(op.pgid)
        ? remapWithUpmapPrimary(osdmapAfter, pool, id.ps, rawPgToPps(pool, id.ps), prev.raw, NO_UPMAP, op.osd, scratch)
        : mapPg(osdmapAfter, crush, pool, id.ps);
    if (mapping.actingPrimary !== op.to) {
      throw new Error(
        `model check: ${op.op} on pg ${op.pgid} gives primary osd.${mapping.actingPrimary}, planned osd.${op.to}`,
      );
    }
    (pools.get(id.pool) as PoolPlacement).pgs[id.ps] = mapping;
  }
  return { osdmapAfter, placementAfter: { pools } };
}
