import type { PoolGraph } from './flow-graph.js';

/**
 * PGs grouped by their current primary, kept exact as PGs move (no rebuild per round), laid out for the hot loops:
 * OSD o's PGs sit in slots [start[o], end[o]) of a segment sized for every PG that has o as a choice, and each slot
 * carries the PG, its home (original primary) and its choices inline (`stride` per slot, -1 padded), so scanning an
 * OSD's out-arcs reads memory sequentially instead of chasing PG ids through four PG-indexed arrays.
 * A move swaps the last PG of the old segment into the freed slot: a scan standing on the moved PG's slot (the
 * current-arc pointer of a DFS) goes on with a PG it has not seen yet.
 */
export interface HeldIndex {
  stride: number;
  start: Int32Array;
  end: Int32Array;
  pg: Int32Array;
  home: Int32Array;
  choice: Int32Array;
  /** Slot of each PG. */
  pos: Int32Array;
}

/** Builds the index of `assign` in the graph's buffers (g.held): any index built before on `g` is void afterwards. */
export function heldIndex(g: PoolGraph, assign: Int32Array): HeldIndex {
  const { choiceStart, choiceOsd, orig, pgCount, osdCount } = g;
  let stride = 1;
  for (let p = 0; p < pgCount; p++) stride = Math.max(stride, choiceStart[p + 1]! - choiceStart[p]!);
  const slots = g.revStart[osdCount]!;
  const start = g.revStart.subarray(0, osdCount);
  const h: HeldIndex =
    g.held !== null && g.held.stride === stride
      ? g.held
      : {
          stride,
          start,
          end: new Int32Array(osdCount),
          pg: new Int32Array(slots),
          home: new Int32Array(slots),
          choice: new Int32Array(slots * stride),
          pos: new Int32Array(pgCount),
        };
  g.held = h;
  const { end, pg, home, choice, pos } = h;
  end.set(start);
  for (let p = 0; p < pgCount; p++) {
    const r = end[assign[p]!]!++;
    pg[r] = p;
    home[r] = orig[p]!;
    pos[p] = r;
    let j = r * stride;
    for (let k = choiceStart[p]!; k < choiceStart[p + 1]!; k++) choice[j++] = choiceOsd[k]!;
    for (const je = (r + 1) * stride; j < je; j++) choice[j] = -1;
  }
  return h;
}

/** Moves PG p (now held by `from`) to `to`. */
export function moveHeld(h: HeldIndex, p: number, from: number, to: number): void {
  const { stride, end, pg, home, choice, pos } = h;
  const i = pos[p]!;
  const j = end[to]!++;
  pg[j] = p;
  home[j] = home[i]!;
  pos[p] = j;
  for (let k = 0; k < stride; k++) choice[j * stride + k] = choice[i * stride + k]!;
  const last = --end[from]!;
  if (i !== last) {
    const q = pg[last]!;
    pg[i] = q;
    home[i] = home[last]!;
    pos[q] = i;
    for (let k = 0; k < stride; k++) choice[i * stride + k] = choice[last * stride + k]!;
  }
}
