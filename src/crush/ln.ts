/**
 * crush_ln (mapper.c): 2^44 * log2(u + 1) in fixed point, for u in [0, 0xffff], from Ceph's tables.
 * straw2 only ever needs crush_ln(u) - 2^48 for a 16-bit u, so all 65536 values are computed once,
 * exactly, into LN_MINUS_2_48 (each is an integer in [-2^48, 0], exact in a double).
 *
 * The one 64-bit product in crush_ln, (x * RH) >> 48 with x < 2^17 and RH < 2^49, is done exactly by
 * splitting RH into 24-bit halves (every partial product stays below 2^53).
 */
import { LL_TBL, RH_LH_TBL } from './ln-table.js';

const TWO24 = 0x1000000;
const TWO44 = 2 ** 44;
const TWO48 = 2 ** 48;

/** Exact crush_ln(xin) as a number (< 2^49). */
export function crushLn(xin: number): number {
  let x = (xin + 1) >>> 0;
  let iexpon = 15;
  if ((x & 0x18000) === 0) {
    const bits = Math.clz32(x & 0x1ffff) - 16;
    x = (x << bits) >>> 0;
    iexpon = 15 - bits;
  }
  const index1 = (x >>> 8) << 1;
  const rh = RH_LH_TBL[index1 - 256]!;
  const lh = RH_LH_TBL[index1 + 1 - 256]!;
  // xl64 = (x * RH) >> 48, exactly
  const rhHi = Math.floor(rh / TWO24);
  const rhLo = rh - rhHi * TWO24;
  const lo = x * rhLo;
  const hiSum = x * rhHi + Math.floor(lo / TWO24);
  const xl64 = Math.floor(hiSum / TWO24);
  const index2 = xl64 % 256;
  const ll = LL_TBL[index2]!;
  // result = (iexpon << 44) + ((LH + LL) >> 4)
  return iexpon * TWO44 + Math.floor((lh + ll) / 16);
}

function buildTable(): Float64Array {
  const t = new Float64Array(0x10000);
  for (let u = 0; u < 0x10000; u++) t[u] = crushLn(u) - TWO48;
  return t;
}

let table: Float64Array | undefined;
let blocks: Float64Array | undefined;

/**
 * crush_ln(u) - 0x1000000000000 for every 16-bit u: straw2's (negative) log of its random draw. Built on first use
 * (65,536 crush_ln values take ~10 ms of a cold start; the WebAssembly mapper builds its own, crush-firstn.ts).
 */
export function lnTable(): Float64Array {
  table ??= buildTable();
  return table;
}

function blockMaxima(t: Float64Array): Float64Array {
  const m = new Float64Array(0x100).fill(-Infinity);
  for (let u = 0; u < 0x10000; u++) if (t[u]! > m[u >>> 8]!) m[u >>> 8] = t[u]!;
  return m;
}

/**
 * The largest lnTable() value of each block of 256 consecutive u (index u >>> 8): 2 KB that stays in the CPU's
 * first-level cache, an upper bound that tells most straw2 draws cannot win without reading the 512 KB table.
 */
export function lnBlockMax(): Float64Array {
  blocks ??= blockMaxima(lnTable());
  return blocks;
}
