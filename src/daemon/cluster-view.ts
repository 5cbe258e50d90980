/**
 * The placement of every PG, kept between rounds. Same epoch: reused as it is. A new epoch that changed only
 * pg_upmap_primaries entries (what the daemon itself does, most rounds): the old placement with the PGs whose entry
 * changed mapped again. Same CRUSH map, OSD slots and pools (an OSD down or up, primary affinity, upmaps, temps):
 * CRUSH's output of the old placement reused, the steps after it run for every PG (remap-keeping-crush.ts); when
 * reweights changed too (reweight, out, in), CRUSH runs again only for the PGs whose mapping read those OSDs'
 * reweights. A CRUSH map whose only change is straw2 item weights (`ceph osd crush reweight`): CRUSH runs again
 * only for the PGs one of whose straw2 choices in a reweighted bucket is drawn differently now (crush-probes.ts).
 * Anything else (CRUSH map, OSD slots, pools): everything mapped again.
 */
import { parseOsdMap } from '../ceph/read-osdmap.js';
import { parseCrushMap } from '../ceph/read-crush.js';
import { checkSnapshot } from '../ceph/read-snapshot.js';
import { type Snapshot, snapshotDocuments } from '../ceph/snapshot-file.js';
import { hostIndex, type HostIndex } from '../cluster/host-index.js';
import { parsePgid, type OsdMap } from '../cluster/osdmap.js';
import { mapPg } from '../cluster/pg-mapping.js';
import type { Placement } from '../cluster/placement.js';
import { crushReusable, remapKeepingCrush, sameAfterCrush, sameCrushInputs } from '../cluster/remap-keeping-crush.js';
import { crushWeightChange } from '../crush/crush-weight-change.js';
import type { CrushMap } from '../crush/types.js';
import type { MapCluster } from '../transport/live-state.js';

export interface ClusterView {
  osdmap: OsdMap;
  crush: CrushMap;
  placement: Placement;
  hosts: HostIndex;
  /**
   * How the placement was had: same epoch; only entries changed; CRUSH's output reused; CRUSH run again for the
   * PGs that read a changed reweight; CRUSH run again for the PGs whose choices a CRUSH weight change can move;
   * everything mapped.
   */
  mapping: 'cache' | 'incremental' | 'after-crush' | 'reweight' | 'crush-reweight' | 'full';
}

/** A CRUSH dump without its weights: equal for two dumps that differ in weights only. */
const crushShape = (dump: unknown): string => JSON.stringify(dump, (k, v) => (k === 'weight' ? undefined : v));

export class ClusterViews {
  private last: { view: ClusterView; crushText: string; shape: string } | undefined;

  constructor(readonly map: MapCluster) {}

  async get(s: Snapshot): Promise<ClusterView> {
    const prev = this.last;
    if (prev !== undefined && prev.view.osdmap.fsid === s.fsid && prev.view.osdmap.epoch === s.epoch)
      return { ...prev.view, mapping: 'cache' };
    const crushText = JSON.stringify(s.osd_crush_dump);
    if (prev !== undefined && prev.crushText === crushText && prev.view.osdmap.fsid === s.fsid) {
      const osdmap = parseOsdMap(s.osd_dump, `cluster ${s.fsid} (osd dump)`);
      const changed = entriesChanged(prev.view.osdmap, osdmap);
      if (changed !== undefined) {
        const view: ClusterView = {
          ...prev.view,
          osdmap,
          placement: remap(prev.view.placement, osdmap, prev.view.crush, changed),
          mapping: 'incremental',
        };
        this.last = { ...prev, view };
        return view;
      }
      if (crushReusable(prev.view.placement, prev.view.osdmap, osdmap)) {
        const view: ClusterView = {
          osdmap,
          crush: prev.view.crush,
          placement: remapKeepingCrush(prev.view.placement, prev.view.osdmap, osdmap, prev.view.crush),
          hosts: hostIndex(osdmap, prev.view.crush),
          mapping: sameCrushInputs(prev.view.osdmap, osdmap) ? 'after-crush' : 'reweight',
        };
        this.last = { ...prev, view };
        return view;
      }
    }
    const shape = crushShape(s.osd_crush_dump);
    if (
      prev !== undefined &&
      prev.crushText !== crushText &&
      prev.shape === shape &&
      prev.view.osdmap.fsid === s.fsid
    ) {
      const src = `cluster ${s.fsid}`;
      const osdmap = parseOsdMap(s.osd_dump, `${src} (osd_dump)`);
      const crush = parseCrushMap(s.osd_crush_dump, `${src} (osd_crush_dump)`);
      checkSnapshot(osdmap, crush, `${src} (osd_dump)`, `${src} (osd_crush_dump)`);
      const reweighted = crushWeightChange(prev.view.crush, crush);
      if (reweighted !== undefined && crushReusable(prev.view.placement, prev.view.osdmap, osdmap, true)) {
        const placement = remapKeepingCrush(prev.view.placement, prev.view.osdmap, osdmap, crush, reweighted);
        const view: ClusterView = {
          osdmap,
          crush,
          placement,
          hosts: hostIndex(osdmap, crush),
          mapping: 'crush-reweight',
        };
        this.last = { view, crushText, shape };
        return view;
      }
    }
    const { osdmap, crush, placement } = await this.map(snapshotDocuments(s, `cluster ${s.fsid}`));
    const view: ClusterView = { osdmap, crush, placement, hosts: hostIndex(osdmap, crush), mapping: 'full' };
    this.last = { view, crushText, shape };
    return view;
  }
}

/**
 * The pgids whose pg_upmap_primaries entry differs when nothing else that placement depends on changed; undefined
 * when something else did.
 */
export function entriesChanged(a: OsdMap, b: OsdMap): string[] | undefined {
  if (!sameCrushInputs(a, b) || !sameAfterCrush(a, b)) return undefined;
  const changed: string[] = [];
  for (const [pgid, osd] of b.pgUpmapPrimaries) if (a.pgUpmapPrimaries.get(pgid) !== osd) changed.push(pgid);
  for (const pgid of a.pgUpmapPrimaries.keys()) if (!b.pgUpmapPrimaries.has(pgid)) changed.push(pgid);
  return changed;
}

function remap(old: Placement, osdmap: OsdMap, crush: CrushMap, pgids: readonly string[]): Placement {
  const pools = new Map(old.pools);
  const copied = new Set<number>();
  for (const pgid of pgids) {
    const id = parsePgid(pgid);
    const pool = id && osdmap.pools.get(id.pool);
    const pp = id && pools.get(id.pool);
    if (!id || !pool || !pp || id.ps >= pool.pgNum) continue;
    if (!copied.has(id.pool)) {
      pools.set(id.pool, { ...pp, pgs: [...pp.pgs] }); // same CRUSH inputs: its probes still hold
      copied.add(id.pool);
    }
    (pools.get(id.pool) as typeof pp).pgs[id.ps] = mapPg(osdmap, crush, pool, id.ps);
  }
  return { pools };
}
