/**
 * The dashboard's view of a watch round (watch-view.ts), on real rounds of the watch daemon over a cluster replayed
 * from a snapshot of the real Reef test cluster: "after" (what the round saw plus its accepted ops) is what the next
 * round sees, and the ops decode to the round's ops.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSnapshot } from '../../../src/ceph/read-snapshot.js';
import { parseSnapshotFile } from '../../../src/ceph/snapshot-file.js';
import { mapAllPgs } from '../../../src/cluster/pg-mapping.js';
import { ClusterViews } from '../../../src/daemon/cluster-view.js';
import { builtinPolicySource } from '../../../src/daemon/policy-source.js';
import { watchRound } from '../../../src/daemon/watch-round.js';
import { loadWatchState } from '../../../src/daemon/watch-state.js';
import { decodeOps } from '../../../src/report/encode-ops.js';
import { watchStateView } from '../../../src/report/watch-view.js';
import type { MapCluster } from '../../../src/transport/live-state.js';
import { ReplayTransport } from '../../../src/transport/replay-transport.js';

const FILE = join(import.meta.dirname, '../../fixtures/live-replies/snapshot.json');

describe('watchStateView', () => {
  it("predicts the next round's primaries from a round's accepted ops, and carries the ops", async () => {
    const t = new ReplayTransport(parseSnapshotFile({ source: FILE, text: readFileSync(FILE, 'utf8') }));
    const statePath = join(mkdtempSync(join(tmpdir(), 'ls-view-')), 'state.json');
    const state = loadWatchState(statePath);
    const map: MapCluster = async (docs) => {
      const { osdmap, crush } = parseSnapshot(docs.osdmap, docs.crush);
      return { osdmap, crush, placement: mapAllPgs(osdmap, crush, undefined, true) };
    };
    const views = new ClusterViews(map);
    const round = () =>
      watchRound({
        t,
        views,
        policy: builtinPolicySource('even') ?? (undefined as never),
        config: {
          maxChanges: 10,
          minImprovement: 0.5,
          adopt: false,
          allowOldClients: false,
          latencyOsds: 'none',
          verifyTimeoutMs: 1000,
          latencyHistory: 10,
          selectPools: (m) => [...m.pools.keys()],
        },
        state,
        statePath,
        log: () => {},
        now: Date.now,
        stopping: () => false,
      });
    const r1 = await round();
    const r2 = await round();
    expect(r1.ops.filter((o) => o.result === 'accepted').length).toBe(10);
    const v1 = watchStateView(r1);
    const v2 = watchStateView(r2);
    expect(v1.osds.ids).toEqual(v2.osds.ids);
    expect(v1.osds.after).toEqual(v2.osds.before);
    expect(v1.osds.after).not.toEqual(v1.osds.before);
    for (const [k, bp] of v1.osds.byPool.entries())
      expect(bp.after, `pool ${bp.pool}`).toEqual(v2.osds.byPool[k]!.before);
    expect(v1.pools.map((p) => p.maxAfter)).toEqual(v2.pools.map((p) => p.maxBefore));
    expect(decodeOps(v1.ops).map((o) => [o.pgid, o.op, o.op === 'set' ? o.osd : null, o.from, o.to, o.reason])).toEqual(
      r1.ops.map((o) => [o.pgid, o.op, o.osd, o.from, o.to, o.reason]),
    );
    expect(v1.ops.status).toEqual(r1.ops.map((o) => o.result));
    // the page runs the function's own source: it must work without this module's imports
    const inlined = new Function(`return (${watchStateView.toString()})`)() as typeof watchStateView;
    expect(inlined(r1)).toEqual(v1);
  });
});
