/**
 * Device-class shadow trees, built the way Ceph builds them (CrushWrapper::populate_classes / device_class_clone):
 * for every non-shadow root and every device class (in class-id order), the tree is cloned depth first, children
 * before their parent; a clone keeps the id it had (the class_bucket map) and a new one takes the lowest bucket id
 * that neither a bucket nor an earlier shadow uses. A shadow bucket `NAME~CLASS` holds the devices of that class
 * and the shadows of the child buckets (empty ones too), with the same item weights.
 */

/** A bucket as the tree edits see it: items are device ids (>= 0) or bucket ids (< 0), weights 16.16. */
export interface PlainBucket {
  id: number;
  name: string;
  typeId: number;
  items: number[];
  weights: number[];
}

/** The shadow id of (bucket, class), as Ceph's class_bucket map keeps it. */
export type ClassBucket = Map<string, number>;
export const classKey = (bucket: number, cls: string): string => `${bucket}|${cls}`;

/** Hands out bucket ids: `next()` the lowest free one, as get_new_bucket_id / the shadow clone pick them. */
export interface BucketIds {
  next(): number;
}

/** The lowest negative id not in `used` (which grows as ids are handed out). */
export function lowestFreeIds(used: Set<number>): BucketIds {
  let cursor = -1;
  return {
    next() {
      while (used.has(cursor)) cursor--;
      used.add(cursor);
      return cursor;
    },
  };
}

/**
 * Gives every (bucket, class) pair under `roots` a shadow id: kept from `classBucket`, else a new one from `ids`,
 * depth first in Ceph's order. Mutates and returns `classBucket`.
 */
export function assignShadowIds(
  buckets: ReadonlyMap<number, PlainBucket>,
  roots: readonly number[],
  classes: readonly string[],
  classBucket: ClassBucket,
  ids: BucketIds,
): ClassBucket {
  const clone = (id: number, cls: string): void => {
    const b = buckets.get(id);
    if (b === undefined) return;
    for (const item of b.items) if (item < 0) clone(item, cls);
    const key = classKey(id, cls);
    if (!classBucket.has(key)) classBucket.set(key, ids.next());
  };
  for (const r of roots) for (const cls of classes) clone(r, cls);
  return classBucket;
}

/**
 * The shadow buckets themselves (ids from `classBucket`, which must cover every pair), with items and weights
 * derived from the non-shadow tree: devices of the class keep their weight, a child bucket becomes its shadow with
 * the shadow's total weight.
 */
export function shadowBuckets(
  buckets: ReadonlyMap<number, PlainBucket>,
  roots: readonly number[],
  classes: readonly string[],
  classBucket: ClassBucket,
  deviceClass: (osd: number) => string | undefined,
): PlainBucket[] {
  const out: PlainBucket[] = [];
  const build = (id: number, cls: string, done: Map<number, PlainBucket>): PlainBucket => {
    const seen = done.get(id);
    if (seen) return seen;
    const b = buckets.get(id)!;
    const items: number[] = [];
    const weights: number[] = [];
    b.items.forEach((item, k) => {
      if (item >= 0) {
        if (deviceClass(item) !== cls) return;
        items.push(item);
        weights.push(b.weights[k]!);
      } else {
        const child = build(item, cls, done);
        items.push(child.id);
        weights.push(bucketWeight(child));
      }
    });
    const sid = classBucket.get(classKey(id, cls));
    if (sid === undefined) throw new Error(`no shadow id for bucket ${id} class ${cls}`);
    const s = { id: sid, name: `${b.name}~${cls}`, typeId: b.typeId, items, weights };
    done.set(id, s);
    out.push(s);
    return s;
  };
  for (const cls of classes) {
    const done = new Map<number, PlainBucket>();
    for (const r of roots) build(r, cls, done);
  }
  return out;
}

/** A bucket's weight: the 32-bit sum of its item weights (crush_bucket.weight of straw2 and the others). */
export function bucketWeight(b: PlainBucket): number {
  let s = 0;
  for (const w of b.weights) s = (s + w) >>> 0;
  return s;
}

/** Sets every bucket item weight to the child bucket's total, leaves first (what inserting a device does upwards). */
export function refreshBucketWeights(buckets: ReadonlyMap<number, PlainBucket>): void {
  const done = new Set<number>();
  const visit = (b: PlainBucket): number => {
    if (!done.has(b.id)) {
      b.items.forEach((item, k) => {
        const child = item < 0 ? buckets.get(item) : undefined;
        if (child) b.weights[k] = visit(child);
      });
      done.add(b.id);
    }
    return bucketWeight(b);
  };
  for (const b of buckets.values()) visit(b);
}

/** Buckets no other bucket contains. */
export function treeRoots(buckets: ReadonlyMap<number, PlainBucket>): number[] {
  const child = new Set<number>();
  for (const b of buckets.values()) for (const i of b.items) if (i < 0) child.add(i);
  return [...buckets.keys()].filter((id) => !child.has(id)).sort((a, b) => a - b); // std::set<int> order, as find_nonshadow_roots
}
