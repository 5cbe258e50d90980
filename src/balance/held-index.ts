import type { PoolGraph } from './flow-graph.js';
import { fillHeldWasm } from './flow-wasm.js';

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
  /** What moved since the index was at the graph's original primaries (null: not derived from them). */
  journal: HeldJournal | null;
}

/** Builds the index of `assign` in the graph's buffers (g.held): any index built before on `g` is void afterwards. */
export function heldIndex(g: PoolGraph, assign: Int32Array): HeldIndex {
  const { choiceStart, pgCount, osdCount } = g;
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
          journal: null,
        };
  g.held = h;
  const fromOrig = sameAssign(assign, g.orig);
  const o = g.heldOrig;
  if (fromOrig && o !== null && o.stride === stride) {
    // most flows start from the original primaries: undo the moves made since the index was last at `orig`
    // (cheap when few PGs moved), or copy the index built once for it
    if (h.journal === null || !undoJournal(h, o)) {
      h.end.set(o.end);
      h.pg.set(o.pg);
      h.home.set(o.home);
      h.choice.set(o.choice);
      h.pos.set(o.pos);
    }
    h.journal = newJournal(osdCount, pgCount);
    return h;
  }
  fill(g, assign, h);
  h.journal = null;
  if (fromOrig) {
    const { end, pg, home, choice, pos } = h;
    g.heldOrig = {
      stride,
      start,
      end: end.slice(),
      pg: pg.slice(),
      home: home.slice(),
      choice: choice.slice(),
      pos: pos.slice(),
      journal: null,
    };
    h.journal = newJournal(osdCount, pgCount);
  }
  return h;
}

/** OSDs whose segments moves touched since the index was at the original primaries, and how many moves. */
export interface HeldJournal {
  osds: number[];
  osdSeen: Uint8Array;
  moves: number;
  /** Past this many moves, copying the whole index back is as cheap (the journal stops counting). */
  limit: number;
}

function newJournal(osdCount: number, pgCount: number): HeldJournal {
  return { osds: [], osdSeen: new Uint8Array(osdCount), moves: 0, limit: Math.max(64, pgCount >> 5) };
}

/**
 * Restores the touched OSDs' segments from `o`, and the slot of every PG that started in one of them (a PG whose
 * slot changed was moved out of, or swapped within, a touched segment); false when the journal overflowed.
 */
function undoJournal(h: HeldIndex, o: HeldIndex): boolean {
  const j = h.journal!;
  if (j.moves > j.limit) return false;
  const { stride } = h;
  for (const osd of j.osds) {
    const from = h.start[osd]!;
    const to = Math.max(h.end[osd]!, o.end[osd]!);
    h.pg.set(o.pg.subarray(from, to), from);
    h.home.set(o.home.subarray(from, to), from);
    h.choice.set(o.choice.subarray(from * stride, to * stride), from * stride);
    h.end[osd] = o.end[osd]!;
    for (let r = from; r < o.end[osd]!; r++) h.pos[o.pg[r]!] = r;
  }
  return true;
}

function note(j: HeldJournal, from: number, to: number): void {
  if (++j.moves > j.limit) return;
  if (!j.osdSeen[from]) {
    j.osdSeen[from] = 1;
    j.osds.push(from);
  }
  if (!j.osdSeen[to]) {
    j.osdSeen[to] = 1;
    j.osds.push(to);
  }
}

function sameAssign(a: Int32Array, b: Int32Array): boolean {
  if (a === b) return true;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function fill(g: PoolGraph, assign: Int32Array, h: HeldIndex): void {
  if (fillHeldWasm(g, assign, h)) return;
  const { choiceStart, choiceOsd, orig, pgCount } = g;
  const { stride, start, end, pg, home, choice, pos } = h;
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
}

/** Moves PG p (now held by `from`) to `to`. */
export function moveHeld(h: HeldIndex, p: number, from: number, to: number): void {
  const { stride, end, pg, home, choice, pos } = h;
  if (h.journal !== null) note(h.journal, from, to);
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
