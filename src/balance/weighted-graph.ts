/**
 * The weighted assignment problem as typed arrays: every PG (of every planned pool) with its read heat, the OSDs that
 * can lead it (CSR) and the reverse lists; each OSD's desired read load (`target`). One instance spans all pools,
 * because an OSD serves the reads of every pool it leads PGs of.
 */

export interface WeightedPg {
  pgid: string;
  /** OSDs that can lead it (each reachable by one op), including `current`. */
  choices: readonly number[];
  current: number;
  /** Read heat (reads/s, bytes/s or the mix); ≥ 0. */
  heat: number;
}

export interface WeightedInput {
  osdCount: number;
  pgs: readonly WeightedPg[];
  /** Desired read load per OSD id (same unit as heat); the engine minimises max over OSDs of (load − target). */
  target: Float64Array;
}

export interface WeightedGraph {
  osdCount: number;
  pgCount: number;
  choiceStart: Int32Array;
  choiceOsd: Int32Array;
  /** Reverse CSR: for OSD o, entries revStart[o]..revStart[o+1] give a PG (revPg) and its choice slot (revSlot). */
  revStart: Int32Array;
  revPg: Int32Array;
  revSlot: Int32Array;
  heat: Float64Array;
  orig: Int32Array;
  target: Float64Array;
  eligible: Uint8Array;
}

export function buildWeightedGraph(input: WeightedInput): WeightedGraph {
  const { osdCount, pgs } = input;
  const pgCount = pgs.length;
  const choiceStart = new Int32Array(pgCount + 1);
  for (let p = 0; p < pgCount; p++) choiceStart[p + 1] = choiceStart[p]! + pgs[p]!.choices.length;
  const total = choiceStart[pgCount]!;
  const choiceOsd = new Int32Array(total);
  const heat = new Float64Array(pgCount);
  const orig = new Int32Array(pgCount);
  const eligible = new Uint8Array(osdCount);
  const revStart = new Int32Array(osdCount + 1);
  for (let p = 0; p < pgCount; p++) {
    const pg = pgs[p]!;
    if (!(pg.heat >= 0) || !Number.isFinite(pg.heat)) throw new Error(`PG ${pg.pgid}: heat ${pg.heat} is not ≥ 0`);
    let k = choiceStart[p]!;
    let hasCurrent = false;
    for (const o of pg.choices) {
      if (!Number.isInteger(o) || o < 0 || o >= osdCount) throw new Error(`PG ${pg.pgid}: OSD ${o} out of range`);
      if (o === pg.current) hasCurrent = true;
      choiceOsd[k++] = o;
      eligible[o] = 1;
      revStart[o + 1]!++;
    }
    if (!hasCurrent) throw new Error(`PG ${pg.pgid}: current primary ${pg.current} is not among its choices`);
    heat[p] = pg.heat;
    orig[p] = pg.current;
  }
  for (let o = 0; o < osdCount; o++) revStart[o + 1]! += revStart[o]!;
  const fill = revStart.slice(0, osdCount);
  const revPg = new Int32Array(total);
  const revSlot = new Int32Array(total);
  for (let p = 0; p < pgCount; p++) {
    for (let k = choiceStart[p]!; k < choiceStart[p + 1]!; k++) {
      const r = fill[choiceOsd[k]!]!++;
      revPg[r] = p;
      revSlot[r] = k;
    }
  }
  const target = new Float64Array(osdCount);
  target.set(input.target.subarray(0, osdCount));
  return { osdCount, pgCount, choiceStart, choiceOsd, revStart, revPg, revSlot, heat, orig, target, eligible };
}

/** Read load per OSD of an integral assignment. */
export function loadOf(g: WeightedGraph, assign: Int32Array): Float64Array {
  const load = new Float64Array(g.osdCount);
  for (let p = 0; p < g.pgCount; p++) load[assign[p]!]! += g.heat[p]!;
  return load;
}

/** max over eligible OSDs of (load − target): the objective. */
export function maxOverloadOf(g: WeightedGraph, load: Float64Array): number {
  let m = -Infinity;
  for (let o = 0; o < g.osdCount; o++) if (g.eligible[o]) m = Math.max(m, load[o]! - g.target[o]!);
  return m === -Infinity ? 0 : m;
}

/** PGs whose primary in `assign` differs from the current one. */
export function changesOf(g: WeightedGraph, assign: Int32Array): number {
  let n = 0;
  for (let p = 0; p < g.pgCount; p++) if (assign[p] !== g.orig[p]) n++;
  return n;
}
