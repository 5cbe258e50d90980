/**
 * Whether a straw2 choice stays the same when some of the bucket's item weights change (and nothing else). Each
 * item's draw depends on its own weight only, and the first item with the highest draw wins. So when the item
 * chosen before kept its weight, it still beats every item that kept theirs, and only the reweighted items can now
 * beat it: a hash each. When the chosen item itself was reweighted, the whole choice is drawn again. Exact, with
 * the draws of bucket-straw2.ts (choose_args buckets are not for this: the caller rules them out).
 */
import { straw2ChoosePos, straw2Draw } from './bucket-straw2.js';
import { hash32_3 } from './hash.js';
import type { CrushBucket } from './types.js';

/** A straw2 bucket (as it is now) and the positions of its items whose weight changed. */
export interface Straw2Reweighted {
  bucket: CrushBucket;
  changed: Int32Array;
}

const draw = (b: CrushBucket, x: number, r: number, i: number): number =>
  straw2Draw(hash32_3(x, b.items[i]!, r) & 0xffff, b.weights[i]!);

/** Whether choosing in `rw.bucket` with (x, r) still gives position `at`, the one it gave before the reweight. */
export function straw2ChoiceKept(rw: Straw2Reweighted, x: number, r: number, at: number): boolean {
  const b = rw.bucket;
  if (at >= b.size) return false;
  const changed = rw.changed;
  for (let k = 0; k < changed.length; k++) if (changed[k] === at) return straw2ChoosePos(b, x, r, undefined, 0) === at;
  const high = draw(b, x, r, at);
  for (let k = 0; k < changed.length; k++) {
    const c = changed[k]!;
    const d = draw(b, x, r, c);
    if (c < at ? d >= high : d > high) return false;
  }
  return true;
}
