/** Where a device sits in the default (non-shadow) hierarchy. */
import type { CrushMap } from './types.js';

/**
 * The id of the nearest bucket of type `typeName` above `osdId` (or above a bucket id) in the
 * default hierarchy (shadow buckets like `default~ssd` are ignored); undefined if there is none.
 */
export function ancestorOfType(map: CrushMap, osdId: number, typeName: string): number | undefined {
  const typeId = map.typeIds.get(typeName);
  if (typeId === undefined) return undefined;
  let cur = map.parentOf.get(osdId);
  for (let guard = 0; cur !== undefined && guard <= map.maxBuckets; guard++) {
    const b = map.buckets[-1 - cur];
    if (b === undefined) return undefined;
    if (b.typeId === typeId) return cur;
    cur = map.parentOf.get(cur);
  }
  return undefined;
}
