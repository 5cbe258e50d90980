/** What each PG of a pool can have as its primary, and the pg_upmap_primaries entry that gives it. */
import type { CrushMap } from '../crush/types.js';
import { pgidText, type OsdMap, type Pool } from '../cluster/osdmap.js';
import type { Placement } from '../cluster/placement.js';
import { primaryChoices } from '../cluster/primary-choices.js';
import type { EnginePg } from './engine-types.js';

export interface PoolWork {
  pool: Pool;
  pgs: EnginePg[];
  /** Per PG: the pg_upmap_primaries target that gives each choice (null: no entry). */
  targets: Array<Map<number, number | null>>;
  eligible: Uint8Array;
}

export function gatherPool(osdmap: OsdMap, crush: CrushMap, placementAll: Placement, pool: Pool): PoolWork {
  const placement = placementAll.pools.get(pool.id);
  const pgs: EnginePg[] = [];
  const targets: Array<Map<number, number | null>> = [];
  const eligible = new Uint8Array(osdmap.maxOsd);
  for (let ps = 0; ps < pool.pgNum; ps++) {
    const current = placement?.pgs[ps]?.actingPrimary ?? -1;
    const options = current < 0 ? [] : primaryChoices(osdmap, crush, pool, ps);
    const byPrimary = new Map<number, number | null>();
    for (const c of options) if (!byPrimary.has(c.primary)) byPrimary.set(c.primary, c.upmapPrimary);
    if (current >= 0 && !byPrimary.has(current)) byPrimary.set(current, osdmap.pgUpmapPrimaries.get(pgidText(pool.id, ps)) ?? null);
    const choices = [...byPrimary.keys()].filter((o) => o >= 0);
    for (const o of choices) eligible[o] = 1;
    pgs.push({ pgid: pgidText(pool.id, ps), choices: choices.length > 0 ? choices : [current], current });
    targets.push(byPrimary);
  }
  return { pool, pgs, targets, eligible };
}

