/** What each PG of a pool can have as its primary, and the pg_upmap_primaries entry that gives it. */
import type { CrushMap } from '../crush/types.js';
import { FIXED_ONE, ITEM_NONE, pgidText, type OsdMap, type Pool } from '../cluster/osdmap.js';
import type { Placement } from '../cluster/placement.js';
import { primaryChoices } from '../cluster/primary-choices.js';
import type { EnginePg } from './engine-types.js';

export interface PoolWork {
  pool: Pool;
  /** The PGs that have an acting primary, in placement-seed order (index k is not the ps when some are left out). */
  pgs: EnginePg[];
  /**
   * Per PG: the pg_upmap_primaries target that gives each choice (null: no entry); undefined for a plain PG, where
   * the target of a choice is the OSD itself (null for the current primary). Read it with targetOf().
   */
  targets: Array<Map<number, number | null> | undefined>;
  eligible: Uint8Array;
  /**
   * PGs left out because they have no acting primary (no OSD of their set is up, or CRUSH maps them to none): they
   * serve no reads and no entry can lead them. How many, and the first one's pgid.
   */
  primaryless: { count: number; first: string | null };
  /**
   * The PGs' actual primaries when `pgs[k].current` is only where the engine starts (a drained primary it must
   * leave: drain-choices.ts); read it with currentOf(). Ops are from the actual primary.
   */
  actual?: Int32Array;
}

/** The actual primary of PG `k` of `w` (ops go from it). */
export function currentOf(w: PoolWork, k: number): number {
  return w.actual?.[k] ?? (w.pgs[k]?.current as number);
}

/** Every PG's actual primary (currentOf), in PG order. */
export function currentPrimaries(w: PoolWork): Int32Array {
  const out = new Int32Array(w.pgs.length);
  for (let k = 0; k < out.length; k++) out[k] = currentOf(w, k);
  return out;
}

const recent = new WeakMap<object, { osdmap: OsdMap; crush: CrushMap; work: PoolWork }>();

/**
 * gatherPool, remembered for the same osdmap, CRUSH map and pool placement objects (the watch daemon plans every
 * round on the placement it cached for the epoch): the same answer, with its own `pgs` array for the caller to edit
 * (replace entries, never change a PG object).
 */
export function gatherPoolCached(osdmap: OsdMap, crush: CrushMap, placementAll: Placement, pool: Pool): PoolWork {
  const key = placementAll.pools.get(pool.id);
  const hit = key && recent.get(key);
  const work =
    hit && hit.osdmap === osdmap && hit.crush === crush && hit.work.pool === pool
      ? hit.work
      : gatherPool(osdmap, crush, placementAll, pool);
  if (key && work !== hit?.work) recent.set(key, { osdmap, crush, work });
  return { ...work, pgs: work.pgs.slice() };
}

export function gatherPool(osdmap: OsdMap, crush: CrushMap, placementAll: Placement, pool: Pool): PoolWork {
  const placement = placementAll.pools.get(pool.id);
  const pgs: EnginePg[] = [];
  const primaryless = { count: 0, first: null as string | null };
  const targets: Array<Map<number, number | null> | undefined> = [];
  const eligible = new Uint8Array(osdmap.maxOsd);
  // no PG of any pool has an entry or a temp mapping (most clusters): no lookup by pgid
  const entries = osdmap.pgUpmapPrimaries.size + osdmap.pgUpmap.size + osdmap.pgTemp.size + osdmap.primaryTemp.size > 0;
  for (let ps = 0; ps < pool.pgNum; ps++) {
    const mapping = placement?.pgs[ps];
    const current = mapping?.actingPrimary ?? -1;
    const pgid = pgidText(pool.id, ps);
    if (current < 0 || mapping === undefined) {
      primaryless.count++;
      primaryless.first ??= pgid;
      continue;
    }
    if (plainPg(osdmap, entries, pgid, mapping.acting)) {
      // No entry, no temp mapping, no affinity below 1 in the set: naming an acting OSD makes it the primary.
      const choices = plainChoices(osdmap, mapping.acting, current);
      for (let i = 0; i < choices.length; i++) eligible[choices[i]!] = 1;
      pgs.push({ pgid, choices, current });
      targets.push(undefined);
      continue;
    }
    const byPrimary = new Map<number, number | null>();
    for (const c of primaryChoices(osdmap, crush, pool, ps))
      if (!byPrimary.has(c.primary)) byPrimary.set(c.primary, c.upmapPrimary);
    if (!byPrimary.has(current)) byPrimary.set(current, osdmap.pgUpmapPrimaries.get(pgid) ?? null);
    // primary affinity 0 means "never primary": Ceph still falls back to such an OSD when every member of the set
    // is passed over, but loadshift never makes one primary (unless it already is)
    const aff = osdmap.primaryAffinity;
    const choices = [...byPrimary.keys()].filter((o) => o >= 0 && (o === current || aff === undefined || aff[o] !== 0));
    for (const o of choices) eligible[o] = 1;
    pgs.push({ pgid, choices: choices.length > 0 ? choices : [current], current });
    targets.push(byPrimary);
  }
  return { pool, pgs, targets, eligible, primaryless };
}

/** A member of a plain PG's acting set that naming makes its primary: in, and not the primary already. */
function canLead(osdmap: OsdMap, o: number, current: number): boolean {
  return (osdmap.weight[o] ?? 0) > 0 && o !== current;
}

/**
 * A plain PG's choices: its primary, then the other members of its acting set that can lead. For most PGs that is
 * the whole acting set, primary first: then the acting array itself (shared, read-only) instead of a copy.
 */
function plainChoices(osdmap: OsdMap, acting: number[], current: number): number[] {
  let all = acting[0] === current;
  for (let i = 1; all && i < acting.length; i++) all = canLead(osdmap, acting[i] as number, current);
  if (all) return acting;
  const choices = [current];
  for (let i = 1; i < acting.length; i++) if (canLead(osdmap, acting[i] as number, current)) choices.push(acting[i]!);
  return choices;
}

/** The pg_upmap_primaries entry that gives PG `k` the primary `osd` (null: none), undefined if it cannot. */
export function targetOf(w: PoolWork, k: number, osd: number): number | null | undefined {
  const m = w.targets[k];
  if (m !== undefined) return m.get(osd);
  const pg = w.pgs[k];
  if (pg === undefined || !pg.choices.includes(osd)) return undefined;
  return osd === currentOf(w, k) ? null : osd;
}

/**
 * A PG whose choices need no remapping (the fast path; primaryChoices gives the same answer, as a test checks):
 * it has no pg_upmap_primaries or pg_upmap entry, no pg_temp/primary_temp, and every OSD of its set has primary affinity 1.
 */
function plainPg(osdmap: OsdMap, entries: boolean, pgid: string, acting: readonly number[]): boolean {
  // a pg_upmap entry that Ceph rejects (an out target) makes it skip pg_upmap_primaries too: take the slow path
  if (
    entries &&
    (osdmap.pgUpmapPrimaries.has(pgid) ||
      osdmap.pgUpmap.has(pgid) ||
      osdmap.pgTemp.has(pgid) ||
      osdmap.primaryTemp.has(pgid))
  )
    return false;
  const aff = osdmap.primaryAffinity;
  for (let i = 0; i < acting.length; i++) {
    const o = acting[i]!;
    if (o === ITEM_NONE || o < 0 || o >= osdmap.maxOsd || osdmap.exists[o] !== 1) return false;
    if (aff !== undefined && aff[o] !== FIXED_ONE) return false;
  }
  return true;
}
