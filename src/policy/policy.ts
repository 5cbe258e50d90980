import type { OsdMap, Pool } from '../cluster/osdmap.js';
import type { PoolPlacement } from '../cluster/placement.js';

/** What a policy sees of one pool when it says what it wants. */
export interface PolicyContext {
  osdmap: OsdMap;
  pool: Pool;
  placement: PoolPlacement;
  /** 1 for every OSD that can be the primary of at least one PG of the pool (reachable by pg-upmap-primary). */
  eligible: Uint8Array;
  /** Number of PGs the engine balances (the pool's pg_num). */
  pgCount: number;
}

/**
 * A policy says what is desired: for one pool, each OSD's target number of primaries
 * (a Float64Array indexed by OSD id that sums to the pool's PG count over eligible OSDs).
 */
export interface Policy {
  name: string;
  describe: string;
  /**
   * True when the shares already weigh each OSD's primary affinity (Ceph's own formula does): whoever adds the
   * affinity scaling (affinity-shares.ts) leaves such a policy as it is.
   */
  weighsAffinity: boolean;
  desired(ctx: PolicyContext): Float64Array;
  /**
   * OSDs that must lead no PG that has another possible primary (a policy file's `drain`): the plan builder drops
   * them from each PG's choices, a PG with no other choice keeps its primary and the plan lists it. A hard
   * constraint, unlike a share of 0, which the engine may trade off.
   */
  drained?: readonly number[];
  /** One line for the plan's text on how the shares were set, when there is something to say for this map. */
  note?(osdmap: OsdMap): string | undefined;
}
