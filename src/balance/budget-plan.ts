import { EPS } from './engine-types.js';
import { solveAt, type PoolAnalysis } from './balance-pool.js';

/**
 * Cached min-change solutions of one pool per threshold index (exact, or "more than `atLeast`"). The fewest changes
 * never grow with the index (a higher threshold is a looser constraint), so an index at or above this one known to
 * need more than `limit` settles it without a flow.
 */
export class PoolCosts {
  private readonly exact = new Map<number, { changes: number; assign: Int32Array }>();
  private readonly atLeast = new Map<number, number>();

  /** The pool's mean share (PGs / OSDs that can lead them): overloads are compared relative to it. */
  readonly norm: number;

  constructor(readonly a: PoolAnalysis) {
    let n = 0;
    for (let o = 0; o < a.graph.osdCount; o++) n += a.graph.eligible[o] ? 1 : 0;
    this.norm = n > 0 && a.graph.pgCount > 0 ? a.graph.pgCount / n : 1;
  }

  /** Relative overload of threshold `index`: (max primaries − share) / mean share; Ceph's score − 1 at equal shares. */
  relative(index: number): number {
    return this.a.scale.value(index) / this.norm;
  }

  /** Fewest changes to bring the pool's max overload to ≤ value(index), or Infinity if more than `limit`. */
  cost(index: number, limit: number): number {
    if (index >= this.a.currentIndex) return 0;
    const hit = this.exact.get(index);
    if (hit) return hit.changes <= limit ? hit.changes : Infinity;
    for (const [j, n] of this.atLeast) if (j >= index && n > limit) return Infinity;
    for (const [j, e] of this.exact) if (j >= index && e.changes > limit) return Infinity;
    const r = solveAt(this.a, index, false, null, limit);
    if (!r.complete) {
      this.atLeast.set(index, Math.max(limit + 1, this.atLeast.get(index) ?? 0));
      return Infinity;
    }
    this.exact.set(index, { changes: r.changes, assign: r.assign });
    return r.changes;
  }

  assign(index: number): Int32Array {
    return index >= this.a.currentIndex ? this.a.graph.orig.slice() : this.exact.get(index)!.assign;
  }

  /** The pool's candidate index for "relative overload ≤ rel", within [optimum, current]. */
  indexFor(rel: number): number {
    const { scale, optimumIndex, currentIndex } = this.a;
    const level = rel * this.norm;
    let j = scale.indexAtLeast(level);
    if (scale.value(j) > level + EPS) j--;
    return Math.min(currentIndex, Math.max(optimumIndex, j));
  }
}

/**
 * The plan within `budget` changes (the caller has checked that the unlimited plan does not fit).
 * 1. Water-filling on the relative overload (the busiest OSD's primaries minus its share, over the pool's mean share:
 *    with equal shares, max primaries / mean primaries − 1, which is Ceph's read_balance_score − 1 when every
 *    affinity is 1, the figure an operator sees): the lowest level R (bisection on reals, snapped to each pool's
 *    candidates) such that bringing every pool down to max(R, its optimum) costs ≤ budget in total; each pool's cost
 *    is an exact min-cost flow (abandoned as soon as it exceeds what is left). So the budget goes to the worst pools
 *    first, as the operator ranks them, across pools of any size.
 * 2. The rest of the budget goes pool by pool, worst first, to each pool's lowest reachable threshold (bisection).
 * 3. Each pool is then re-solved with level 2 (fewest OSDs at its max) if that still fits its share; otherwise it keeps
 *    the change-minimal solution. Level 4 (cross-pool) is not applied under a budget.
 */
export function planWithinBudget(
  analyses: PoolAnalysis[],
  budget: number,
  costs = analyses.map((a) => new PoolCosts(a)),
): Int32Array[] {
  const total = (level: number): number => {
    let sum = 0;
    for (const c of costs) {
      sum += c.cost(c.indexFor(level), budget - sum);
      if (sum > budget) return Infinity;
    }
    return sum;
  };
  let hi = Math.max(...costs.map((c) => c.relative(c.a.currentIndex)));
  let lo = Math.min(...costs.map((c) => c.relative(c.a.optimumIndex)));
  if (total(lo) <= budget) hi = lo;
  for (let iter = 0; iter < 60 && hi - lo > EPS; iter++) {
    const mid = (lo + hi) / 2;
    const same = costs.every((c) => c.indexFor(mid) === c.indexFor(hi));
    if (same || total(mid) <= budget) hi = mid;
    else lo = mid;
  }
  const index = costs.map((c) => c.indexFor(hi));
  const spent = costs.map((c, i) => c.cost(index[i]!, budget));
  let left = budget - spent.reduce((x, y) => x + y, 0);
  const order = analyses.map((_, i) => i).sort((x, y) => costs[y]!.relative(index[y]!) - costs[x]!.relative(index[x]!));
  for (const i of order) {
    const c = costs[i]!;
    let l = c.a.optimumIndex;
    let h = index[i]!;
    while (l < h) {
      const mid = l + ((h - l) >> 1);
      if (c.cost(mid, spent[i]! + left) <= spent[i]! + left) h = mid;
      else l = mid + 1;
    }
    if (h < index[i]!) {
      const now = c.cost(h, spent[i]! + left);
      left -= now - spent[i]!;
      spent[i] = now;
      index[i] = h;
    }
  }
  return costs.map((c, i) => {
    const idx = index[i]!;
    const flat = solveAt(c.a, idx, true);
    if (flat.changes <= spent[i]! + left) {
      left -= flat.changes - spent[i]!;
      return flat.assign;
    }
    return c.assign(idx);
  });
}
