import type { WeightedGraph } from './weighted-graph.js';

/**
 * Lenstra–Shmoys–Tardos rounding of a fractional assignment `x` (heat per PG choice slot, changed in place):
 * 1. cancel every cycle of the support graph of the split PGs (PG ↔ OSD edges with 0 < x): moving ε around an
 *    even cycle keeps every OSD's load and every PG's heat, and the smallest decreasing edge drops to 0;
 * 2. the support is then a forest whose leaves are OSDs (a split PG has ≥ 2 edges); rooted at an OSD, every split
 *    PG has a parent OSD and ≥ 1 child OSD and goes to a child; an OSD has at most one parent, so it gains at most
 *    one whole PG over its fractional load: load ≤ T + target + heaviest PG.
 * A PG whose heat sits on one OSD goes there; a PG without heat stays on its current primary.
 */
export function roundFractional(g: WeightedGraph, x: Float64Array): Int32Array {
  const assign = g.orig.slice();
  const split: number[] = [];
  for (let p = 0; p < g.pgCount; p++) {
    let on = -1;
    let count = 0;
    for (let k = g.choiceStart[p]!; k < g.choiceStart[p + 1]!; k++) {
      if (x[k]! > 0) {
        count++;
        on = g.choiceOsd[k]!;
      }
    }
    if (count === 1) assign[p] = on;
    else if (count > 1) split.push(p);
  }
  if (split.length === 0) return assign;
  const s = supportGraph(g, split);
  for (let pass = 0; pass < 64 && cancelCycles(s, x); pass++);
  forestRound(g, s, x, assign);
  return assign;
}

/** Nodes 0..m−1 are OSDs, m+i the i-th split PG; edges are choice slots. */
interface Support {
  m: number;
  split: number[];
  /** Adjacency per node (CSR): the slot of each edge. */
  adjStart: Int32Array;
  adjSlot: Int32Array;
  /** Per slot: its PG node and OSD node. */
  slotPgNode: Map<number, number>;
  choiceOsd: Int32Array;
}

function supportGraph(g: WeightedGraph, split: number[]): Support {
  const m = g.osdCount;
  const n = m + split.length;
  const deg = new Int32Array(n + 1);
  const slotPgNode = new Map<number, number>();
  split.forEach((p, i) => {
    for (let k = g.choiceStart[p]!; k < g.choiceStart[p + 1]!; k++) {
      deg[m + i + 1]!++;
      deg[g.choiceOsd[k]! + 1]!++;
      slotPgNode.set(k, m + i);
    }
  });
  for (let v = 0; v < n; v++) deg[v + 1]! += deg[v]!;
  const fill = deg.slice(0, n);
  const adjSlot = new Int32Array(deg[n]!);
  split.forEach((p, i) => {
    for (let k = g.choiceStart[p]!; k < g.choiceStart[p + 1]!; k++) {
      adjSlot[fill[m + i]!++] = k;
      adjSlot[fill[g.choiceOsd[k]!]!++] = k;
    }
  });
  return { m, split, adjStart: deg, adjSlot, slotPgNode, choiceOsd: g.choiceOsd };
}

const other = (s: Support, slot: number, v: number) => (v >= s.m ? s.choiceOsd[slot]! : s.slotPgNode.get(slot)!);

/** One DFS pass cancelling the cycles it meets; true when it cancelled any (another pass then checks again). */
function cancelCycles(s: Support, x: Float64Array): boolean {
  const n = s.adjStart.length - 1;
  const state = new Int8Array(n);
  const pos = new Int32Array(n);
  const stackPos = new Int32Array(n);
  const stackNode: number[] = [];
  const stackEdge: number[] = [];
  let cancelled = false;
  for (let root = 0; root < n; root++) {
    if (state[root] !== 0 || s.adjStart[root] === s.adjStart[root + 1]) continue;
    stackNode.push(root);
    stackEdge.push(-1);
    state[root] = 1;
    stackPos[root] = 0;
    pos[root] = s.adjStart[root]!;
    while (stackNode.length > 0) {
      const top = stackNode.length - 1;
      const u = stackNode[top]!;
      let e = -1;
      while (pos[u]! < s.adjStart[u + 1]!) {
        const k = s.adjSlot[pos[u]!]!;
        if (x[k]! > 0 && k !== stackEdge[top] && state[other(s, k, u)] !== 2) {
          e = k;
          break;
        }
        pos[u]!++;
      }
      if (e < 0) {
        state[u] = 2;
        stackNode.pop();
        stackEdge.pop();
        continue;
      }
      const v = other(s, e, u);
      if (state[v] === 0) {
        state[v] = 1;
        stackPos[v] = stackNode.length;
        pos[v] = s.adjStart[v]!;
        stackNode.push(v);
        stackEdge.push(e);
        continue;
      }
      // v is on the stack: the cycle is v → … → u → v; alternate + and − along it
      cancelled = true;
      const cycle = [...stackEdge.slice(stackPos[v]! + 1), e];
      let d = Infinity;
      for (let i = 1; i < cycle.length; i += 2) d = Math.min(d, x[cycle[i]!]!);
      for (let i = 0; i < cycle.length; i++) {
        const k = cycle[i]!;
        if (i % 2 === 0) x[k]! += d;
        else x[k] = x[k]! === d ? 0 : x[k]! - d;
      }
      let cut = -1;
      for (let j = stackPos[v]! + 1; j <= top; j++) {
        if (x[stackEdge[j]!]! <= 0) {
          cut = j;
          break;
        }
      }
      if (cut >= 0) {
        while (stackNode.length > cut) {
          state[stackNode.pop()!] = 0;
          stackEdge.pop();
        }
      }
    }
  }
  return cancelled;
}

/** Roots every tree of the (now acyclic) support at an OSD; each split PG goes to one of its child OSDs. */
function forestRound(g: WeightedGraph, s: Support, x: Float64Array, assign: Int32Array): void {
  const n = s.adjStart.length - 1;
  const seen = new Uint8Array(n);
  const queue = new Int32Array(n);
  const parentEdge = new Int32Array(n).fill(-1);
  for (let root = 0; root < s.m; root++) {
    if (seen[root] || s.adjStart[root] === s.adjStart[root + 1]) continue;
    seen[root] = 1;
    let qt = 0;
    queue[qt++] = root;
    for (let qh = 0; qh < qt; qh++) {
      const u = queue[qh]!;
      let best = -1;
      for (let a = s.adjStart[u]!; a < s.adjStart[u + 1]!; a++) {
        const k = s.adjSlot[a]!;
        if (!(x[k]! > 0) || k === parentEdge[u]) continue;
        const v = other(s, k, u);
        if (seen[v]) continue;
        seen[v] = 1;
        parentEdge[v] = k;
        queue[qt++] = v;
        if (u >= s.m) {
          // u is a split PG: its children are OSDs; prefer its current primary, then the largest part
          const p = s.split[u - s.m]!;
          if (best < 0 || v === g.orig[p] || (s.choiceOsd[best] !== g.orig[p] && x[k]! > x[best]!)) best = k;
        }
      }
      if (u >= s.m) {
        const p = s.split[u - s.m]!;
        // a PG with no child left (only possible if a cycle survived) stays with its parent
        assign[p] = best >= 0 ? s.choiceOsd[best]! : s.choiceOsd[parentEdge[u]!]!;
      }
    }
  }
}
