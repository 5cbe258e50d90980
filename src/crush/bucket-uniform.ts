/**
 * Uniform buckets (and the local fallback of firstn for any bucket): bucket_perm_choose, a random
 * permutation of the bucket's items computed lazily per input x.
 *
 * The permutation prefix for a given (bucket, x) is a pure function of x, so the per-bucket cache is
 * kept across calls (Ceph resets it every crush_do_rule; the results are the same).
 */
import { hash32_3 } from './hash.js';
import type { CrushBucket, CrushMap } from './types.js';

/** Per-bucket permutation cache: perm_x, perm_n and perm[] of each bucket (by bucket index). */
export interface PermWork {
  readonly permX: Int32Array;
  readonly permN: Int32Array;
  readonly offset: Int32Array;
  readonly perm: Uint32Array;
}

export function makePermWork(map: CrushMap): PermWork {
  const n = map.maxBuckets;
  const offset = new Int32Array(n);
  let total = 0;
  for (let b = 0; b < n; b++) {
    offset[b] = total;
    total += map.buckets[b]?.size ?? 0;
  }
  return { permX: new Int32Array(n), permN: new Int32Array(n), offset, perm: new Uint32Array(total) };
}

export function permChoose(bucket: CrushBucket, work: PermWork, x: number, r: number): number {
  const size = bucket.size;
  const bi = -1 - bucket.id;
  const base = work.offset[bi]!;
  const perm = work.perm;
  const pr = (r >>> 0) % size;
  let permN = work.permN[bi]!;
  if (work.permX[bi] !== x || permN === 0) {
    work.permX[bi] = x;
    if (pr === 0) {
      // common r=0 case: only the first slot
      perm[base] = hash32_3(x, bucket.id, 0) % size;
      work.permN[bi] = 0xffff;
      return bucket.items[perm[base]!]!;
    }
    for (let i = 0; i < size; i++) perm[base + i] = i;
    permN = 0;
  } else if (permN === 0xffff) {
    // expand the r=0 shortcut into a real prefix of length 1
    for (let i = 1; i < size; i++) perm[base + i] = i;
    perm[base + perm[base]!] = 0;
    permN = 1;
  }
  while (permN <= pr) {
    const p = permN;
    if (p < size - 1) {
      const i = hash32_3(x, bucket.id, p) % (size - p);
      if (i !== 0) {
        const t = perm[base + p + i]!;
        perm[base + p + i] = perm[base + p]!;
        perm[base + p] = t;
      }
    }
    permN++;
  }
  work.permN[bi] = permN;
  return bucket.items[perm[base + pr]!]!;
}
