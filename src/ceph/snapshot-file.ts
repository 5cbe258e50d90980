import { inputError } from '../errors.js';
import { type JsonDocument, parseJsonText } from './read-json.js';

export const SNAPSHOT_FORMAT = 'loadshift-snapshot';
export const SNAPSHOT_VERSION = 1;

/** The read counters kept per OSD (`ceph tell osd.N perf dump osd`); latencies as {avgcount, sum seconds}. */
export interface OsdReadCounters {
  op_r: number;
  op_r_out_bytes: number;
  op_r_latency: { avgcount: number; sum: number };
  op_r_process_latency: { avgcount: number; sum: number };
}

/**
 * One consistent snapshot of a cluster (`loadshift gather`): Ceph's own JSON replies, unchanged, from one osdmap
 * epoch (read before and after), stamped with fsid and time. Optional parts are null when not gathered.
 */
export interface Snapshot {
  format: typeof SNAPSHOT_FORMAT;
  version: number;
  fsid: string;
  epoch: number;
  gathered_at: string;
  gather_ms: number;
  transport: string;
  osd_dump: Record<string, unknown>;
  osd_crush_dump: Record<string, unknown>;
  pool_ls_detail: unknown[];
  pg_dump: Record<string, unknown>;
  features: Record<string, unknown> | null;
  health_detail: Record<string, unknown> | null;
  status: Record<string, unknown> | null;
  balancer_status: Record<string, unknown> | null;
  /** Keyed by OSD id; only the OSDs asked for (see `--osd-counters`). */
  osd_perf: Record<string, OsdReadCounters>;
  /** What was not gathered and why (one line each). */
  notes: string[];
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Validates a snapshot file: format, version, and that its parts belong to the same cluster and epoch. */
export function parseSnapshotFile(doc: JsonDocument): Snapshot {
  const j = parseJsonText(doc.text, doc.source);
  const bad = (what: string) => inputError(doc.source, `${what}; write it again with 'loadshift gather -o FILE'`);
  if (!isObj(j) || j.format !== SNAPSHOT_FORMAT)
    throw bad('not a loadshift snapshot (no "format": "loadshift-snapshot")');
  if (j.version !== SNAPSHOT_VERSION)
    throw bad(
      `written by an incompatible loadshift (snapshot version ${JSON.stringify(j.version)}, this one reads ${SNAPSHOT_VERSION})`,
    );
  for (const k of ['osd_dump', 'osd_crush_dump', 'pg_dump'] as const)
    if (!isObj(j[k])) throw bad(`'${k}' is missing or not an object (truncated or edited?)`);
  if (!Array.isArray(j.pool_ls_detail)) throw bad("'pool_ls_detail' is missing or not a list");
  if (typeof j.fsid !== 'string' || !Number.isInteger(j.epoch)) throw bad("'fsid' or 'epoch' is missing");
  const od = j.osd_dump as Record<string, unknown>;
  if (od.fsid !== j.fsid) throw bad(`its osd_dump is of cluster ${String(od.fsid)}, not ${j.fsid}`);
  if (od.epoch !== j.epoch) throw bad(`its osd_dump is of epoch ${String(od.epoch)}, not ${String(j.epoch)}`);
  if (!isObj(j.osd_perf)) throw bad("'osd_perf' is missing");
  return j as unknown as Snapshot;
}

/** The two documents the placement model reads, named after the snapshot file. */
export function snapshotDocuments(s: Snapshot, source: string): { osdmap: JsonDocument; crush: JsonDocument } {
  return {
    osdmap: { source: `${source} (osd_dump)`, text: JSON.stringify(s.osd_dump) },
    crush: { source: `${source} (osd_crush_dump)`, text: JSON.stringify(s.osd_crush_dump) },
  };
}
