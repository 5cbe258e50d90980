import { EPS, type EnginePool, type PoolFigures } from './engine-types.js';
import { buildPoolGraph } from './flow-graph.js';
import { poolFigures } from './pool-figures.js';

/** Lexicographic comparison of objective tuples (overload with EPS, then OSDs at max, then changes). */
export function compareFigures(x: PoolFigures, y: PoolFigures): number {
  if (x.maxOverload < y.maxOverload - EPS) return -1;
  if (x.maxOverload > y.maxOverload + EPS) return 1;
  if (x.atMax !== y.atMax) return x.atMax - y.atMax;
  return x.changes - y.changes;
}

/**
 * Exhaustive optimum of one pool (levels 1–3) over every assignment; for tiny instances (tests).
 * With `maxChanges`, only assignments with at most that many changes are considered.
 */
export function bruteForcePool(
  pool: EnginePool,
  osdCount: number,
  maxChanges = Infinity,
): { best: PoolFigures; assign: Int32Array } {
  const g = buildPoolGraph(pool, osdCount);
  const n = g.pgCount;
  const idx = new Int32Array(n);
  const assign = new Int32Array(n);
  for (let p = 0; p < n; p++) assign[p] = g.choiceOsd[g.choiceStart[p]!]!;
  let best: PoolFigures | null = null;
  let bestAssign = g.orig.slice();
  for (;;) {
    let changes = 0;
    for (let p = 0; p < n; p++) if (assign[p] !== g.orig[p]) changes++;
    if (changes <= maxChanges) {
      const f = poolFigures(g, assign);
      if (!best || compareFigures(f, best) < 0) {
        best = f;
        bestAssign = assign.slice();
      }
    }
    let p = 0;
    for (; p < n; p++) {
      const deg = g.choiceStart[p + 1]! - g.choiceStart[p]!;
      idx[p]!++;
      if (idx[p]! < deg) {
        assign[p] = g.choiceOsd[g.choiceStart[p]! + idx[p]!]!;
        break;
      }
      idx[p] = 0;
      assign[p] = g.choiceOsd[g.choiceStart[p]!]!;
    }
    if (p === n) break;
  }
  return { best: best ?? poolFigures(g, g.orig), assign: bestAssign };
}
