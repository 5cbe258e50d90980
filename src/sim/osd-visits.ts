import type { SimPlacement } from './sim-model.js';

/**
 * Expected visits per client op at each OSD: a read visits the PG's primary, a write every OSD of its acting set;
 * PGs are drawn with probability weight / total.
 */
export function osdVisits(p: SimPlacement, pgWeights: Float64Array, writeRatio: number, maxOsd: number): Float64Array {
  const v = new Float64Array(maxOsd);
  let total = 0;
  for (let i = 0; i < pgWeights.length; i++) total += pgWeights[i]!;
  for (let i = 0; i < pgWeights.length; i++) {
    const q = pgWeights[i]! / total;
    const pr = p.primary[i]!;
    if (pr >= 0 && pr < maxOsd) v[pr] = v[pr]! + q * (1 - writeRatio);
    if (writeRatio > 0) {
      for (let j = p.offsets[i]!; j < p.offsets[i + 1]!; j++) {
        const o = p.osds[j]!;
        if (o >= 0 && o < maxOsd) v[o] = v[o]! + q * writeRatio;
      }
    }
  }
  return v;
}
