/** Walker/Vose alias table: O(1) draws from a discrete distribution given by non-negative weights. */
export interface AliasTable {
  prob: Float64Array;
  alias: Int32Array;
}

export function aliasTable(weights: ArrayLike<number>): AliasTable {
  const n = weights.length;
  const prob = new Float64Array(n);
  const alias = new Int32Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += weights[i] as number;
  if (!(sum > 0)) throw new Error('alias table: weights sum to zero');
  const scaled = new Float64Array(n);
  const small = new Int32Array(n);
  const large = new Int32Array(n);
  let ns = 0;
  let nl = 0;
  for (let i = 0; i < n; i++) {
    scaled[i] = ((weights[i] as number) * n) / sum;
    if (scaled[i]! < 1) small[ns++] = i;
    else large[nl++] = i;
  }
  while (ns > 0 && nl > 0) {
    const s = small[--ns]!;
    const l = large[--nl]!;
    prob[s] = scaled[s]!;
    alias[s] = l;
    scaled[l] = scaled[l]! + scaled[s]! - 1;
    if (scaled[l]! < 1) small[ns++] = l;
    else large[nl++] = l;
  }
  while (nl > 0) {
    const l = large[--nl]!;
    prob[l] = 1;
    alias[l] = l;
  }
  while (ns > 0) {
    const s = small[--ns]!;
    prob[s] = 1;
    alias[s] = s;
  }
  return { prob, alias };
}

/** One draw: an index with probability weight / sum. */
export function aliasDraw(t: AliasTable, rng: () => number): number {
  const i = Math.floor(rng() * t.prob.length);
  return rng() < t.prob[i]! ? i : t.alias[i]!;
}
