/** What a round reads off the cluster besides the placement: pool scores, primaries per OSD, foreign entries. */
import type { Snapshot } from '../ceph/snapshot-file.js';
import type { OsdMap } from '../cluster/osdmap.js';
import type { Placement } from '../cluster/placement.js';
import type { ApiPoolState } from './api-state.js';

/** The pools' read_balance score_acting as the monitor reports it (`osd pool ls detail -f json`), by pool id. */
export function monitorScores(s: Snapshot): Map<number, number> {
  const out = new Map<number, number>();
  for (const p of s.pool_ls_detail as Array<Record<string, unknown>>) {
    const rb = p.read_balance as { score_acting?: unknown } | undefined;
    if (typeof p.pool_id === 'number' && typeof rb?.score_acting === 'number') out.set(p.pool_id, rb.score_acting);
  }
  return out;
}

/** Acting primaries per OSD id, per pool and in all. */
export function primariesPerOsd(
  placement: Placement,
  poolIds: readonly number[],
): { total: Record<string, number>; byPool: Map<number, Record<string, number>> } {
  const totals = new Map<number, number>();
  const byPool = new Map<number, Record<string, number>>();
  for (const id of poolIds) {
    // counted by number first (a text key per PG costs ~100 ms at 320k PGs), named once per OSD
    const counts = new Map<number, number>();
    for (const pg of placement.pools.get(id)?.pgs ?? []) {
      if (pg === undefined || pg.actingPrimary < 0 || pg.actingPrimary === 0x7fffffff) continue;
      counts.set(pg.actingPrimary, (counts.get(pg.actingPrimary) ?? 0) + 1);
    }
    const per: Record<string, number> = {};
    for (const [o, n] of counts) {
      per[String(o)] = n;
      totals.set(o, (totals.get(o) ?? 0) + n);
    }
    byPool.set(id, per);
  }
  const total: Record<string, number> = {};
  for (const [o, n] of totals) total[String(o)] = n;
  return { total, byPool };
}

/** pg_upmap_primaries entries the daemon did not make (their target is not one it recorded for that PG). */
export function foreignEntries(osdmap: OsdMap, owned: Readonly<Record<string, readonly number[]>>): Set<string> {
  const out = new Set<string>();
  for (const [pgid, osd] of osdmap.pgUpmapPrimaries) if (!(owned[pgid] ?? []).includes(osd)) out.add(pgid);
  return out;
}

/** The per-pool part of the API state. */
export function poolStates(
  osdmap: OsdMap,
  poolIds: readonly number[],
  scores: ReadonlyMap<number, number>,
  paused: ReadonlyMap<number, string>,
  byPool: ReadonlyMap<number, Record<string, number>>,
): ApiPoolState[] {
  return poolIds.map((id) => ({
    id,
    name: osdmap.pools.get(id)?.name ?? String(id),
    score: scores.get(id) ?? null,
    paused: paused.get(id) ?? null,
    primaries: byPool.get(id) ?? {},
  }));
}
