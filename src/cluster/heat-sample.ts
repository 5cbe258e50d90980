/** One measurement of the per-PG read counters (from a `gather` snapshot or a `ceph pg dump pgs -f json`). */
export interface PgReadCounters {
  /** Cumulative client reads and KiB read since the PG's counters last restarted. */
  numRead: number;
  numReadKb: number;
  actingPrimary: number;
  /** When the primary reported these stats (`last_fresh`, ms since the epoch), if known. */
  freshMs?: number;
  /** When the PG last became active (`last_became_active`, ms): its counters restart then (a new interval). */
  becameActiveMs?: number;
}

export interface HeatSample {
  /** The file it came from (for messages). */
  source: string;
  /** The cluster's fsid when the file says it (gather snapshots), else undefined. */
  fsid: string | undefined;
  /** When it was taken (ms since the epoch). */
  timeMs: number;
  /** pg_num per pool id, as the sample saw it. */
  pgNum: Map<number, number>;
  pgs: Map<string, PgReadCounters>;
}

export type HeatMetric = 'ops' | 'bytes' | 'mix';
