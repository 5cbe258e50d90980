/**
 * Straw2 buckets: bucket_straw2_choose. draw = div64_s64(crush_ln(u) - 2^48, weight).
 *
 * Exactness of the division: the dividend a is an integer with |a| <= 2^48 and the divisor b an integer
 * in [1, 2^32). If a/b is not an integer it is at least 1/b away from every integer, while the double
 * quotient is off by at most |a/b| * 2^-53 <= 2^-5 / b; so Math.trunc of the double quotient equals
 * C's truncating integer division. Draws (and S64_MIN, here -Infinity) compare exactly.
 */
import { hash32_3 } from './hash.js';
import { LN_MINUS_2_48 } from './ln.js';
import type { ChooseArg, CrushBucket } from './types.js';

export function straw2Choose(
  bucket: CrushBucket,
  x: number,
  r: number,
  arg: ChooseArg | undefined,
  position: number,
): number {
  let weights = bucket.weights;
  let ids = bucket.items;
  if (arg !== undefined) {
    const ws = arg.weightSet;
    if (ws !== null && ws.length > 0) weights = ws[position < ws.length ? position : ws.length - 1]!;
    if (arg.ids !== null) ids = arg.ids;
  }
  let high = 0;
  let highDraw = 0;
  for (let i = 0; i < bucket.size; i++) {
    const w = weights[i]!;
    let draw: number;
    if (w !== 0) {
      const u = hash32_3(x, ids[i]!, r) & 0xffff;
      draw = Math.trunc(LN_MINUS_2_48[u]! / w);
    } else {
      draw = -Infinity;
    }
    if (i === 0 || draw > highDraw) {
      high = i;
      highDraw = draw;
    }
  }
  return bucket.items[high]!;
}
