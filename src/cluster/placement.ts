import type { PoolProbes } from './crush-probes.js';

/** Where every PG lives, as Ceph's OSDMap::pg_to_up_acting_osds computes it. */
export interface PgMapping {
  /** CRUSH output after upmaps (ITEM_NONE holes kept for erasure pools). */
  raw: number[];
  up: number[];
  /** -1 when no OSD is up. */
  upPrimary: number;
  acting: number[];
  actingPrimary: number;
}

export interface PoolPlacement {
  poolId: number;
  /** Indexed by placement seed (ps), 0 .. pg_num-1. */
  pgs: PgMapping[];
  /** Per PG, the OSDs whose reweight CRUSH read (when the mapping recorded them): a reweight remaps only those PGs. */
  probes?: PoolProbes;
}

export interface Placement {
  pools: Map<number, PoolPlacement>;
}
