/**
 * Straw2 buckets: bucket_straw2_choose. draw = div64_s64(crush_ln(u) - 2^48, weight).
 *
 * Exactness of the division: the dividend a is an integer with |a| <= 2^48 and the divisor b an integer
 * in [1, 2^32). If a/b is not an integer it is at least 1/b away from every integer, while the double
 * quotient is off by at most |a/b| * 2^-53 <= 2^-5 / b; so Math.trunc of the double quotient equals
 * C's truncating integer division. Draws (and S64_MIN, here -Infinity) compare exactly.
 */
import { hash32_3 } from './hash.js';
import { hash32_3Pair } from './hash-pair.js';
import { lnBlockMax, lnTable } from './ln.js';
import type { Straw2Simd } from './straw2-simd.js';
import type { ChooseArg, CrushBucket } from './types.js';

const PAIR = new Int32Array(2);

/**
 * The draw of a 16-bit hash u for an item of weight w when it can beat `high`, else -Infinity (then the item
 * cannot win: draws must be strictly greater). Math.trunc and the division by w > 0 keep order, so the block's
 * largest ln bounds the draw; only draws that pass that bound read the full table.
 */
function drawAbove(u: number, w: number, high: number, ln: Float64Array, block: Float64Array): number {
  if (w === 0 || Math.trunc(block[u >>> 8]! / w) <= high) return -Infinity;
  return Math.trunc(ln[u]! / w);
}

/** The exact draw of a 16-bit hash u for an item of weight w (S64_MIN, here -Infinity, for weight 0). */
export function straw2Draw(u: number, w: number): number {
  return w === 0 ? -Infinity : Math.trunc(lnTable()[u]! / w);
}

export function straw2Choose(
  bucket: CrushBucket,
  x: number,
  r: number,
  arg: ChooseArg | undefined,
  position: number,
): number {
  return bucket.items[straw2ChoosePos(bucket, x, r, arg, position)]!;
}

/** straw2Choose's choice as the position of the item in the bucket. */
export function straw2ChoosePos(
  bucket: CrushBucket,
  x: number,
  r: number,
  arg: ChooseArg | undefined,
  position: number,
): number {
  const ln = lnTable();
  const block = lnBlockMax();
  let weights = bucket.weights;
  let ids = bucket.items;
  if (arg !== undefined) {
    const ws = arg.weightSet;
    if (ws !== null && ws.length > 0) weights = ws[position < ws.length ? position : ws.length - 1]!;
    if (arg.ids !== null) ids = arg.ids;
  }
  // Items are drawn in pairs (hash-pair.ts: two independent hash chains run side by side); the first item wins
  // unless a later one draws strictly more, as in C.
  const n = bucket.size;
  let high = 0;
  let highDraw = -Infinity;
  let i = 0;
  for (; i + 1 < n; i += 2) {
    hash32_3Pair(x, ids[i]!, ids[i + 1]!, r, PAIR);
    const d0 = drawAbove(PAIR[0]! & 0xffff, weights[i]!, highDraw, ln, block);
    if (d0 > highDraw) {
      high = i;
      highDraw = d0;
    }
    const d1 = drawAbove(PAIR[1]! & 0xffff, weights[i + 1]!, highDraw, ln, block);
    if (d1 > highDraw) {
      high = i + 1;
      highDraw = d1;
    }
  }
  if (i < n) {
    const d = drawAbove(hash32_3(x, ids[i]!, r) & 0xffff, weights[i]!, highDraw, ln, block);
    if (d > highDraw) high = i;
  }
  return high;
}

/**
 * straw2Choose for a bucket without choose_args whose ids are in `simd`'s memory at byte `ids`: the hashes come from
 * the SIMD lanes, the draws are the same.
 */
export function straw2ChooseSimd(bucket: CrushBucket, x: number, r: number, simd: Straw2Simd, ids: number): number {
  return bucket.items[straw2ChooseSimdPos(bucket, x, r, simd, ids)]!;
}

/** straw2ChooseSimd's choice as the position of the item in the bucket. */
export function straw2ChooseSimdPos(bucket: CrushBucket, x: number, r: number, simd: Straw2Simd, ids: number): number {
  const ln = lnTable();
  const block = lnBlockMax();
  const n = bucket.size;
  simd.hash(x, r, ids, n, simd.out);
  const hashes = simd.hashes;
  const weights = bucket.weights;
  let high = 0;
  let highDraw = -Infinity;
  for (let i = 0; i < n; i++) {
    const d = drawAbove(hashes[i]! & 0xffff, weights[i]!, highDraw, ln, block);
    if (d > highDraw) {
      high = i;
      highDraw = d;
    }
  }
  return high;
}
