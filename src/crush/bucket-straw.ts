/** Straw (v1) buckets: bucket_straw_choose, the longest scaled straw wins. */
import { hash32_3 } from './hash.js';
import type { CrushBucket } from './types.js';

export function strawChoose(bucket: CrushBucket, x: number, r: number): number {
  const items = bucket.items;
  const straws = bucket.straws;
  let high = 0;
  let highDraw = 0;
  for (let i = 0; i < bucket.size; i++) {
    // (hash & 0xffff) * straw < 2^48: exact
    const draw = (hash32_3(x, items[i]!, r) & 0xffff) * straws[i]!;
    if (i === 0 || draw > highDraw) {
      high = i;
      highDraw = draw;
    }
  }
  return items[high]!;
}
