import type { EnginePool } from './engine-types.js';
import type { HeldIndex } from './held-index.js';

/**
 * One pool as typed arrays: PG → choices (CSR) and OSD → PGs having it as a choice (reverse CSR).
 * The residual graph of the assignment problem is implicit: OSD a → OSD b through PG p when p's primary is
 * currently a and b is one of p's choices.
 */
export interface PoolGraph {
  osdCount: number;
  pgCount: number;
  choiceStart: Int32Array;
  choiceOsd: Int32Array;
  revStart: Int32Array;
  revPg: Int32Array;
  /** Current (original) primary per PG. */
  orig: Int32Array;
  /** 1 for OSDs that appear in some PG's choices. */
  eligible: Uint8Array;
  desired: Float64Array;
  /** Buffers of the held index (held-index.ts), reused by every flow on this graph (flows on one graph never nest). */
  held: HeldIndex | null;
  /** The held index of `orig`, kept as built (copied into `held` when a flow starts from the original primaries). */
  heldOrig: HeldIndex | null;
}

export function buildPoolGraph(pool: EnginePool, osdCount: number): PoolGraph {
  const pgCount = pool.pgs.length;
  const choiceStart = new Int32Array(pgCount + 1);
  let total = 0;
  for (let p = 0; p < pgCount; p++) {
    total += pool.pgs[p]!.choices.length;
    choiceStart[p + 1] = total;
  }
  const choiceOsd = new Int32Array(total);
  const orig = new Int32Array(pgCount);
  const eligible = new Uint8Array(osdCount);
  const revStart = new Int32Array(osdCount + 1);
  for (let p = 0; p < pgCount; p++) {
    const pg = pool.pgs[p]!;
    if (pg.choices.length === 0) throw new Error(`PG ${pg.pgid} has no choices`);
    let k = choiceStart[p]!;
    let hasCurrent = false;
    for (let c = 0; c < pg.choices.length; c++) {
      const o = pg.choices[c]!;
      if (!Number.isInteger(o) || o < 0 || o >= osdCount) throw new Error(`PG ${pg.pgid}: OSD ${o} out of range`);
      if (o === pg.current) hasCurrent = true;
      choiceOsd[k++] = o;
      eligible[o] = 1;
      revStart[o + 1]!++;
    }
    if (!hasCurrent) throw new Error(`PG ${pg.pgid}: current primary ${pg.current} is not among its choices`);
    orig[p] = pg.current;
  }
  for (let o = 0; o < osdCount; o++) revStart[o + 1]! += revStart[o]!;
  const fill = revStart.slice(0, osdCount);
  const revPg = new Int32Array(total);
  for (let p = 0; p < pgCount; p++) {
    for (let k = choiceStart[p]!; k < choiceStart[p + 1]!; k++) revPg[fill[choiceOsd[k]!]!++] = p;
  }
  const desired = new Float64Array(osdCount);
  desired.set(pool.desired.subarray(0, osdCount));
  return {
    osdCount,
    pgCount,
    choiceStart,
    choiceOsd,
    revStart,
    revPg,
    orig,
    eligible,
    desired,
    held: null,
    heldOrig: null,
  };
}

/** Primaries per OSD of an assignment. */
export function countPrimaries(g: PoolGraph, assign: Int32Array): Int32Array {
  const count = new Int32Array(g.osdCount);
  for (let p = 0; p < g.pgCount; p++) count[assign[p]!]!++;
  return count;
}
