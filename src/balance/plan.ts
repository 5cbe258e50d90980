import type { OsdMap } from '../cluster/osdmap.js';
import type { Placement } from '../cluster/placement.js';
import type { PrimaryOp } from './primary-op.js';

export type PoolPlanStatus =
  /** the pool is at the optimum after the plan (possibly with no change needed) */
  | 'balanced'
  /** better after the plan, not at the optimum because of the change budget */
  | 'budget-limited'
  /** not planned: an erasure-coded pool (the monitor refuses pg-upmap-primary for it) */
  | 'skipped';

export interface PoolPlan {
  poolId: number;
  poolName: string;
  status: PoolPlanStatus;
  /** Why a pool was skipped. */
  reason?: string;
  pgCount: number;
  /** OSDs that can lead at least one PG of the pool. */
  eligibleOsds: number;
  /** Acting primaries of the busiest OSD, before and after the plan. */
  maxBefore: number;
  maxAfter: number;
  /**
   * The smallest maximum any assignment can reach (the engine's exact optimum); null when not asked for
   * (PlanRequest.primaryOptimum false and the shares differ: a whole flow problem the watch daemon does not show).
   */
  optimum: number | null;
  /** Largest overload against the policy's desired shares, before and after, and the optimum. */
  overloadBefore: number;
  overloadAfter: number;
  overloadOptimum: number;
  /** Every OSD that can lead PGs of the pool has the same share (then overload and primaries tell the same). */
  equalShares: boolean;
  /** Balance ops in this pool (primary moves), and cleanup ops (entries removed without moving the primary). */
  moves: number;
  cleanups: number;
}

/** What a heat plan did to the measured read load (per OSD id arrays). */
export interface HeatFigures {
  /** What the heat measures (metric, window), e.g. "reads/s (ops) over 120 s, 3 samples". */
  label: string;
  /** weighted: the weighted engine; count: every PG had the same heat, the count engine's plan. */
  engine: 'weighted' | 'count';
  /** Desired read load per OSD (its policy share of each pool's heat). */
  target: Float64Array;
  loadBefore: Float64Array;
  loadAfter: Float64Array;
  /** Largest load − target, before and after. */
  maxBefore: number;
  maxAfter: number;
  /** The LP optimum (no assignment does better) and the best lower bound known (≥ LP). */
  lpBound: number;
  lowerBound: number;
  /** The heaviest PG: the guarantee is maxAfter ≤ lpBound + heaviest. */
  heaviest: number;
  /** maxAfter − lowerBound. */
  gap: number;
  /** The result is a proven optimum. */
  exact: boolean;
}

/** A plan: one typed list of operations, and what it does, derived from one snapshot. */
export interface Plan {
  /** The osdmap epoch and cluster fsid the plan was computed (and validated) for. */
  epoch: number;
  fsid: string;
  policy: string;
  /** How the policy set the shares, when there is something to say (e.g. scaled by primary affinity). */
  notes: string[];
  ops: PrimaryOp[];
  pools: PoolPlan[];
  /** balanced: nothing to do, every pool is at its optimum; improved: the plan brings them there; budget-limited. */
  status: 'balanced' | 'improved' | 'budget-limited';
  /** What the operator must do or know before running the commands. */
  warnings: string[];
  /** The snapshot with the plan applied, as loadshift predicts Ceph will map it. */
  osdmapAfter: OsdMap;
  placementAfter: Placement;
  /**
   * Set when the policy drains OSDs: the drained OSDs, the PGs that keep a drained primary because no other member
   * can lead them, and how many PGs a drained OSD still leads because the change budget ran out.
   */
  drain?: { osds: number[]; kept: Array<{ pgid: string; osd: number }>; pending: number };
  /** Set by the heat policy: the read load before and after, and the weighted engine's bound. */
  heat?: HeatFigures;
}
