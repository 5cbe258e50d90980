/**
 * Robert Jenkins' 32-bit mix as CRUSH uses it (crush_hash32_rjenkins1_*). Arithmetic is done on int32
 * values (wrapping like C's __u32), right shifts are logical; results are uint32 numbers.
 */
const SEED = 1315423911;
const X0 = 231232;
const Y0 = 1232;

export function hash32_1(a: number): number {
  let h = (SEED ^ a) | 0;
  let b = a | 0;
  let x = X0;
  let y = Y0;
  a |= 0;
  // mix(b, x, h)
  b = (b - x - h) ^ (h >>> 13);
  x = (x - h - b) ^ (b << 8);
  h = (h - b - x) ^ (x >>> 13);
  b = (b - x - h) ^ (h >>> 12);
  x = (x - h - b) ^ (b << 16);
  h = (h - b - x) ^ (x >>> 5);
  b = (b - x - h) ^ (h >>> 3);
  x = (x - h - b) ^ (b << 10);
  h = (h - b - x) ^ (x >>> 15);
  // mix(y, a, h)
  y = (y - a - h) ^ (h >>> 13);
  a = (a - h - y) ^ (y << 8);
  h = (h - y - a) ^ (a >>> 13);
  y = (y - a - h) ^ (h >>> 12);
  a = (a - h - y) ^ (y << 16);
  h = (h - y - a) ^ (a >>> 5);
  y = (y - a - h) ^ (h >>> 3);
  a = (a - h - y) ^ (y << 10);
  h = (h - y - a) ^ (a >>> 15);
  return h >>> 0;
}

export function hash32_2(a: number, b: number): number {
  a |= 0;
  b |= 0;
  let h = SEED ^ a ^ b;
  let x = X0;
  let y = Y0;
  // mix(a, b, h)
  a = (a - b - h) ^ (h >>> 13);
  b = (b - h - a) ^ (a << 8);
  h = (h - a - b) ^ (b >>> 13);
  a = (a - b - h) ^ (h >>> 12);
  b = (b - h - a) ^ (a << 16);
  h = (h - a - b) ^ (b >>> 5);
  a = (a - b - h) ^ (h >>> 3);
  b = (b - h - a) ^ (a << 10);
  h = (h - a - b) ^ (b >>> 15);
  // mix(x, a, h)
  x = (x - a - h) ^ (h >>> 13);
  a = (a - h - x) ^ (x << 8);
  h = (h - x - a) ^ (a >>> 13);
  x = (x - a - h) ^ (h >>> 12);
  a = (a - h - x) ^ (x << 16);
  h = (h - x - a) ^ (a >>> 5);
  x = (x - a - h) ^ (h >>> 3);
  a = (a - h - x) ^ (x << 10);
  h = (h - x - a) ^ (a >>> 15);
  // mix(b, y, h)
  b = (b - y - h) ^ (h >>> 13);
  y = (y - h - b) ^ (b << 8);
  h = (h - b - y) ^ (y >>> 13);
  b = (b - y - h) ^ (h >>> 12);
  y = (y - h - b) ^ (b << 16);
  h = (h - b - y) ^ (y >>> 5);
  b = (b - y - h) ^ (h >>> 3);
  y = (y - h - b) ^ (b << 10);
  h = (h - b - y) ^ (y >>> 15);
  return h >>> 0;
}

/** One rjenkins mix round on (a, b, c), in place in the scratch array m. */
function mix(m: Int32Array, ia: number, ib: number, ic: number): void {
  let a = m[ia]!;
  let b = m[ib]!;
  let c = m[ic]!;
  a = (a - b - c) ^ (c >>> 13);
  b = (b - c - a) ^ (a << 8);
  c = (c - a - b) ^ (b >>> 13);
  a = (a - b - c) ^ (c >>> 12);
  b = (b - c - a) ^ (a << 16);
  c = (c - a - b) ^ (b >>> 5);
  a = (a - b - c) ^ (c >>> 3);
  b = (b - c - a) ^ (a << 10);
  c = (c - a - b) ^ (b >>> 15);
  m[ia] = a;
  m[ib] = b;
  m[ic] = c;
}

// Registers of the 4- and 5-argument hashes (hash32_4 is every list and tree bucket's draw): a b c d e x y h.
// Module-level scratch: the mixes run in place on it, so no array is allocated per call (single-threaded use).
const M = new Int32Array(8);

export function hash32_3(a: number, b: number, c: number): number {
  a |= 0;
  b |= 0;
  c |= 0;
  let h = SEED ^ a ^ b ^ c;
  let x = X0;
  let y = Y0;
  // mix(a, b, h)
  a = (a - b - h) ^ (h >>> 13);
  b = (b - h - a) ^ (a << 8);
  h = (h - a - b) ^ (b >>> 13);
  a = (a - b - h) ^ (h >>> 12);
  b = (b - h - a) ^ (a << 16);
  h = (h - a - b) ^ (b >>> 5);
  a = (a - b - h) ^ (h >>> 3);
  b = (b - h - a) ^ (a << 10);
  h = (h - a - b) ^ (b >>> 15);
  // mix(c, x, h)
  c = (c - x - h) ^ (h >>> 13);
  x = (x - h - c) ^ (c << 8);
  h = (h - c - x) ^ (x >>> 13);
  c = (c - x - h) ^ (h >>> 12);
  x = (x - h - c) ^ (c << 16);
  h = (h - c - x) ^ (x >>> 5);
  c = (c - x - h) ^ (h >>> 3);
  x = (x - h - c) ^ (c << 10);
  h = (h - c - x) ^ (x >>> 15);
  // mix(y, a, h)
  y = (y - a - h) ^ (h >>> 13);
  a = (a - h - y) ^ (y << 8);
  h = (h - y - a) ^ (a >>> 13);
  y = (y - a - h) ^ (h >>> 12);
  a = (a - h - y) ^ (y << 16);
  h = (h - y - a) ^ (a >>> 5);
  y = (y - a - h) ^ (h >>> 3);
  a = (a - h - y) ^ (y << 10);
  h = (h - y - a) ^ (a >>> 15);
  // mix(b, x, h)
  b = (b - x - h) ^ (h >>> 13);
  x = (x - h - b) ^ (b << 8);
  h = (h - b - x) ^ (x >>> 13);
  b = (b - x - h) ^ (h >>> 12);
  x = (x - h - b) ^ (b << 16);
  h = (h - b - x) ^ (x >>> 5);
  b = (b - x - h) ^ (h >>> 3);
  x = (x - h - b) ^ (b << 10);
  h = (h - b - x) ^ (x >>> 15);
  // mix(y, c, h)
  y = (y - c - h) ^ (h >>> 13);
  c = (c - h - y) ^ (y << 8);
  h = (h - y - c) ^ (c >>> 13);
  y = (y - c - h) ^ (h >>> 12);
  c = (c - h - y) ^ (y << 16);
  h = (h - y - c) ^ (c >>> 5);
  y = (y - c - h) ^ (h >>> 3);
  c = (c - h - y) ^ (y << 10);
  h = (h - y - c) ^ (c >>> 15);
  return h >>> 0;
}

const A = 0,
  B = 1,
  C = 2,
  D = 3,
  E = 4,
  X = 5,
  Y = 6,
  H = 7;

export function hash32_4(a: number, b: number, c: number, d: number): number {
  M[A] = a;
  M[B] = b;
  M[C] = c;
  M[D] = d;
  M[X] = X0;
  M[Y] = Y0;
  M[H] = SEED ^ a ^ b ^ c ^ d;
  mix(M, A, B, H);
  mix(M, C, D, H);
  mix(M, A, X, H);
  mix(M, Y, B, H);
  mix(M, C, X, H);
  mix(M, Y, D, H);
  return M[H]! >>> 0;
}

export function hash32_5(a: number, b: number, c: number, d: number, e: number): number {
  M[A] = a;
  M[B] = b;
  M[C] = c;
  M[D] = d;
  M[E] = e;
  M[X] = X0;
  M[Y] = Y0;
  M[H] = SEED ^ a ^ b ^ c ^ d ^ e;
  mix(M, A, B, H);
  mix(M, C, D, H);
  mix(M, E, X, H);
  mix(M, Y, A, H);
  mix(M, B, X, H);
  mix(M, Y, C, H);
  mix(M, D, X, H);
  mix(M, Y, E, H);
  return M[H]! >>> 0;
}
