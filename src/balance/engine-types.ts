/**
 * Types of the balancing engine: pure data in, pure data out. The engine chooses, for every PG, which OSD of its
 * acting set is the primary (the OSD that serves all its reads).
 */

export interface EnginePg {
  pgid: string;
  /** OSDs this PG's primary can be (already deduplicated, each reachable by one op); includes `current`. */
  choices: number[];
  /** Its current acting primary (reads go there now). */
  current: number;
}

export interface EnginePool {
  poolId: number;
  pgs: EnginePg[];
  /**
   * Desired number of primaries per OSD id (indexed by OSD id, length = osdCount); sums to pgs.length over the OSDs
   * that appear in choices. Comes from a policy.
   */
  desired: Float64Array;
}

export interface EngineInput {
  osdCount: number;
  pools: EnginePool[];
  /** Host (or failure-domain bucket) index per OSD id, -1 unknown; for cross-pool host balance. */
  hostOf: Int32Array;
  /** Optional global cap on the number of PGs whose primary changes. */
  maxChanges?: number;
}

/**
 * - `unchanged`: nothing to do, the current primaries are already optimal (no changes).
 * - `balanced`: the optimum (level 1 and 2) is reached with at least one change.
 * - `budget-limited`: `maxChanges` kept the pool above its optimum (it may still have improved).
 */
export type PoolStatus = 'balanced' | 'unchanged' | 'budget-limited';

/** The objective figures of one assignment of a pool (see pool-figures.ts). */
export interface PoolFigures {
  /** max over eligible OSDs of (primaries − desired). */
  maxOverload: number;
  /** Number of eligible OSDs whose overload equals maxOverload (within EPS). */
  atMax: number;
  /** PGs whose primary differs from the current one. */
  changes: number;
}

export interface PoolResult {
  poolId: number;
  /** Chosen primary per PG, aligned with `pool.pgs`. */
  chosen: Int32Array;
  before: PoolFigures;
  after: PoolFigures;
  /** The min-max overload attainable with unlimited changes (the true optimum, also the lower bound). */
  optimum: number;
  /** The fewest OSDs at `optimum` any optimal assignment has (level 2 optimum). */
  optimumAtMax: number;
  status: PoolStatus;
}

/** Level 4: primaries − desired summed over pools, per OSD and per host (Σ over its OSDs); the largest of each. */
export interface CrossPoolFigures {
  maxOsdOverload: number;
  maxHostOverload: number;
}

export interface EngineResult {
  pools: PoolResult[];
  crossPool: { before: CrossPoolFigures; after: CrossPoolFigures };
  /** Sum of `after.changes` over pools. */
  changes: number;
  /** Per OSD: primaries summed over pools, before and after. */
  osdPrimariesBefore: Int32Array;
  osdPrimariesAfter: Int32Array;
}

/** Tolerance for comparing overloads (counts minus float shares). */
export const EPS = 1e-7;
