import type { Command } from 'commander';
import { readSnapshot } from '../ceph/read-snapshot.js';
import { hostIndex } from '../cluster/host-index.js';
import { findPool, type OsdMap, type Pool } from '../cluster/osdmap.js';
import type { Placement } from '../cluster/placement.js';
import { ruleOsdsLookup } from '../cluster/pool-rule-osds.js';
import type { HostIndex } from '../cluster/primary-stats.js';
import type { RuleOsdWeight } from '../cluster/rule-osds.js';
import type { CrushMap } from '../crush/types.js';
import { inputError, usageError } from '../errors.js';
import { mapAllPgsParallel } from './parallel-placement.js';

/** Everything the read-side commands need: the validated snapshot and where every PG lives. */
export interface LoadedCluster {
  osdmap: OsdMap;
  crush: CrushMap;
  placement: Placement;
  hosts: HostIndex;
  ruleOsdsOf: (pool: Pool) => readonly RuleOsdWeight[];
}

export async function loadCluster(osdmapPath: string, crushPath: string): Promise<LoadedCluster> {
  const { osdmap, crush } = readSnapshot(osdmapPath, crushPath);
  const placement = await mapAllPgsParallel(osdmap, crush, osdmapPath, crushPath);
  return { osdmap, crush, placement, hosts: hostIndex(osdmap, crush), ruleOsdsOf: ruleOsdsLookup(crush) };
}

/** `--pool` values (ids or names) to pool ids, in the order given; an unknown pool is an input error. */
export function resolvePools(osdmap: OsdMap, keys: readonly string[], osdmapPath: string): number[] {
  const ids = keys.map((key) => {
    const id = findPool(osdmap, key);
    if (id !== undefined) return id;
    const known = [...osdmap.pools.values()].map((p) => `${p.id}:${p.name}`).join(', ');
    throw inputError(osdmapPath, `no pool '${key}' in this osdmap (pools: ${known || 'none'})`);
  });
  return [...new Set(ids)];
}

/** The two input flags every offline command takes. */
export function snapshotOptions(cmd: Command): Command {
  return cmd
    .requiredOption('--osdmap <file>', 'JSON of `ceph osd dump -f json` (or `osdmaptool --dump json`)')
    .requiredOption('--crush <file>', 'JSON of `ceph osd crush dump -f json` (or `crushtool -i map --dump`)');
}

/** Parses a non-negative integer flag value. */
export function intOption(flag: string) {
  return (value: string): number => {
    if (!/^\d+$/.test(value)) throw usageError(flag, `expected a non-negative integer, got '${value}'`);
    return Number(value);
  };
}
