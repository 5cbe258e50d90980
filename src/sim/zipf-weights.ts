/**
 * Read popularity of each PG: `objects` objects with Zipf(s) popularity (object of rank k: 1 / k^s), each placed on
 * a PG by a seeded hash, as RADOS hashes names to PGs. s = 0 gives every PG the same weight.
 */
export function zipfPgWeights(pgs: number, objectsPerPg: number, s: number, seed: number): Float64Array {
  const w = new Float64Array(pgs);
  if (s === 0) return w.fill(1);
  const objects = Math.max(1, Math.round(pgs * objectsPerPg));
  for (let k = 1; k <= objects; k++) {
    let h = Math.imul(k ^ seed, 0x9e3779b1) >>> 0;
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
    h = (h ^ (h >>> 16)) >>> 0;
    const i = h % pgs;
    w[i] = w[i]! + 1 / k ** s;
  }
  return w;
}
