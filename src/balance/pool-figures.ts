import { EPS, type PoolFigures } from './engine-types.js';
import { countPrimaries, type PoolGraph } from './flow-graph.js';

/** Objective figures of an assignment: largest overload, OSDs at it, changes against the original primaries. */
export function poolFigures(g: PoolGraph, assign: Int32Array): PoolFigures {
  const count = countPrimaries(g, assign);
  let maxOverload = -Infinity;
  for (let o = 0; o < g.osdCount; o++) {
    if (!g.eligible[o]) continue;
    const v = count[o]! - g.desired[o]!;
    if (v > maxOverload) maxOverload = v;
  }
  let atMax = 0;
  for (let o = 0; o < g.osdCount; o++) {
    if (g.eligible[o] && count[o]! - g.desired[o]! >= maxOverload - EPS) atMax++;
  }
  let changes = 0;
  for (let p = 0; p < g.pgCount; p++) if (assign[p] !== g.orig[p]) changes++;
  if (maxOverload === -Infinity) maxOverload = 0;
  return { maxOverload, atMax, changes };
}
