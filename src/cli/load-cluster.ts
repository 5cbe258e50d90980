import type { Command } from 'commander';
import type { JsonDocument } from '../ceph/read-json.js';
import { parseSnapshot } from '../ceph/read-snapshot.js';
import { hostIndex } from '../cluster/host-index.js';
import type { OsdMap, Pool } from '../cluster/osdmap.js';
import type { Placement } from '../cluster/placement.js';
import { ruleOsdsLookup } from '../cluster/pool-rule-osds.js';
import type { HostIndex } from '../cluster/host-index.js';
import type { RuleOsdWeight } from '../cluster/rule-osds.js';
import type { CrushMap } from '../crush/types.js';
import { parseSnapshotFile, snapshotDocuments } from '../ceph/snapshot-file.js';
import { usageError } from '../errors.js';
import { single } from './cli-options.js';
import { type ConnectionFlags, connectionFlags, connectWith } from './connection-flags.js';
import { mapAllPgsParallel } from './parallel-placement.js';
import { readInput, readInputs } from './read-input.js';

/** Everything the read-side commands need: the validated snapshot and where every PG lives. */
export interface LoadedCluster {
  osdmap: OsdMap;
  crush: CrushMap;
  placement: Placement;
  hosts: HostIndex;
  ruleOsdsOf: (pool: Pool) => readonly RuleOsdWeight[];
}

/** Reads the two dump files (`-`: stdin) and checks that they describe one cluster. */
export function loadSnapshot(osdmapPath: string, crushPath: string): { osdmap: OsdMap; crush: CrushMap } {
  const [osdmapDoc, crushDoc] = readInputs({ '--osdmap': osdmapPath, '--crush': crushPath });
  return parseSnapshot(osdmapDoc as JsonDocument, crushDoc as JsonDocument);
}

/** Reads the two dump files (`-`: stdin), checks them and maps every PG. */
export async function loadCluster(osdmapPath: string, crushPath: string): Promise<LoadedCluster> {
  const [osdmapDoc, crushDoc] = readInputs({ '--osdmap': osdmapPath, '--crush': crushPath });
  return loadClusterFrom({ osdmap: osdmapDoc as JsonDocument, crush: crushDoc as JsonDocument });
}

/**
 * The same from documents already in memory (files, stdin, or a snapshot gathered from a live cluster). `probes`:
 * record what CRUSH read per PG, which the watch daemon's next epochs map from (cluster/crush-probes.ts).
 */
export async function loadClusterFrom(
  docs: { osdmap: JsonDocument; crush: JsonDocument },
  probes = false,
): Promise<LoadedCluster> {
  const { osdmap, crush } = parseSnapshot(docs.osdmap, docs.crush);
  const placement = await mapAllPgsParallel(osdmap, crush, docs, { probes });
  return { osdmap, crush, placement, hosts: hostIndex(osdmap, crush), ruleOsdsOf: ruleOsdsLookup(crush) };
}

/** Where a read-side command takes the cluster from: two dump files, a snapshot file, or the live cluster. */
export interface SnapshotFlags extends Partial<ConnectionFlags> {
  osdmap?: string;
  crush?: string;
  from?: string;
  live?: boolean;
}

/** The documents to read and the name to use in messages (the file, or `--live`). */
export interface SnapshotSource {
  osdmap: JsonDocument;
  crush: JsonDocument;
  subject: string;
  /** The `ceph features` reply of a snapshot or a live gather; undefined for dump files. */
  features?: unknown;
}

/** Reads the dumps, the snapshot file (`--from`) or gathers from the live cluster (`--live`, connection flags). */
export async function readSnapshotSource(f: SnapshotFlags): Promise<SnapshotSource> {
  const given = [f.osdmap !== undefined || f.crush !== undefined, f.from !== undefined, f.live === true];
  if (given.filter(Boolean).length > 1)
    throw usageError(
      '--osdmap/--crush, --from, --live',
      'give one source: --osdmap F --crush F, --from SNAPSHOT or --live',
    );
  if (!given.includes(true))
    throw usageError('--osdmap', "required option '--osdmap <file>' not specified (or --from SNAPSHOT, or --live)");
  if (f.from !== undefined) {
    const doc = readInput(f.from);
    const snap = parseSnapshotFile(doc);
    return { ...snapshotDocuments(snap, doc.source), subject: doc.source, features: snap.features ?? undefined };
  }
  if (f.live === true) {
    const [{ gatherSnapshot }, { cephJson }] = await Promise.all([
      import('../transport/gather-snapshot.js'),
      import('../transport/ceph-json.js'),
    ]);
    const t = await connectWith({ transport: 'auto', timeout: '30', ...f });
    try {
      const s = await gatherSnapshot(t, { osdCounters: 'none', pgDump: 'pgs_brief', full: false });
      // which clients are connected decides `plan --method auto`; a cluster that will not say leaves it undefined
      const features = await cephJson(t, 'mon', { prefix: 'features' }).catch(() => undefined);
      return { ...snapshotDocuments(s, `--live (${s.fsid} e${s.epoch})`), subject: '--live', features };
    } finally {
      await t.close();
    }
  }
  if (f.osdmap === undefined || f.crush === undefined)
    throw usageError(
      f.osdmap === undefined ? '--osdmap' : '--crush',
      `required option '${f.osdmap === undefined ? '--osdmap' : '--crush'} <file>' not specified`,
    );
  const [osdmap, crush] = readInputs({ '--osdmap': f.osdmap, '--crush': f.crush });
  return { osdmap: osdmap as JsonDocument, crush: crush as JsonDocument, subject: f.osdmap };
}

/** loadCluster for any source; `subject` names it in messages. */
export async function loadClusterFor(
  f: SnapshotFlags,
): Promise<LoadedCluster & { subject: string; features?: unknown }> {
  const src = await readSnapshotSource(f);
  return { ...(await loadClusterFrom(src)), subject: src.subject, features: src.features };
}

/** The input flags every read-side command takes: dump files, a snapshot (--from), or the live cluster (--live). */
export function snapshotOptions(cmd: Command): Command {
  return connectionFlags(
    cmd
      .addOption(
        single('--osdmap <file>', 'JSON of `ceph osd dump -f json` (or `osdmaptool --dump json`); - reads stdin'),
      )
      .addOption(
        single('--crush <file>', 'JSON of `ceph osd crush dump -f json` (or `crushtool -i map --dump`); - reads stdin'),
      )
      .addOption(single('--from <snapshot>', 'a snapshot written by `loadshift gather`'))
      .option('--live', 'gather from the live cluster first (connection flags below)'),
  );
}
