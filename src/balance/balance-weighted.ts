import { fractionalOptimum } from './fractional-optimum.js';
import { roundFractional } from './round-fractional.js';
import { buildWeightedGraph, loadOf, maxOverloadOf, type WeightedInput } from './weighted-graph.js';
import { exactWeighted } from './weighted-exact.js';
import { polishAssignment } from './weighted-polish.js';

export interface WeightedResult {
  /** Chosen primary per PG, aligned with `input.pgs`. */
  chosen: Int32Array;
  /** Read load per OSD id, before and after. */
  loadBefore: Float64Array;
  loadAfter: Float64Array;
  /** max over eligible OSDs of (load − target), before and after. */
  maxBefore: number;
  maxAfter: number;
  /** The LP optimum (fractional assignment): no assignment does better. */
  lpBound: number;
  /** The best lower bound known: max(LP, every PG must sit whole on one of its choices). */
  lowerBound: number;
  /** The heaviest PG; the guarantee is maxAfter ≤ lpBound + heaviest. */
  heaviest: number;
  /** maxAfter − lowerBound (0: provably optimal). */
  gap: number;
  changes: number;
  /** True when the result is the proven optimum (small instances: branch and bound; or no gap). */
  exact: boolean;
}

/** A plan must lower the largest load over share by more than this fraction of the mean share to be worth changes. */
const KEEP = 0.02;

/** Search spaces up to this size are solved exactly (branch and bound). */
const EXACT_SPACE = 1e6;

/**
 * The weighted engine: each PG led by one of its choices so that the largest read load over desired share,
 * max_o (Σ heat of the PGs o leads − target_o), is as small as the LP bound plus the heaviest PG at worst
 * (exact on small instances), then with as few changes as that search finds. Pure.
 */
export function balanceWeighted(input: WeightedInput): WeightedResult {
  const g = buildWeightedGraph(input);
  const loadBefore = loadOf(g, g.orig);
  const maxBefore = maxOverloadOf(g, loadBefore);
  let heaviest = 0;
  let total = 0;
  let space = 1;
  let pgBound = -Infinity;
  for (let p = 0; p < g.pgCount; p++) {
    const h = g.heat[p]!;
    heaviest = Math.max(heaviest, h);
    total += h;
    space *= g.choiceStart[p + 1]! - g.choiceStart[p]!;
    let best = Infinity;
    for (let k = g.choiceStart[p]!; k < g.choiceStart[p + 1]!; k++)
      best = Math.min(best, h - g.target[g.choiceOsd[k]!]!);
    pgBound = Math.max(pgBound, best);
  }
  const tol = 1e-9 * (heaviest + total / Math.max(1, g.osdCount));
  // Rounding depends on where the flow starts: solved again from its own result, the LP solution (same bound) is
  // another vertex and often rounds better. Rounds from the current primaries while each beats the best so far
  // (capped on large instances). The fixpoint makes a plan idempotent: planned again from its result, the first round
  // is the one that did not pay, and the current primaries stay.
  let lpBound = Number.NaN;
  let chosen: Int32Array = g.orig.slice();
  let loadAfter: Float64Array = loadBefore.slice();
  let maxAfter = maxBefore;
  const rounds = g.pgCount <= 50_000 ? 30 : 1;
  for (let round = 0; round < rounds; round++) {
    const from = { ...g, orig: chosen };
    const lp = fractionalOptimum(from);
    if (round === 0) lpBound = lp.bound;
    const next = roundFractional(from, lp.x);
    const nextLoad = loadOf(g, next);
    polishAssignment(from, next, nextLoad, tol);
    const nextMax = maxOverloadOf(g, nextLoad);
    if (nextMax >= maxAfter - tol) break;
    chosen = next;
    loadAfter = nextLoad;
    maxAfter = nextMax;
    if (maxAfter <= lpBound + tol) break;
  }
  let shares = 0;
  let eligible = 0;
  for (let o = 0; o < g.osdCount; o++) {
    if (!g.eligible[o]) continue;
    shares += g.target[o]!;
    eligible++;
  }
  const worthIt = Math.max(tol, (KEEP * shares) / Math.max(1, eligible));
  if (maxBefore <= maxAfter + worthIt) {
    // the current primaries are as good, or nearly (within KEEP of a mean share): keep them. This also makes a plan
    // idempotent: planned again on its own result, a heuristic start elsewhere cannot buy a real improvement.
    chosen = g.orig.slice();
    loadAfter = loadBefore.slice();
    maxAfter = maxBefore;
  }
  const lowerBound = Math.max(lpBound, pgBound);
  let exact = maxAfter <= lowerBound + tol && countChanges(chosen, g.orig) === 0;
  if (!exact && space <= EXACT_SPACE) {
    const best = exactWeighted(g, chosen, tol);
    if (best !== undefined) {
      chosen = best;
      loadAfter = loadOf(g, chosen);
      maxAfter = maxOverloadOf(g, loadAfter);
      exact = true;
    }
  }
  return {
    chosen,
    loadBefore,
    loadAfter,
    maxBefore,
    maxAfter,
    lpBound,
    lowerBound,
    heaviest,
    gap: Math.max(0, maxAfter - lowerBound),
    changes: countChanges(chosen, g.orig),
    exact,
  };
}

function countChanges(a: Int32Array, b: Int32Array): number {
  let n = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) n++;
  return n;
}
