/**
 * A loadshift snapshot (the `--from` format of `loadshift gather`) around dumps that were made, not gathered:
 * `loadshift generate` and `loadshift whatif`. No pg dump, no counters; the notes say where it came from.
 */
import { SNAPSHOT_FORMAT, SNAPSHOT_VERSION, type Snapshot } from './snapshot-file.js';

type Obj = Record<string, unknown>;

/** `ceph osd pool ls detail -f json`: the osd dump's pools with `pool_id` for `pool`. */
export function poolLsDetail(osdDump: Obj): unknown[] {
  const pools = Array.isArray(osdDump.pools) ? (osdDump.pools as Obj[]) : [];
  return pools.map(({ pool, ...rest }) => ({ pool_id: pool, ...rest }));
}

export function syntheticSnapshot(osdDump: Obj, crushDump: Obj, stamp: string, notes: string[]): Snapshot {
  return {
    format: SNAPSHOT_FORMAT,
    version: SNAPSHOT_VERSION,
    fsid: String(osdDump.fsid),
    epoch: Number(osdDump.epoch),
    gathered_at: stamp,
    gather_ms: 0,
    transport: 'none',
    osd_dump: osdDump,
    osd_crush_dump: crushDump,
    pool_ls_detail: poolLsDetail(osdDump),
    pg_dump: {},
    features: null,
    health_detail: null,
    status: null,
    balancer_status: null,
    osd_perf: {},
    notes,
  };
}
