/**
 * ClusterViews on a snapshot recorded from the real test cluster: the same epoch is reused, a CRUSH map whose only
 * change is weights (`ceph osd crush reweight`) runs CRUSH again only where a choice can move and equals a full map
 * of the new epoch, and any other CRUSH change maps everything again.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSnapshot } from '../../../src/ceph/read-snapshot.js';
import { parseSnapshotFile, type Snapshot, snapshotDocuments } from '../../../src/ceph/snapshot-file.js';
import { mapAllPgs } from '../../../src/cluster/pg-mapping.js';
import { ClusterViews } from '../../../src/daemon/cluster-view.js';
import type { MapCluster } from '../../../src/transport/live-state.js';

const FILE = join(import.meta.dirname, '../../fixtures/live-replies/snapshot.json');
const snapshot = () => parseSnapshotFile({ source: FILE, text: readFileSync(FILE, 'utf8') });
let fullMaps = 0;
const map: MapCluster = async (docs) => {
  fullMaps++;
  const { osdmap, crush } = parseSnapshot(docs.osdmap, docs.crush);
  return { osdmap, crush, placement: mapAllPgs(osdmap, crush, undefined, true) };
};

type Bucket = { id: number; items: { id: number; weight: number }[]; weight: number };

/** The next epoch with `change` applied to its CRUSH dump. */
function next(s: Snapshot, change: (buckets: Bucket[], dump: Record<string, unknown>) => void): Snapshot {
  const t = structuredClone(s);
  t.epoch++;
  t.osd_dump.epoch = t.epoch;
  change(t.osd_crush_dump.buckets as Bucket[], t.osd_crush_dump);
  return t;
}

/** `ceph osd crush reweight osd.N`: its weight and every ancestor's change by `delta`. */
const reweight = (osd: number, delta: number) => (buckets: Bucket[]) => {
  for (let child = osd; ; ) {
    const parent = buckets.find((b) => b.items.some((it) => it.id === child));
    if (parent === undefined) return;
    parent.items.find((it) => it.id === child)!.weight += delta;
    parent.weight += delta;
    child = parent.id;
  }
};

describe('ClusterViews', () => {
  it('maps a CRUSH weight change from the recorded choices, and everything after any other CRUSH change', async () => {
    const views = new ClusterViews(map);
    const s0 = snapshot();
    expect((await views.get(s0)).mapping).toBe('full');
    expect((await views.get(s0)).mapping).toBe('cache');
    expect(fullMaps).toBe(1);
    let s = s0;
    for (const [osd, delta] of [
      [2, -0x8000],
      [5, 0x4000],
      [2, 0x8000],
      [0, -0x10000],
    ] as const) {
      s = next(s, reweight(osd, delta));
      const view = await views.get(s);
      expect(view.mapping, `osd.${osd} ${delta}`).toBe('crush-reweight');
      const { osdmap, crush } = parseSnapshot(snapshotDocuments(s, 'x').osdmap, snapshotDocuments(s, 'x').crush);
      expect(view.placement).toEqual(mapAllPgs(osdmap, crush, undefined, true));
    }
    expect(fullMaps).toBe(1);
    s = next(s, (_, dump) => {
      const rules = dump.rules as { steps: { op: string; num?: number }[] }[];
      rules[0]!.steps.unshift({ op: 'set_choose_tries', num: 100 });
    });
    expect((await views.get(s)).mapping).toBe('full');
    s = next(s, (buckets) => {
      buckets[0]!.items.reverse();
    });
    expect((await views.get(s)).mapping).toBe('full');
    expect(fullMaps).toBe(3);
  });
});
