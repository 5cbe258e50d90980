/**
 * pg_upmap_primaries (`ceph osd pg-upmap-primary` / `rm-pg-upmap-primary`): a new OSD map with entries changed,
 * and a PG remapped as if its entry were another. How the entry acts on the set is Ceph's _apply_upmap
 * (upmap.ts); which entries a PG can be given is primary-choices.ts.
 */
import type { CrushMap } from '../crush/types.js';
import type { OsdMap, Pool } from './osdmap.js';
import { finishMapping, type MapScratch, mapPgInto, newScratch, pgUpmaps } from './pg-mapping.js';
import type { PgMapping } from './placement.js';

/**
 * A new OsdMap with the given pg_upmap_primaries entries set (`osd` a number) or removed (`osd` null), later
 * changes winning. Pure: the input map is not modified; everything but pgUpmapPrimaries is shared.
 */
export function withUpmapPrimaries(
  osdmap: OsdMap,
  changes: ReadonlyArray<{ pgid: string; osd: number | null }>,
): OsdMap {
  const next = new Map(osdmap.pgUpmapPrimaries);
  for (let i = 0; i < changes.length; i++) {
    const c = changes[i]!;
    if (c.osd === null) next.delete(c.pgid);
    else next.set(c.pgid, c.osd);
  }
  return { ...osdmap, pgUpmapPrimaries: next };
}

/** As mapPg, with the PG's pg_upmap_primaries entry replaced (a number) or removed (null). */
export function mapPgWithUpmapPrimary(
  osdmap: OsdMap,
  crush: CrushMap,
  pool: Pool,
  ps: number,
  upmapPrimary: number | null,
): PgMapping {
  const e = pgUpmaps(osdmap, pool, ps);
  return mapPgInto(osdmap, crush, pool, ps, newScratch(), { ...e, primary: upmapPrimary ?? undefined });
}

/**
 * The pipeline after CRUSH for a PG whose CRUSH output (`crushRaw`, placement seed `pps`) is known, with its
 * pg_upmap / pg_upmap_items as given and `upmapPrimary` as its pg_upmap_primaries entry (null: none).
 */
export function remapWithUpmapPrimary(
  osdmap: OsdMap,
  pool: Pool,
  ps: number,
  pps: number,
  crushRaw: readonly number[],
  upmaps: { upmap: readonly number[] | undefined; items: ReadonlyArray<readonly [number, number]> | undefined },
  upmapPrimary: number | null,
  s: MapScratch,
): PgMapping {
  const e = { upmap: upmaps.upmap, items: upmaps.items, primary: upmapPrimary ?? undefined };
  return finishMapping(osdmap, pool, ps, pps, crushRaw, e, s);
}
