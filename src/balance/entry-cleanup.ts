import type { CrushMap } from '../crush/types.js';
import { parsePgid, type OsdMap } from '../cluster/osdmap.js';
import type { Placement } from '../cluster/placement.js';
import { primaryChoices } from '../cluster/primary-choices.js';
import type { PrimaryOp } from './primary-op.js';

/**
 * `rm-pg-upmap-primary` ops for the pg_upmap_primaries entries of the given pools that change nothing: the PG's
 * acting primary is the one it would have without the entry. `invalid` when Ceph ignores the entry (its OSD is not
 * in the PG's set or is out), `redundant` when it names the primary the PG has anyway. Entries of PGs that no longer
 * exist are left alone: the monitor only removes entries of existing PGs.
 */
export function entryCleanup(
  osdmap: OsdMap,
  crush: CrushMap,
  placement: Placement,
  poolIds: ReadonlySet<number>,
): PrimaryOp[] {
  const ops: PrimaryOp[] = [];
  const entries = [...osdmap.pgUpmapPrimaries.entries()].sort(([a], [b]) => comparePgid(a, b));
  for (const [pgid, target] of entries) {
    const id = parsePgid(pgid);
    if (!id || !poolIds.has(id.pool)) continue;
    const pool = osdmap.pools.get(id.pool);
    const mapping = placement.pools.get(id.pool)?.pgs[id.ps];
    if (!pool || !mapping || id.ps >= pool.pgNum) continue;
    const natural = primaryChoices(osdmap, crush, pool, id.ps).find((c) => c.upmapPrimary === null)?.primary;
    if (natural === undefined || natural !== mapping.actingPrimary) continue;
    const applies = mapping.raw.includes(target) && (osdmap.weight[target] ?? 0) > 0;
    ops.push({
      op: 'remove',
      pgid,
      from: mapping.actingPrimary,
      to: natural,
      reason: applies ? 'redundant' : 'invalid',
    });
  }
  return ops;
}

function comparePgid(a: string, b: string): number {
  const x = parsePgid(a);
  const y = parsePgid(b);
  if (!x || !y) return a < b ? -1 : a > b ? 1 : 0;
  return x.pool - y.pool || x.ps - y.ps;
}
