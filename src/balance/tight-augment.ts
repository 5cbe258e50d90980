import { moveHeld, type HeldIndex } from './held-index.js';
import { sinkCost, type FlowState } from './flow-state.js';

/** Work arrays for augmentTight. */
export interface TightScratch {
  level: Int32Array;
  queue: Int32Array;
  ptr: Int32Array;
  stackOsd: Int32Array;
  stackPg: Int32Array;
  /** Number of sources at the head of `queue` after the last layering. */
  sources: number;
}

export function tightScratch(m: number): TightScratch {
  return {
    level: new Int32Array(m),
    queue: new Int32Array(m),
    ptr: new Int32Array(m),
    stackOsd: new Int32Array(m + 1),
    stackPg: new Int32Array(m + 1),
    sources: 0,
  };
}

const DEAD = -2;

/**
 * OSD a's next sink unit is tight (zero reduced cost). A module-level function, not a closure made per call: a new
 * closure per call makes the optimised augmentTight deoptimise on its next call ("wrong call target").
 */
function tightSink(s: FlowState, a: number): boolean {
  const sc = sinkCost(s, a);
  return sc !== Infinity && sc + s.pi[a]! - s.piT === 0;
}

/**
 * Max-flow (Dinic) restricted to the admissible graph: arcs of zero reduced cost under the current potentials, from
 * sources S→a (excess, π_a = 0) to OSDs whose next sink unit is tight. Layering by hop count keeps the graph acyclic
 * even though zero-cost cycles exist. The BFS layers the whole reachable graph (not only up to the nearest sink) and
 * the DFS stops at any tight sink on its way, so one round routes paths of several lengths (near-saturated pools need
 * long paths: far fewer rounds). Every path found is a shortest path, so optimality is kept. Out-arcs are scanned
 * from the live held index (held-index.ts), moved along with each PG. Returns the number of units routed; stops early
 * when the cost exceeds `limit`.
 * (Layering, path search and path application are separate small functions: V8 optimises each on its own, sooner
 * and more cheaply than one large function, which matters for a one-shot CLI run.)
 */
export function augmentTight(s: FlowState, w: TightScratch, held: HeldIndex, limit: number): number {
  const { excess } = s;
  const { level, queue, ptr } = w;
  let routed = 0;
  for (;;) {
    const reached = layerTight(s, w, held);
    if (reached < 0) return routed;
    const sources = w.sources;
    for (let i = 0; i < reached; i++) ptr[queue[i]!] = held.start[queue[i]!]!;
    let phaseRouted = 0;
    for (let si = 0; si < sources; si++) {
      const src = queue[si]!;
      while (excess[src]! > 0 && level[src] === 0) {
        const top = tightPath(s, w, held, src);
        if (top < 0) break;
        routePath(s, w, held, src, top);
        routed++;
        phaseRouted++;
        if (s.cost > limit) return routed;
      }
    }
    if (phaseRouted === 0 || s.totalExcess === 0) return routed;
  }
}

/**
 * BFS layers of the admissible graph from every source (excess, π = 0) into w.level / w.queue (the first
 * w.sources entries are the sources). Returns how many OSDs were reached, or -1 when no tight sink was.
 */
function layerTight(s: FlowState, w: TightScratch, held: HeldIndex): number {
  const { excess, pi } = s;
  const { start, end: heldEnd, home: homeOf, choice, stride } = held;
  const { level, queue } = w;
  const m = s.g.osdCount;
  level.fill(-1);
  let qt = 0;
  let anySink = false;
  for (let o = 0; o < m; o++) {
    if (excess[o]! > 0 && pi[o] === 0) {
      level[o] = 0;
      queue[qt++] = o;
      if (!anySink && tightSink(s, o)) anySink = true;
    }
  }
  w.sources = qt;
  for (let qh = 0; qh < qt; qh++) {
    const a = queue[qh]!;
    const la = level[a]!;
    const pa = pi[a]!;
    for (let r = start[a]!, re = heldEnd[a]!; r < re; r++) {
      const home = homeOf[r]!;
      const base = pa + (a === home ? 0 : -1);
      for (let j = r * stride, je = j + stride; j < je; j++) {
        const b = choice[j]!;
        if (b < 0 || level[b] !== -1 || base + (b === home ? 0 : 1) - pi[b]! !== 0) continue;
        level[b] = la + 1;
        queue[qt++] = b;
        if (!anySink && tightSink(s, b)) anySink = true;
      }
    }
  }
  return anySink ? qt : -1;
}

/**
 * DFS along the layers from `src` to the first tight sink, with Dinic's current-arc pointers (dead ends are marked
 * and never revisited in this round). Fills w.stackOsd[0..top] and w.stackPg[0..top-1]; returns top, or -1.
 */
function tightPath(s: FlowState, w: TightScratch, held: HeldIndex, src: number): number {
  const { pi } = s;
  const { end: heldEnd, pg, home: homeOf, choice, stride } = held;
  const { level, ptr, stackOsd, stackPg } = w;
  let top = 0;
  stackOsd[0] = src;
  for (;;) {
    const a = stackOsd[top]!;
    if (tightSink(s, a)) return top;
    const next = level[a]! + 1;
    const pa = pi[a]!;
    let pushed = false;
    let r = ptr[a]!;
    for (const re = heldEnd[a]!; r < re; r++) {
      const home = homeOf[r]!;
      const base = pa + (a === home ? 0 : -1);
      for (let j = r * stride, je = j + stride; j < je; j++) {
        const b = choice[j]!;
        if (b >= 0 && level[b] === next && base + (b === home ? 0 : 1) - pi[b]! === 0) {
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

/** Moves one unit along the path found by tightPath: each PG to the next OSD, the cost and the sink's load. */
function routePath(s: FlowState, w: TightScratch, held: HeldIndex, src: number, top: number): void {
  const { assign, excess, load } = s;
  const { orig } = s.g;
  const { stackOsd, stackPg } = w;
  const end = stackOsd[top]!;
  s.cost += sinkCost(s, end);
  for (let i = 0; i < top; i++) {
    const p = stackPg[i]!;
    s.cost += (stackOsd[i + 1] === orig[p] ? 0 : 1) - (stackOsd[i] === orig[p] ? 0 : 1);
    assign[p] = stackOsd[i + 1]!;
    moveHeld(held, p, stackOsd[i]!, stackOsd[i + 1]!);
  }
  excess[src]!--;
  load[end]!++;
  s.totalExcess--;
}
