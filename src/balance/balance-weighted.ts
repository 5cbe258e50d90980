import { fractionalOptimum } from './fractional-optimum.js';
import { roundFractional } from './round-fractional.js';
import {
  buildWeightedGraph,
  changesOf,
  loadOf,
  maxOverloadOf,
  type WeightedGraph,
  type WeightedInput,
} from './weighted-graph.js';
import { branchAndBound, NODE_BUDGET } from './weighted-exact.js';
import { polishAssignment, revertChanges } from './weighted-polish.js';

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

/**
 * The branch and bound runs on instances up to this many PGs: its budget (weighted-exact.ts) then covers at least a
 * hundred descents; on larger ones the rounding's guarantee (LP bound + heaviest PG) is small next to the shares.
 */
const SEARCH_MAX_PGS = 10_000;

/** Short of a proven optimum, maxima within this fraction of a mean share are equal and fewer changes decide. */
const SLACK = 0.01;

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
  let pgBound = -Infinity;
  for (let p = 0; p < g.pgCount; p++) {
    const h = g.heat[p]!;
    heaviest = Math.max(heaviest, h);
    total += h;
    let best = Infinity;
    for (let k = g.choiceStart[p]!; k < g.choiceStart[p + 1]!; k++)
      best = Math.min(best, h - g.target[g.choiceOsd[k]!]!);
    pgBound = Math.max(pgBound, best);
  }
  const tol = 1e-9 * (heaviest + total / Math.max(1, g.osdCount));
  let shares = 0;
  let eligible = 0;
  for (let o = 0; o < g.osdCount; o++) {
    if (!g.eligible[o]) continue;
    shares += g.target[o]!;
    eligible++;
  }
  const meanShare = shares / Math.max(1, eligible);
  const worthIt = Math.max(tol, KEEP * meanShare);
  // Instances the branch and bound covers start the rounding from its greedy search, not from the current primaries:
  // the maximum aimed at then does not depend on them, which keeps a plan idempotent (below).
  const search = g.pgCount <= SEARCH_MAX_PGS;
  const fill = search ? branchAndBound(g, null, tol, NODE_BUDGET, 'lower-max') : null;
  const r = roundsFrom(g, fill?.assign ?? g.orig, tol);
  const lpBound = r.lpBound;
  const lowerBound = Math.max(lpBound, pgBound);
  let chosen = r.chosen;
  let loadAfter = r.load;
  let maxAfter = r.max;
  const aim = maxAfter;
  let exact: boolean;
  if (fill) {
    // then the fewest changes from the current primaries: first the moves back home that raise no level, then a
    // search at that maximum when it is proven (exact when the search completes), else within SLACK of it (the last
    // fraction of a read rate an unproven maximum chases is not worth an op)
    revertChanges(g, chosen, loadAfter, tol);
    maxAfter = maxOverloadOf(g, loadAfter);
    const proven = fill.complete || aim <= lowerBound + tol;
    const fewer = branchAndBound(g, chosen, tol, NODE_BUDGET, 'fewer-changes', proven ? 0 : SLACK * meanShare);
    if (fewer.assign !== null && fewer.assign !== chosen) {
      chosen = fewer.assign;
      loadAfter = loadOf(g, chosen);
      maxAfter = maxOverloadOf(g, loadAfter);
    }
    exact = proven && fewer.complete;
  } else exact = maxAfter <= lowerBound + tol && changesOf(g, chosen) === 0;
  if (!exact && maxBefore <= aim + worthIt) {
    // the current primaries are as good as the maximum aimed at, or nearly (within KEEP of a mean share): keep them.
    // This makes a plan idempotent: planned again on its own result (within SLACK of the same aim, or a rounding
    // fixpoint on large instances), nothing moves.
    chosen = g.orig.slice();
    loadAfter = loadBefore.slice();
    maxAfter = maxBefore;
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
    changes: changesOf(g, chosen),
    exact,
  };
}

/**
 * LP rounding from `start`, repeated while each round beats the best so far (capped on large instances). Rounding
 * depends on where the flow starts: solved again from its own result, the LP solution (same bound) is another vertex
 * and often rounds better. From the current primaries (large instances) the fixpoint makes a plan idempotent: planned
 * again from its result, the first round is the one that did not pay, and the current primaries stay.
 */
function roundsFrom(
  g: WeightedGraph,
  start: Int32Array,
  tol: number,
): { chosen: Int32Array; load: Float64Array; max: number; lpBound: number } {
  let lpBound = Number.NaN;
  let chosen: Int32Array = start.slice();
  let load: Float64Array = loadOf(g, chosen);
  let max = maxOverloadOf(g, load);
  const rounds = g.pgCount <= 50_000 ? 30 : 1;
  for (let round = 0; round < rounds; round++) {
    const from = { ...g, orig: chosen };
    const lp = fractionalOptimum(from);
    if (round === 0) lpBound = lp.bound;
    const next = roundFractional(from, lp.x);
    const nextLoad = loadOf(g, next);
    polishAssignment(from, next, nextLoad, tol);
    const nextMax = maxOverloadOf(g, nextLoad);
    if (nextMax >= max - tol) break;
    chosen = next;
    load = nextLoad;
    max = nextMax;
    if (max <= lpBound + tol) break;
  }
  return { chosen, load, max, lpBound };
}
