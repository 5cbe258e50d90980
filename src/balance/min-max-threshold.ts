import { countPrimaries, type PoolGraph } from './flow-graph.js';
import { flowScratch, routeExcess } from './max-flow.js';
import { ThresholdScale } from './threshold-scale.js';

export interface MinMaxResult {
  scale: ThresholdScale;
  /** Candidate index of the optimum T* (min over assignments of the largest overload). */
  optimumIndex: number;
  /** Candidate index of the current largest overload. */
  currentIndex: number;
  /** An assignment reaching T* (not change-minimal). */
  assign: Int32Array;
}

/** Trivial lower bound on T*: every PG must land on one of its choices. */
function pgLowerBound(g: PoolGraph): number {
  let lb = -Infinity;
  for (let p = 0; p < g.pgCount; p++) {
    let best = Infinity;
    for (let k = g.choiceStart[p]!; k < g.choiceStart[p + 1]!; k++) {
      const v = 1 - g.desired[g.choiceOsd[k]!]!;
      if (v < best) best = v;
    }
    if (best > lb) lb = best;
  }
  return lb;
}

/**
 * Exact min-max overload of a pool. Candidates T are searched by index; feasibility of T is a max-flow
 * (routeExcess) warm-started from the previous try's assignment. Every infeasible try yields a Hall violator
 * R, which lifts the lower bound to the smallest T with Σ_{o∈R} cap_o(T) ≥ #PGs whose choices all lie in R;
 * lower-bound jumps alternate with bisection so the number of max-flows stays logarithmic.
 */
export function minMaxThreshold(g: PoolGraph): MinMaxResult {
  if (g.pgCount === 0) {
    const scale = new ThresholdScale(g, 0);
    const i = scale.indexAtLeast(0);
    return { scale, optimumIndex: i, currentIndex: i, assign: g.orig.slice() };
  }
  const count0 = countPrimaries(g, g.orig);
  let current = -Infinity;
  let eligibleCount = 0;
  for (let o = 0; o < g.osdCount; o++) {
    if (!g.eligible[o]) continue;
    eligibleCount++;
    current = Math.max(current, count0[o]! - g.desired[o]!);
  }
  const pgLb = g.pgCount > 0 ? pgLowerBound(g) : current;
  const scale = new ThresholdScale(g, Math.min(pgLb, current));
  const eligible = new Int32Array(eligibleCount);
  for (let o = 0, k = 0; o < g.osdCount; o++) if (g.eligible[o]) eligible[k++] = o;
  let hi = scale.indexAtLeast(current);
  const currentIndex = hi;
  let lo = Math.min(
    hi,
    Math.max(scale.indexAtLeast(pgLb), smallestWithSum(scale, eligible, eligibleCount, g.pgCount, 0, hi)),
  );
  let best = g.orig.slice();
  // Each try is warm-started from the previous try's result, feasible or not: a max-flow from any assignment is exact.
  let last = best;
  let lastCount = count0;
  const cap = new Int32Array(g.osdCount);
  const scratch = flowScratch(g.osdCount);
  const inR = new Uint8Array(g.osdCount);
  const rList = new Int32Array(g.osdCount);
  let tries = 0;
  while (lo < hi) {
    const t = tries++ % 2 === 0 ? lo : lo + ((hi - lo) >> 1);
    scale.caps(t, cap);
    const work = last.slice();
    const wcount = lastCount.slice();
    // from the second try on, g.held already mirrors `last` (routeExcess keeps it in step with the PGs it moves)
    const feasible = routeExcess(g, work, wcount, cap, scratch, tries > 1);
    last = work;
    lastCount = wcount;
    if (feasible) {
      best = work;
      hi = t;
      continue;
    }
    // Hall violator R: PGs whose choices all lie in R need Σ_R cap ≥ their number.
    let rn = 0;
    inR.fill(0);
    for (let o = 0; o < g.osdCount; o++) {
      if (scratch.level[o]! >= 0) {
        inR[o] = 1;
        rList[rn++] = o;
      }
    }
    let trapped = 0;
    for (let p = 0; p < g.pgCount; p++) {
      let all = true;
      for (let k = g.choiceStart[p]!; k < g.choiceStart[p + 1]!; k++) {
        if (!inR[g.choiceOsd[k]!]) {
          all = false;
          break;
        }
      }
      if (all) trapped++;
    }
    lo = Math.max(t + 1, smallestWithSum(scale, rList, rn, trapped, t + 1, hi));
  }
  return { scale, optimumIndex: hi, currentIndex, assign: best };
}

/** Smallest index in [from, to] with Σ cap over `osds` ≥ need (to if none). */
function smallestWithSum(
  scale: ThresholdScale,
  osds: Int32Array,
  n: number,
  need: number,
  from: number,
  to: number,
): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = lo + ((hi - lo) >> 1);
    if (scale.capSum(mid, osds, n) >= need) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
