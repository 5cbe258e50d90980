/**
 * Two crush_hash32_rjenkins1_3 values at once: hash32_3(a, b0, c) and hash32_3(a, b1, c), with the statements of
 * the two computations interleaved. Each hash is one long chain of dependent integer operations, so a single hash
 * leaves most of the CPU's execution units idle; two independent chains side by side run in about the time of one
 * (measured: ~20 ns instead of ~40 ns a hash on the project's machine). straw2 draws every item of a bucket with the
 * same x and r, so it hashes its items in pairs (bucket-straw2.ts). Same arithmetic as hash.ts (int32 wrapping,
 * logical right shifts); the results are written to out[0] and out[1] as int32 bits.
 */
const SEED = 1315423911;
const X0 = 231232;
const Y0 = 1232;

export function hash32_3Pair(a: number, b0: number, b1: number, c: number, out: Int32Array): void {
  let a0 = a | 0;
  let a1 = a0;
  b0 |= 0;
  b1 |= 0;
  let c0 = c | 0;
  let c1 = c0;
  let h0 = SEED ^ a0 ^ b0 ^ c0;
  let h1 = SEED ^ a1 ^ b1 ^ c1;
  let x0 = X0;
  let x1 = X0;
  let y0 = Y0;
  let y1 = Y0;
  // mix(a, b, h) of both
  a0 = (a0 - b0 - h0) ^ (h0 >>> 13);
  a1 = (a1 - b1 - h1) ^ (h1 >>> 13);
  b0 = (b0 - h0 - a0) ^ (a0 << 8);
  b1 = (b1 - h1 - a1) ^ (a1 << 8);
  h0 = (h0 - a0 - b0) ^ (b0 >>> 13);
  h1 = (h1 - a1 - b1) ^ (b1 >>> 13);
  a0 = (a0 - b0 - h0) ^ (h0 >>> 12);
  a1 = (a1 - b1 - h1) ^ (h1 >>> 12);
  b0 = (b0 - h0 - a0) ^ (a0 << 16);
  b1 = (b1 - h1 - a1) ^ (a1 << 16);
  h0 = (h0 - a0 - b0) ^ (b0 >>> 5);
  h1 = (h1 - a1 - b1) ^ (b1 >>> 5);
  a0 = (a0 - b0 - h0) ^ (h0 >>> 3);
  a1 = (a1 - b1 - h1) ^ (h1 >>> 3);
  b0 = (b0 - h0 - a0) ^ (a0 << 10);
  b1 = (b1 - h1 - a1) ^ (a1 << 10);
  h0 = (h0 - a0 - b0) ^ (b0 >>> 15);
  h1 = (h1 - a1 - b1) ^ (b1 >>> 15);
  // mix(c, x, h) of both
  c0 = (c0 - x0 - h0) ^ (h0 >>> 13);
  c1 = (c1 - x1 - h1) ^ (h1 >>> 13);
  x0 = (x0 - h0 - c0) ^ (c0 << 8);
  x1 = (x1 - h1 - c1) ^ (c1 << 8);
  h0 = (h0 - c0 - x0) ^ (x0 >>> 13);
  h1 = (h1 - c1 - x1) ^ (x1 >>> 13);
  c0 = (c0 - x0 - h0) ^ (h0 >>> 12);
  c1 = (c1 - x1 - h1) ^ (h1 >>> 12);
  x0 = (x0 - h0 - c0) ^ (c0 << 16);
  x1 = (x1 - h1 - c1) ^ (c1 << 16);
  h0 = (h0 - c0 - x0) ^ (x0 >>> 5);
  h1 = (h1 - c1 - x1) ^ (x1 >>> 5);
  c0 = (c0 - x0 - h0) ^ (h0 >>> 3);
  c1 = (c1 - x1 - h1) ^ (h1 >>> 3);
  x0 = (x0 - h0 - c0) ^ (c0 << 10);
  x1 = (x1 - h1 - c1) ^ (c1 << 10);
  h0 = (h0 - c0 - x0) ^ (x0 >>> 15);
  h1 = (h1 - c1 - x1) ^ (x1 >>> 15);
  // mix(y, a, h) of both
  y0 = (y0 - a0 - h0) ^ (h0 >>> 13);
  y1 = (y1 - a1 - h1) ^ (h1 >>> 13);
  a0 = (a0 - h0 - y0) ^ (y0 << 8);
  a1 = (a1 - h1 - y1) ^ (y1 << 8);
  h0 = (h0 - y0 - a0) ^ (a0 >>> 13);
  h1 = (h1 - y1 - a1) ^ (a1 >>> 13);
  y0 = (y0 - a0 - h0) ^ (h0 >>> 12);
  y1 = (y1 - a1 - h1) ^ (h1 >>> 12);
  a0 = (a0 - h0 - y0) ^ (y0 << 16);
  a1 = (a1 - h1 - y1) ^ (y1 << 16);
  h0 = (h0 - y0 - a0) ^ (a0 >>> 5);
  h1 = (h1 - y1 - a1) ^ (a1 >>> 5);
  y0 = (y0 - a0 - h0) ^ (h0 >>> 3);
  y1 = (y1 - a1 - h1) ^ (h1 >>> 3);
  a0 = (a0 - h0 - y0) ^ (y0 << 10);
  a1 = (a1 - h1 - y1) ^ (y1 << 10);
  h0 = (h0 - y0 - a0) ^ (a0 >>> 15);
  h1 = (h1 - y1 - a1) ^ (a1 >>> 15);
  // mix(b, x, h) of both
  b0 = (b0 - x0 - h0) ^ (h0 >>> 13);
  b1 = (b1 - x1 - h1) ^ (h1 >>> 13);
  x0 = (x0 - h0 - b0) ^ (b0 << 8);
  x1 = (x1 - h1 - b1) ^ (b1 << 8);
  h0 = (h0 - b0 - x0) ^ (x0 >>> 13);
  h1 = (h1 - b1 - x1) ^ (x1 >>> 13);
  b0 = (b0 - x0 - h0) ^ (h0 >>> 12);
  b1 = (b1 - x1 - h1) ^ (h1 >>> 12);
  x0 = (x0 - h0 - b0) ^ (b0 << 16);
  x1 = (x1 - h1 - b1) ^ (b1 << 16);
  h0 = (h0 - b0 - x0) ^ (x0 >>> 5);
  h1 = (h1 - b1 - x1) ^ (x1 >>> 5);
  b0 = (b0 - x0 - h0) ^ (h0 >>> 3);
  b1 = (b1 - x1 - h1) ^ (h1 >>> 3);
  x0 = (x0 - h0 - b0) ^ (b0 << 10);
  x1 = (x1 - h1 - b1) ^ (b1 << 10);
  h0 = (h0 - b0 - x0) ^ (x0 >>> 15);
  h1 = (h1 - b1 - x1) ^ (x1 >>> 15);
  // mix(y, c, h) of both
  y0 = (y0 - c0 - h0) ^ (h0 >>> 13);
  y1 = (y1 - c1 - h1) ^ (h1 >>> 13);
  c0 = (c0 - h0 - y0) ^ (y0 << 8);
  c1 = (c1 - h1 - y1) ^ (y1 << 8);
  h0 = (h0 - y0 - c0) ^ (c0 >>> 13);
  h1 = (h1 - y1 - c1) ^ (c1 >>> 13);
  y0 = (y0 - c0 - h0) ^ (h0 >>> 12);
  y1 = (y1 - c1 - h1) ^ (h1 >>> 12);
  c0 = (c0 - h0 - y0) ^ (y0 << 16);
  c1 = (c1 - h1 - y1) ^ (y1 << 16);
  h0 = (h0 - y0 - c0) ^ (c0 >>> 5);
  h1 = (h1 - y1 - c1) ^ (c1 >>> 5);
  y0 = (y0 - c0 - h0) ^ (h0 >>> 3);
  y1 = (y1 - c1 - h1) ^ (h1 >>> 3);
  c0 = (c0 - h0 - y0) ^ (y0 << 10);
  c1 = (c1 - h1 - y1) ^ (y1 << 10);
  h0 = (h0 - y0 - c0) ^ (c0 >>> 15);
  h1 = (h1 - y1 - c1) ^ (c1 >>> 15);
  out[0] = h0;
  out[1] = h1;
}
