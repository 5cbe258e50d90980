import { MinHeap } from './min-heap.js';
import type { WeightedGraph } from './weighted-graph.js';

/**
 * Local improvement after rounding, in place on `assign` and `load`:
 * 1. lexicographic descent: the busiest OSD not yet settled (largest load − target) hands one of its PGs to another
 *    of the PG's choices when both then end below its level (the best such move); when it cannot, it is settled and
 *    the next busiest is tried. The largest load falls first, then the next ones (the rounding leaves them wherever
 *    the LP put them, and a single hot PG can pin the largest load while the rest still matter);
 * 2. fewer changes: every moved PG, lightest first, goes back to its current primary when that OSD then ends no
 *    higher than the OSD it leaves was (so the sorted loads do not get worse).
 * Neither step raises the maximum, so the rounding's guarantee holds.
 */
export function polishAssignment(g: WeightedGraph, assign: Int32Array, load: Float64Array, tol: number): void {
  lowerMax(g, assign, load, tol);
  revertChanges(g, assign, load, tol);
}

/** Step 2 alone: moved PGs go back to their current primary where that does not make the sorted loads worse. */
export function revertChanges(g: WeightedGraph, assign: Int32Array, load: Float64Array, tol: number): void {
  const moved: number[] = [];
  for (let p = 0; p < g.pgCount; p++) if (assign[p] !== g.orig[p]) moved.push(p);
  moved.sort((a, b) => g.heat[a]! - g.heat[b]! || a - b);
  for (const p of moved) {
    const o = g.orig[p]!;
    const c = assign[p]!;
    const h = g.heat[p]!;
    if (load[o]! + h - g.target[o]! <= load[c]! - g.target[c]! + tol) {
      load[assign[p]!]! -= h;
      load[o]! += h;
      assign[p] = o;
    }
  }
}

/** OSDs within this fraction of the mean share over their own share count as balanced (no move for them). */
const SLACK = 0.02;

function lowerMax(g: WeightedGraph, assign: Int32Array, load: Float64Array, tol: number): void {
  let shares = 0;
  let n = 0;
  for (let o = 0; o < g.osdCount; o++) {
    if (!g.eligible[o]) continue;
    shares += g.target[o]!;
    n++;
  }
  const enough = Math.max(tol, (SLACK * shares) / Math.max(1, n));
  let first = true;
  const heap = new MinHeap(g.osdCount * 2);
  const over = (o: number) => load[o]! - g.target[o]!;
  for (let o = 0; o < g.osdCount; o++) if (g.eligible[o]) heap.push(-over(o), o);
  const budget = 8 * g.osdCount + 100;
  for (let step = 0; step < budget && heap.size > 0; step++) {
    const key = heap.topKey();
    const o = heap.pop();
    if (-key !== over(o)) {
      heap.push(-over(o), o);
      continue;
    }
    const level = over(o);
    // the largest load always falls as far as single moves take it; the others only while well over their share
    if (!first && level <= enough) return;
    let bestP = -1;
    let bestB = -1;
    let bestLevel = level - (first ? tol : Math.max(tol, enough / 4));
    for (let r = g.revStart[o]!; r < g.revStart[o + 1]!; r++) {
      const p = g.revPg[r]!;
      const h = g.heat[p]!;
      if (assign[p] !== o || h <= 0) continue;
      for (let k = g.choiceStart[p]!; k < g.choiceStart[p + 1]!; k++) {
        const b = g.choiceOsd[k]!;
        if (b === o) continue;
        const after = Math.max(level - h, over(b) + h);
        if (after < bestLevel || (after === bestLevel && b === g.orig[p])) {
          bestLevel = after;
          bestP = p;
          bestB = b;
        }
      }
    }
    if (bestP < 0) {
      first = false; // settled: no single move lowers it
      continue;
    }
    const h = g.heat[bestP]!;
    load[o]! -= h;
    load[bestB]! += h;
    assign[bestP] = bestB;
    heap.push(-over(o), o);
    heap.push(-over(bestB), bestB);
  }
}
