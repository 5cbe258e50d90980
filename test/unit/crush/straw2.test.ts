/**
 * straw2Choose draws items in pairs and skips the full ln table when a block bound says a draw cannot win: both must
 * leave the choice exactly as bucket_straw2_choose makes it. Reference: the C loop written plainly (every item, one
 * hash each, the first item taken, then any strictly greater draw), with crushLn computed from Ceph's tables.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { straw2Choose, straw2ChooseSimd } from '../../../src/crush/bucket-straw2.js';
import { hash32_3 } from '../../../src/crush/hash.js';
import { crushLn } from '../../../src/crush/ln.js';
import { straw2SimdFor } from '../../../src/crush/straw2-simd.js';
import type { CrushBucket, CrushMap } from '../../../src/crush/types.js';
import { straw2Bucket } from './straw2-bucket.js';

function reference(items: Int32Array, weights: Uint32Array, x: number, r: number): number {
  let high = 0;
  let highDraw = 0;
  for (let i = 0; i < items.length; i++) {
    const w = weights[i]!;
    const draw = w === 0 ? -Infinity : Math.trunc((crushLn(hash32_3(x, items[i]!, r) & 0xffff) - 2 ** 48) / w);
    if (i === 0 || draw > highDraw) {
      high = i;
      highDraw = draw;
    }
  }
  return items[high]!;
}

const bucketOf = straw2Bucket;

// weights: zero, tiny, equal ones (ties decided by order), 16.16 values up to 2^32 - 1
const weightArb = fc.oneof(
  fc.constant(0),
  fc.integer({ min: 1, max: 8 }),
  fc.constant(0x10000),
  fc.integer({ min: 1, max: 0xffffffff }),
);

describe('straw2Choose', () => {
  it('chooses what bucket_straw2_choose chooses (odd and even sizes, zero and equal weights)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: -500, max: 10_000 }), weightArb), { minLength: 1, maxLength: 41 }),
        fc.integer(),
        fc.integer({ min: 0, max: 60 }),
        (entries, x, r) => {
          const items = Int32Array.from(entries.map((e) => e[0]));
          const weights = Uint32Array.from(entries.map((e) => e[1]));
          return straw2Choose(bucketOf(items, weights), x, r, undefined, 0) === reference(items, weights, x, r);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('takes a choose_args weight set and ids in place of the bucket own', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), fc.integer(), fc.integer({ min: 0, max: 5 }), (n, x, r) => {
        const items = Int32Array.from({ length: n }, (_, i) => i);
        const ids = Int32Array.from({ length: n }, (_, i) => 1000 + ((i * 7919) % 4001));
        const own = new Uint32Array(n).fill(0x10000);
        const set = Uint32Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 0 : 0x8000 * (1 + (i % 5))));
        const got = straw2Choose(bucketOf(items, own), x, r, { ids, weightSet: [own, set] }, 1);
        const want = items[ids.indexOf(reference(ids, set, x, r))]!;
        return got === want;
      }),
      { numRuns: 1000 },
    );
  });
});

describe('straw2 on SIMD lanes (straw2-simd.ts)', () => {
  const mapOf = (buckets: CrushBucket[]) => ({ buckets }) as unknown as CrushMap;

  it('is available in this runtime (otherwise every draw would take the scalar path)', () => {
    expect(straw2SimdFor(mapOf([bucketOf(Int32Array.of(1, 2), Uint32Array.of(1, 1))]))).not.toBeNull();
  });

  it('hashes like hash32_3 and chooses what straw2Choose chooses, bucket sizes 1..41', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.array(fc.tuple(fc.integer({ min: -0x80000000, max: 0x7fffffff }), weightArb), {
            minLength: 1,
            maxLength: 41,
          }),
          { minLength: 1, maxLength: 4 },
        ),
        fc.integer(),
        fc.integer({ min: 0, max: 60 }),
        (bucketsEntries, x, r) => {
          const buckets = bucketsEntries.map((entries, k) => ({
            ...bucketOf(Int32Array.from(entries.map((e) => e[0])), Uint32Array.from(entries.map((e) => e[1]))),
            id: -1 - k,
          }));
          const simd = straw2SimdFor(mapOf(buckets))!;
          return buckets.every((b, k) => {
            const at = simd.ids[k]!;
            simd.hash(x, r, at, b.size, simd.out);
            for (let i = 0; i < b.size; i++) if (simd.hashes[i]! >>> 0 !== hash32_3(x, b.items[i]!, r)) return false;
            return straw2ChooseSimd(b, x, r, simd, at) === straw2Choose(b, x, r, undefined, 0);
          });
        },
      ),
      { numRuns: 1500 },
    );
  });
});
