import type { WeightedGraph } from './weighted-graph.js';

/**
 * Exact optimum of a small weighted instance by branch and bound: lexicographically the smallest max (load − target),
 * then the fewest changes. PGs are placed heaviest first, current primary first; a branch stops as soon as its
 * partial maximum (or, at the same maximum, its changes) cannot beat the best found. Starts from a known assignment
 * (the rounded one), so it only returns something at least as good. Undefined when `nodeBudget` runs out.
 */
export function exactWeighted(
  g: WeightedGraph,
  start: Int32Array,
  tol: number,
  nodeBudget = 2_000_000,
): Int32Array | undefined {
  const order = [...Array(g.pgCount).keys()].sort((a, b) => g.heat[b]! - g.heat[a]! || a - b);
  const load = new Float64Array(g.osdCount);
  let base = -Infinity;
  for (let o = 0; o < g.osdCount; o++) if (g.eligible[o]) base = Math.max(base, -g.target[o]!);
  const startFig = figures(g, start);
  let bestMax = startFig.max;
  let bestChanges = startFig.changes;
  let best = start.slice();
  const cur = g.orig.slice();
  let nodes = 0;
  const better = (max: number, changes: number) =>
    max < bestMax - tol || (max <= bestMax + tol && changes < bestChanges);
  const visit = (i: number, max: number, changes: number): boolean => {
    if (++nodes > nodeBudget) return false;
    if (i === order.length) {
      if (better(max, changes)) {
        bestMax = max;
        bestChanges = changes;
        best = cur.slice();
      }
      return true;
    }
    const p = order[i]!;
    const h = g.heat[p]!;
    const ks: number[] = [];
    for (let k = g.choiceStart[p]!; k < g.choiceStart[p + 1]!; k++) {
      if (g.choiceOsd[k] === g.orig[p]) ks.unshift(k);
      else ks.push(k);
    }
    for (const k of ks) {
      const o = g.choiceOsd[k]!;
      const c = changes + (o === g.orig[p] ? 0 : 1);
      const m = Math.max(max, load[o]! + h - g.target[o]!);
      if (m > bestMax + tol || (m >= bestMax - tol && c >= bestChanges)) continue;
      load[o]! += h;
      cur[p] = o;
      const ok = visit(i + 1, m, c);
      load[o]! -= h;
      if (!ok) return false;
    }
    return true;
  };
  return visit(0, base, 0) ? best : undefined;
}

function figures(g: WeightedGraph, a: Int32Array): { max: number; changes: number } {
  const load = new Float64Array(g.osdCount);
  let changes = 0;
  for (let p = 0; p < g.pgCount; p++) {
    load[a[p]!]! += g.heat[p]!;
    if (a[p] !== g.orig[p]) changes++;
  }
  let max = -Infinity;
  for (let o = 0; o < g.osdCount; o++) if (g.eligible[o]) max = Math.max(max, load[o]! - g.target[o]!);
  return { max, changes };
}
