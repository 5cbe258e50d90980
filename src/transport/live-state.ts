import type { JsonDocument } from '../ceph/read-json.js';
import { parseBalancerStatus, type BalancerStatus } from '../ceph/read-balancer-status.js';
import { parseFeatures, type FeatureGroup } from '../ceph/read-features.js';
import { parsePgDump, type PgStatus } from '../ceph/read-pg-dump.js';
import { type Snapshot, snapshotDocuments } from '../ceph/snapshot-file.js';
import type { OsdMap } from '../cluster/osdmap.js';
import type { Placement } from '../cluster/placement.js';
import type { CrushMap } from '../crush/types.js';
import { gatherSnapshot } from './gather-snapshot.js';
import type { CephTransport } from './transport.js';

/** Maps every PG of a snapshot (the CLI passes its multi-threaded mapper). */
export type MapCluster = (docs: { osdmap: JsonDocument; crush: JsonDocument }) => Promise<{
  osdmap: OsdMap;
  crush: CrushMap;
  placement: Placement;
}>;

/** The current state apply and revert decide on: one consistent gather (no OSD counters), mapped by the model. */
export interface LiveState {
  snapshot: Snapshot;
  osdmap: OsdMap;
  crush: CrushMap;
  placement: Placement;
  pgs: Map<string, PgStatus>;
  features: FeatureGroup[] | undefined;
  balancer: BalancerStatus | undefined;
}

export async function readLiveState(t: CephTransport, map: MapCluster): Promise<LiveState> {
  const snapshot = await gatherSnapshot(t, { osdCounters: 'none', pgDump: 'pgs_brief', full: true });
  const src = `cluster ${snapshot.fsid}`;
  const { osdmap, crush, placement } = await map(snapshotDocuments(snapshot, src));
  return {
    snapshot,
    osdmap,
    crush,
    placement,
    pgs: parsePgDump(snapshot.pg_dump, `${src} (pg dump)`),
    features: snapshot.features ? parseFeatures(snapshot.features, `${src} (features)`) : undefined,
    balancer: parseBalancerStatus(snapshot.balancer_status),
  };
}
