import type { OsdMap } from './osdmap.js';

/**
 * A new OsdMap with the given pg_upmap_primaries entries set (`osd` a number) or removed (`osd` null), later
 * changes winning. Pure: the input map is not modified; everything but pgUpmapPrimaries is shared.
 */
export function withUpmapPrimaries(
  osdmap: OsdMap,
  changes: ReadonlyArray<{ pgid: string; osd: number | null }>,
): OsdMap {
  const next = new Map(osdmap.pgUpmapPrimaries);
  for (const c of changes) {
    if (c.osd === null) next.delete(c.pgid);
    else next.set(c.pgid, c.osd);
  }
  return { ...osdmap, pgUpmapPrimaries: next };
}
