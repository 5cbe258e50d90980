import type { PoolGraph } from './flow-graph.js';
import { routeExcessWasm } from './flow-wasm.js';
import { type HeldIndex, heldIndex, moveHeld } from './held-index.js';

/** Reusable work arrays for routeExcess (one per pool graph). */
export interface FlowScratch {
  level: Int32Array;
  queue: Int32Array;
  ptr: Int32Array;
  stackOsd: Int32Array;
  stackPg: Int32Array;
  /** Number of sources at the head of `queue` after the last layering. */
  sources: number;
}

export function flowScratch(osdCount: number): FlowScratch {
  return {
    level: new Int32Array(osdCount),
    queue: new Int32Array(osdCount),
    ptr: new Int32Array(osdCount),
    stackOsd: new Int32Array(osdCount + 1),
    stackPg: new Int32Array(osdCount + 1),
    sources: 0,
  };
}

const DEAD = -2;

/**
 * Dinic's max-flow on the implicit OSD graph: moves primaries (along alternating paths a →p→ b →q→ c …) until no OSD
 * holds more than cap_o, changing `assign` and `count` in place. Returns true when that succeeded; otherwise the OSDs
 * with `scratch.level[o] >= 0` are the set R reachable from the remaining excess: every PG whose primary is in R has
 * all its choices in R, and R holds more primaries than its capacity (a Hall violator, used as a lower bound).
 * Each round layers the whole reachable graph by BFS and the DFS stops at any OSD below its cap (fewer rounds than
 * stopping at the nearest level when paths are long). Runs on WebAssembly where it can (flow-wasm.ts: same result).
 * `heldReady`: the graph's held index (g.held) already mirrors
 * `assign` (a retry from the assignment the previous call left), so it is not rebuilt.
 */
export function routeExcess(
  g: PoolGraph,
  assign: Int32Array,
  count: Int32Array,
  cap: Int32Array,
  s: FlowScratch,
  heldReady = false,
): boolean {
  const { queue, ptr } = s;
  const held = heldReady && g.held !== null ? g.held : heldIndex(g, assign);
  const done = routeExcessWasm(g, assign, count, cap, s, held);
  if (done !== null) return done;
  for (;;) {
    const reached = layerExcess(g, count, cap, s, held);
    if (reached === 0) return true;
    if (reached < 0) return false;
    for (let i = 0; i < reached; i++) ptr[queue[i]!] = held.start[queue[i]!]!;
    for (let si = 0; si < s.sources; si++) {
      const src = queue[si]!;
      while (count[src]! > cap[src]!) {
        const top = excessPath(count, cap, s, held, src);
        if (top < 0) break;
        const { stackOsd, stackPg } = s;
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

/**
 * BFS layers from every OSD above its cap (the sources, first s.sources entries of s.queue). Returns 0 when there is
 * none, -1 when no OSD below its cap is reachable, else the number of OSDs reached.
 * (Layering and path search are separate small functions so that V8 optimises each early: see tight-augment.ts.)
 */
function layerExcess(g: PoolGraph, count: Int32Array, cap: Int32Array, s: FlowScratch, held: HeldIndex): number {
  const { level, queue } = s;
  const { start, end, choice, stride } = held;
  const m = g.osdCount;
  level.fill(-1);
  let qt = 0;
  for (let o = 0; o < m; o++) {
    if (count[o]! > cap[o]!) {
      level[o] = 0;
      queue[qt++] = o;
    }
  }
  s.sources = qt;
  if (qt === 0) return 0;
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
  return anySink ? qt : -1;
}

/** DFS along the layers from `src` to any OSD below its cap; fills s.stackOsd/s.stackPg, returns top or -1. */
function excessPath(count: Int32Array, cap: Int32Array, s: FlowScratch, held: HeldIndex, src: number): number {
  const { level, ptr, stackOsd, stackPg } = s;
  const { end, pg, choice, stride } = held;
  let top = 0;
  stackOsd[0] = src;
  for (;;) {
    const a = stackOsd[top]!;
    if (top > 0 && count[a]! < cap[a]!) return top;
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
    if (top === 0) return -1;
    top--;
  }
}
