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
import { single } from './cli-options.js';
import { mapAllPgsParallel } from './parallel-placement.js';
import { readInputs } from './read-input.js';

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

/** The same from documents already in memory (files, stdin, or a snapshot gathered from a live cluster). */
export async function loadClusterFrom(docs: { osdmap: JsonDocument; crush: JsonDocument }): Promise<LoadedCluster> {
  const { osdmap, crush } = parseSnapshot(docs.osdmap, docs.crush);
  const placement = await mapAllPgsParallel(osdmap, crush, docs);
  return { osdmap, crush, placement, hosts: hostIndex(osdmap, crush), ruleOsdsOf: ruleOsdsLookup(crush) };
}

/** The two input flags every offline command takes. */
export function snapshotOptions(cmd: Command): Command {
  return cmd
    .addOption(
      single(
        '--osdmap <file>',
        'JSON of `ceph osd dump -f json` (or `osdmaptool --dump json`); - reads stdin',
      ).makeOptionMandatory(),
    )
    .addOption(
      single(
        '--crush <file>',
        'JSON of `ceph osd crush dump -f json` (or `crushtool -i map --dump`); - reads stdin',
      ).makeOptionMandatory(),
    );
}
