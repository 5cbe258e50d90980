import { SNAPSHOT_FORMAT, SNAPSHOT_VERSION, type OsdReadCounters, type Snapshot } from '../ceph/snapshot-file.js';
import { clusterError } from '../errors.js';
import { cephJson } from './ceph-json.js';
import type { CephTransport } from './transport.js';

export interface GatherOptions {
  /** Per-OSD read counters: every up OSD, none, or these ids ('auto': all up to `autoLimit` up OSDs, else none). */
  osdCounters: 'auto' | 'all' | 'none' | number[];
  /** `pgs` has per-PG read/write stats; `pgs_brief` only states and sets (smaller: for apply's checks). */
  pgDump: 'pgs' | 'pgs_brief';
  /** Also health detail, status, features and balancer status (default true). */
  full?: boolean;
  /** Attempts when the osdmap moves during the gather (default 3). */
  attempts?: number;
}

const AUTO_LIMIT = 200;
const COUNTERS = ['op_r', 'op_r_out_bytes', 'op_r_latency', 'op_r_process_latency'] as const;

type Obj = Record<string, unknown>;

/**
 * One consistent snapshot: the osdmap epoch is read first (osd dump) and last (osd stat); everything between is
 * sent at once (concurrently); when the epoch moved, it starts again, then gives up with a clear error.
 * Cost: 8 mon/mgr commands, plus one OSD command per OSD whose counters are asked for.
 */
export async function gatherSnapshot(t: CephTransport, o: GatherOptions): Promise<Snapshot> {
  const attempts = o.attempts ?? 3;
  const epochs: string[] = [];
  for (let i = 0; i < attempts; i++) {
    const t0 = Date.now();
    const s = await gatherOnce(t, o);
    const after = (await cephJson(t, 'mon', { prefix: 'osd stat' })) as { epoch?: number };
    const statusEpoch = ((s.status?.osdmap as Obj | undefined)?.epoch as number | undefined) ?? s.epoch;
    if (after.epoch === s.epoch && statusEpoch === s.epoch) return { ...s, gather_ms: Date.now() - t0 };
    epochs.push(`e${s.epoch}->e${after.epoch}`);
  }
  throw clusterError(
    'gather',
    `the osdmap changed during every attempt (${epochs.join(', ')}); retry when the cluster is not changing its map`,
  );
}

async function gatherOnce(t: CephTransport, o: GatherOptions): Promise<Omit<Snapshot, 'gather_ms'>> {
  const osdDump = (await cephJson(t, 'mon', { prefix: 'osd dump' })) as Obj;
  const epoch = osdDump.epoch as number;
  const notes: string[] = [];
  const full = o.full !== false;
  const optional = (p: Promise<unknown>, what: string): Promise<Obj | null> =>
    p.then(
      (v) => v as Obj,
      (e: Error) => {
        notes.push(`${what}: ${e.message}`);
        return null;
      },
    );
  const upOsds = ((osdDump.osds as Obj[] | undefined) ?? []).filter((x) => x.up === 1).map((x) => x.osd as number);
  let ids: number[] = [];
  if (o.osdCounters === 'all') ids = upOsds;
  else if (Array.isArray(o.osdCounters)) ids = o.osdCounters.filter((id) => upOsds.includes(id));
  else if (o.osdCounters === 'auto') {
    if (upOsds.length <= AUTO_LIMIT) ids = upOsds;
    else notes.push(`osd_perf: not gathered (${upOsds.length} up OSDs > ${AUTO_LIMIT}); use --osd-counters`);
  }
  const [crush, pools, pgDump, features, health, status, balancer, perf] = await Promise.all([
    cephJson(t, 'mon', { prefix: 'osd crush dump' }),
    cephJson(t, 'mon', { prefix: 'osd pool ls', detail: 'detail' }),
    cephJson(t, 'mon', { prefix: 'pg dump', dumpcontents: [o.pgDump] }),
    full ? optional(cephJson(t, 'mon', { prefix: 'features' }), 'features') : null,
    full ? optional(cephJson(t, 'mon', { prefix: 'health', detail: 'detail' }), 'health detail') : null,
    full ? optional(cephJson(t, 'mon', { prefix: 'status' }), 'status') : null,
    full ? optional(cephJson(t, 'mgr', { prefix: 'balancer status' }), 'balancer status') : null,
    Promise.all(
      ids.map((id) => optional(cephJson(t, { osd: id }, { prefix: 'perf dump', logger: 'osd' }), `osd.${id}`)),
    ),
  ]);
  const osdPerf: Record<string, OsdReadCounters> = {};
  ids.forEach((id, i) => {
    const osd = (perf[i] as Obj | null)?.osd as Obj | undefined;
    if (osd === undefined) return;
    osdPerf[String(id)] = Object.fromEntries(COUNTERS.map((k) => [k, pick(osd[k])])) as unknown as OsdReadCounters;
  });
  return {
    format: SNAPSHOT_FORMAT,
    version: SNAPSHOT_VERSION,
    fsid: osdDump.fsid as string,
    epoch,
    gathered_at: new Date().toISOString(),
    transport: t.kind,
    osd_dump: osdDump,
    osd_crush_dump: crush as Obj,
    pool_ls_detail: pools as unknown[],
    pg_dump: pgDump as Obj,
    features,
    health_detail: health,
    status,
    balancer_status: balancer,
    osd_perf: osdPerf,
    notes,
  };
}

function pick(v: unknown): unknown {
  if (typeof v === 'object' && v !== null) {
    const x = v as { avgcount?: number; sum?: number };
    return { avgcount: x.avgcount ?? 0, sum: x.sum ?? 0 };
  }
  return typeof v === 'number' ? v : 0;
}
