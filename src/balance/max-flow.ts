import type { PoolGraph } from './flow-graph.js';
import { heldIndex, moveHeld } from './held-index.js';

/** Reusable work arrays for routeExcess (one per pool graph). */
export interface FlowScratch {
  level: Int32Array;
  queue: Int32Array;
  ptr: Int32Array;
  stackOsd: Int32Array;
  stackPg: Int32Array;
}

export function flowScratch(osdCount: number): FlowScratch {
  return {
    level: new Int32Array(osdCount),
    queue: new Int32Array(osdCount),
    ptr: new Int32Array(osdCount),
    stackOsd: new Int32Array(osdCount + 1),
    stackPg: new Int32Array(osdCount + 1),
  };
}

const DEAD = -2;

/**
 * Dinic's max-flow on the implicit OSD graph: moves primaries (along alternating paths a →p→ b →q→ c …) until no OSD
 * holds more than cap_o, changing `assign` and `count` in place. Returns true when that succeeded; otherwise the OSDs
 * with `scratch.level[o] >= 0` are the set R reachable from the remaining excess: every PG whose primary is in R has
 * all its choices in R, and R holds more primaries than its capacity (a Hall violator, used as a lower bound).
 * Each round layers the whole reachable graph by BFS and the DFS stops at any OSD below its cap (fewer rounds than
 * stopping at the nearest level when paths are long).
 */
export function routeExcess(
  g: PoolGraph,
  assign: Int32Array,
  count: Int32Array,
  cap: Int32Array,
  s: FlowScratch,
): boolean {
  const { level, queue, ptr, stackOsd, stackPg } = s;
  const m = g.osdCount;
  const held = heldIndex(g, assign);
  const { start, end, pg, choice, stride } = held;
  for (;;) {
    level.fill(-1);
    let qt = 0;
    for (let o = 0; o < m; o++) {
      if (count[o]! > cap[o]!) {
        level[o] = 0;
        queue[qt++] = o;
      }
    }
    if (qt === 0) return true;
    const sources = qt;
    let anySink = false;
    for (let qh = 0; qh < qt; qh++) {
      const a = queue[qh]!;
      const la = level[a]!;
      for (let j = start[a]! * stride, je = end[a]! * stride; j < je; j++) {
        const b = choice[j]!;
        if (b < 0 || level[b] !== -1) continue;
        level[b] = la + 1;
        queue[qt++] = b;
        if (count[b]! < cap[b]!) anySink = true;
      }
    }
    if (!anySink) return false;
    for (let i = 0; i < qt; i++) ptr[queue[i]!] = start[queue[i]!]!;
    for (let si = 0; si < sources; si++) {
      const src = queue[si]!;
      while (count[src]! > cap[src]!) {
        let top = 0;
        stackOsd[0] = src;
        let found = false;
        for (;;) {
          const a = stackOsd[top]!;
          if (top > 0 && count[a]! < cap[a]!) {
            found = true;
            break;
          }
          const next = level[a]! + 1;
          let pushed = false;
          let r = ptr[a]!;
          const re = end[a]!;
          for (; r < re; r++) {
            for (let j = r * stride, je = j + stride; j < je; j++) {
              const b = choice[j]!;
              if (b >= 0 && level[b] === next) {
                stackPg[top] = pg[r]!;
                stackOsd[++top] = b;
                pushed = true;
                break;
              }
            }
            if (pushed) break;
          }
          ptr[a] = r;
          if (pushed) continue;
          level[a] = DEAD;
          if (top === 0) break;
          top--;
        }
        if (!found) break;
        for (let i = 0; i < top; i++) {
          assign[stackPg[i]!] = stackOsd[i + 1]!;
          moveHeld(held, stackPg[i]!, stackOsd[i]!, stackOsd[i + 1]!);
        }
        count[src]!--;
        count[stackOsd[top]!]!++;
      }
    }
  }
}
