import { MinHeap } from './min-heap.js';
import type { WeightedGraph } from './weighted-graph.js';

/**
 * Local improvement after rounding, in place on `assign` and `load`:
 * 1. while the busiest OSD (largest load − target) can hand one of its PGs to another of the PG's choices and both
 *    end below its level, make the best such move (a bounded number of times);
 * 2. fewer changes at that level: every moved PG, lightest first, goes back to its current primary when that OSD
 *    stays at or below the reached maximum.
 * Neither step raises the maximum, so the rounding's guarantee holds.
 */
export function polishAssignment(g: WeightedGraph, assign: Int32Array, load: Float64Array, tol: number): void {
  lowerMax(g, assign, load, tol);
  let max = -Infinity;
  for (let o = 0; o < g.osdCount; o++) if (g.eligible[o]) max = Math.max(max, load[o]! - g.target[o]!);
  const moved: number[] = [];
  for (let p = 0; p < g.pgCount; p++) if (assign[p] !== g.orig[p]) moved.push(p);
  moved.sort((a, b) => g.heat[a]! - g.heat[b]! || a - b);
  for (const p of moved) {
    const o = g.orig[p]!;
    const h = g.heat[p]!;
    if (load[o]! + h - g.target[o]! <= max + tol) {
      load[assign[p]!]! -= h;
      load[o]! += h;
      assign[p] = o;
    }
  }
}

function lowerMax(g: WeightedGraph, assign: Int32Array, load: Float64Array, tol: number): void {
  const heap = new MinHeap(g.osdCount * 2);
  const over = (o: number) => load[o]! - g.target[o]!;
  for (let o = 0; o < g.osdCount; o++) if (g.eligible[o]) heap.push(-over(o), o);
  const budget = 4 * g.osdCount + 100;
  for (let step = 0; step < budget && heap.size > 0; step++) {
    const key = heap.topKey();
    const o = heap.pop();
    if (-key !== over(o)) {
      heap.push(-over(o), o);
      continue;
    }
    const level = over(o);
    let bestP = -1;
    let bestB = -1;
    let bestLevel = level - tol;
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
    if (bestP < 0) return;
    const h = g.heat[bestP]!;
    load[o]! -= h;
    load[bestB]! += h;
    assign[bestP] = bestB;
    heap.push(-over(o), o);
    heap.push(-over(bestB), bestB);
  }
}
