import { changesOf, loadOf, maxOverloadOf, type WeightedGraph } from './weighted-graph.js';

/** Placements each branch and bound may try (~0.1 s); an instance it finishes within them is solved exactly. */
export const NODE_BUDGET = 1_000_000;

export interface BranchResult {
  /** The best assignment found: `start` itself unless something better was found (null: none within the budget). */
  assign: Int32Array | null;
  /** True when the search ended within its budget: nothing better exists. */
  complete: boolean;
}

/**
 * Branch and bound over the PGs, heaviest first, with an explicit stack (any number of PGs is safe), from `start` as
 * the incumbent (if any), so it only ever returns something at least as good:
 *   - 'lower-max': a strictly smaller max (load − target). At each PG the OSDs are tried least loaded first (ties by
 *     OSD id), so the first descent is a greedy fill; a branch stops as soon as its partial maximum cannot beat the
 *     best found.
 *   - 'fewer-changes': fewer changes with a max at most the start's + `slack`. The current primary is tried first,
 *     then the others least loaded first; a branch stops when it exceeds that max or cannot have fewer changes.
 * After `nodeBudget` placements it stops with the best found so far (complete: false).
 */
export function branchAndBound(
  g: WeightedGraph,
  start: Int32Array | null,
  tol: number,
  nodeBudget: number,
  mode: 'lower-max' | 'fewer-changes',
  slack = 0,
): BranchResult {
  const n = g.pgCount;
  const stay = mode === 'fewer-changes';
  const order = Int32Array.from([...Array(n).keys()].sort((a, b) => g.heat[b]! - g.heat[a]! || a - b));
  // per depth: its PG's options (sorted when the depth is entered), the next one to try, the partial figures before it
  const off = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    const p = order[i]!;
    off[i + 1] = off[i]! + g.choiceStart[p + 1]! - g.choiceStart[p]!;
  }
  const opts = new Int32Array(off[n]!);
  const key = new Float64Array(off[n]!);
  const pos = new Int32Array(n);
  const placed = new Int32Array(n).fill(-1);
  const maxAt = new Float64Array(n + 1);
  const changesAt = new Int32Array(n + 1);
  const load = new Float64Array(g.osdCount);
  const cur = g.orig.slice();

  const startFig = start
    ? { max: maxOverloadOf(g, loadOf(g, start)), changes: changesOf(g, start) }
    : { max: Infinity, changes: Infinity };
  // a leaf must have a max below `bound` ('lower-max': strictly below the best so far) or at most it
  let bound = stay ? startFig.max + slack + tol : startFig.max - tol;
  let bestChanges = startFig.changes;
  let best = start;
  let nodes = 0;

  const enter = (i: number) => {
    const p = order[i]!;
    const h = g.heat[p]!;
    const lo = off[i]!;
    let m = lo;
    for (let k = g.choiceStart[p]!; k < g.choiceStart[p + 1]!; k++) {
      const o = g.choiceOsd[k]!;
      // insertion sort by the OSD's overload with this PG, ties by OSD id
      const x = load[o]! + h - g.target[o]!;
      let j = m++;
      while (j > lo && (key[j - 1]! > x || (key[j - 1] === x && opts[j - 1]! > o))) {
        key[j] = key[j - 1]!;
        opts[j] = opts[j - 1]!;
        j--;
      }
      key[j] = x;
      opts[j] = o;
    }
    if (stay) {
      // the current primary first
      let j = lo;
      while (j < m && opts[j] !== g.orig[p]) j++;
      if (j < m) {
        const x = key[j]!;
        for (; j > lo; j--) {
          key[j] = key[j - 1]!;
          opts[j] = opts[j - 1]!;
        }
        key[lo] = x;
        opts[lo] = g.orig[p]!;
      }
    }
    pos[i] = off[i]!;
  };

  let base = -Infinity;
  for (let o = 0; o < g.osdCount; o++) if (g.eligible[o]) base = Math.max(base, -g.target[o]!);
  maxAt[0] = base;
  let depth = 0;
  if (n > 0) enter(0);
  while (depth >= 0) {
    if (depth === n) {
      // every leaf reached beats the incumbent: the bounds below prune all others
      best = cur.slice();
      if (stay) bestChanges = changesAt[n]!;
      else bound = maxAt[n]! - tol;
      depth--;
      continue;
    }
    const i = depth;
    const p = order[i]!;
    const h = g.heat[p]!;
    if (placed[i]! >= 0) {
      load[placed[i]!]! -= h;
      placed[i] = -1;
    }
    let descended = false;
    while (pos[i]! < off[i + 1]!) {
      const j = pos[i]!++;
      const o = opts[j]!;
      const m = Math.max(maxAt[i]!, key[j]!);
      const past = stay ? m > bound : m >= bound;
      if (past) {
        if (stay && j === off[i]! && o === g.orig[p]) continue; // the current primary, put first out of order
        break; // the options are sorted: every later one is past the bound too
      }
      const c = changesAt[i]! + (o === g.orig[p] ? 0 : 1);
      if (stay && c >= bestChanges) continue;
      if (++nodes > nodeBudget) return { assign: best, complete: false };
      load[o]! += h;
      placed[i] = o;
      cur[p] = o;
      maxAt[i + 1] = m;
      changesAt[i + 1] = c;
      depth++;
      if (depth < n) enter(depth);
      descended = true;
      break;
    }
    if (!descended) depth--;
  }
  return { assign: best, complete: true };
}
