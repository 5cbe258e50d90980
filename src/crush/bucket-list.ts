/** List buckets: bucket_list_choose, walking from the tail with running weight sums. */
import { hash32_4 } from './hash.js';
import type { CrushBucket } from './types.js';

export function listChoose(bucket: CrushBucket, x: number, r: number): number {
  const items = bucket.items;
  const sums = bucket.sumWeights;
  const weights = bucket.weights;
  for (let i = bucket.size - 1; i >= 0; i--) {
    const h = hash32_4(x, items[i]!, r, bucket.id) & 0xffff;
    // (h * sum) >> 16 with h < 2^16 and sum < 2^32: exact below 2^48
    const w = Math.floor((h * sums[i]!) / 0x10000);
    if (w < weights[i]!) return items[i]!;
  }
  return items[0]!;
}
