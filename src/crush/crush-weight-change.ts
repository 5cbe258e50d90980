/**
 * What differs between two CRUSH maps when it is only straw2 item weights (`ceph osd crush reweight`, an OSD's
 * weight growing with its disk, a host weighted down): per bucket, the items whose weight changed. Anything else
 * (a bucket, item, rule, tunable, device, class or choose_args changed; a reweighted bucket that is not straw2 or
 * has choose_args) gives undefined: then a mapping cannot tell from its recorded choices whether it still holds.
 */
import type { Straw2Reweighted } from './straw2-choice-kept.js';
import { BUCKET_STRAW2, type ChooseArgs, type CrushBucket, type CrushMap } from './types.js';

/** Per bucket index: its reweighted items (undefined where no item weight changed); undefined when more changed. */
export function crushWeightChange(a: CrushMap, b: CrushMap): (Straw2Reweighted | undefined)[] | undefined {
  if (a.maxDevices !== b.maxDevices || a.maxBuckets !== b.maxBuckets || a.buckets.length !== b.buckets.length)
    return undefined;
  if (!sameJson(a.rules, b.rules) || !sameJson(a.tunables, b.tunables) || !sameJson(a.devices, b.devices))
    return undefined;
  if (!sameJson([...a.typeNames], [...b.typeNames]) || !same(a.devicePresent, b.devicePresent)) return undefined;
  if (!sameChooseArgs(a.chooseArgs, b.chooseArgs)) return undefined;
  const out: (Straw2Reweighted | undefined)[] = new Array(b.buckets.length);
  for (let k = 0; k < b.buckets.length; k++) {
    const x = a.buckets[k];
    const y = b.buckets[k];
    if (x === undefined || y === undefined) {
      if (x !== y) return undefined;
      continue;
    }
    if (!sameShape(x, y)) return undefined;
    const changed: number[] = [];
    for (let i = 0; i < y.size; i++) if (x.weights[i] !== y.weights[i]) changed.push(i);
    if (changed.length === 0) continue;
    if (y.alg !== BUCKET_STRAW2) return undefined;
    for (const set of b.chooseArgs.values()) if (set.args[k] !== undefined) return undefined;
    out[k] = { bucket: y, changed: Int32Array.from(changed) };
  }
  return out;
}

function sameShape(x: CrushBucket, y: CrushBucket): boolean {
  return (
    x.id === y.id &&
    x.name === y.name &&
    x.typeId === y.typeId &&
    x.alg === y.alg &&
    x.hash === y.hash &&
    x.size === y.size &&
    same(x.items, y.items)
  );
}

function sameChooseArgs(x: ReadonlyMap<number, ChooseArgs>, y: ReadonlyMap<number, ChooseArgs>): boolean {
  if (x.size !== y.size) return false;
  for (const [key, s] of x) {
    const t = y.get(key);
    if (t === undefined || s.args.length !== t.args.length) return false;
    for (let k = 0; k < s.args.length; k++) {
      const p = s.args[k];
      const q = t.args[k];
      if (p === undefined || q === undefined) {
        if (p !== q) return false;
        continue;
      }
      if ((p.ids === null) !== (q.ids === null) || (p.ids && q.ids && !same(p.ids, q.ids))) return false;
      const ps = p.weightSet ?? [];
      const qs = q.weightSet ?? [];
      if ((p.weightSet === null) !== (q.weightSet === null) || ps.length !== qs.length) return false;
      for (let i = 0; i < ps.length; i++) if (!same(ps[i]!, qs[i]!)) return false;
    }
  }
  return true;
}

const sameJson = (x: unknown, y: unknown): boolean => JSON.stringify(x) === JSON.stringify(y);

function same(x: ArrayLike<number>, y: ArrayLike<number>): boolean {
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}
