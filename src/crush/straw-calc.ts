/**
 * Straw lengths of a straw (v1) bucket, as builder.c's crush_calc_straw computes them from the item
 * weights (the crush dump does not carry them). Both straw_calc_version 0 (the original, buggy for
 * repeated and zero weights) and >= 1. Arithmetic follows C: doubles, `numleft * (w_i - w_prev)` is a
 * uint32 product (wraps), the straw is truncated to uint32.
 */
export function calcStraws(weights: Uint32Array, strawCalcVersion: number): Uint32Array {
  const size = weights.length;
  const straws = new Uint32Array(size);
  // reverse: item indices sorted by weight ascending (stable insertion sort, as in C)
  const reverse: number[] = [];
  for (let i = 0; i < size; i++) {
    let j = 0;
    while (j < i && !(weights[i]! < weights[reverse[j]!]!)) j++;
    reverse.splice(j, 0, i);
  }
  const w = (k: number): number => weights[reverse[k]!]!;
  let numleft = size;
  let straw = 1.0;
  let wbelow = 0;
  let lastw = 0;
  let i = 0;
  while (i < size) {
    if (w(i) === 0) {
      straws[reverse[i]!] = 0;
      i++;
      if (strawCalcVersion >= 1) numleft--;
      continue;
    }
    straws[reverse[i]!] = toU32(straw * 0x10000);
    i++;
    if (i === size) break;
    if (strawCalcVersion === 0) {
      if (w(i) === w(i - 1)) continue;
      wbelow += (w(i - 1) - lastw) * numleft;
      for (let j = i; j < size; j++) {
        if (w(j) === w(i)) numleft--;
        else break;
      }
    } else {
      wbelow += (w(i - 1) - lastw) * numleft;
      numleft--;
    }
    const wnext = Math.imul(numleft, (w(i) - w(i - 1)) >>> 0) >>> 0;
    const pbelow = wbelow / (wbelow + wnext);
    straw *= Math.pow(1.0 / pbelow, 1.0 / numleft);
    lastw = w(i - 1);
  }
  return straws;
}

/** C's double -> __u32 conversion on x86-64 (via a 64-bit truncation, keeping the low 32 bits). */
function toU32(v: number): number {
  if (!Number.isFinite(v)) return 0;
  const t = Math.trunc(v);
  return t >= 0 && t < 0x100000000 ? t : Number(BigInt.asUintN(32, BigInt(t)));
}
