/**
 * Checks the real-cluster harness itself (test/helpers/ceph-cluster.ts) against a live Reef 18.2.7 cluster, and
 * pins the monitor behaviour loadshift relies on. No loadshift code is involved.
 *
 * LOADSHIFT_UPDATE_FIXTURES=1 also copies the gathered dumps to test/fixtures/live-8osd/.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DUMP_FILES,
  LIVE_8OSD,
  REPO_ROOT,
  applyScript,
  ceph,
  cephJson,
  gatherDumps,
  osdmapMapping,
  parseTestMapPgsDumpAll,
  poolDetails,
  startCluster,
  stopCluster,
  waitForPgDump,
  type PgBrief,
  type PoolDetail,
} from '../helpers/ceph-cluster.js';

const work = mkdtempSync(join(tmpdir(), 'loadshift-harness-'));

interface OsdDump {
  epoch: number;
  require_min_compat_client: string;
  pg_upmap_primaries: { pgid: string; primary_osd: number }[];
  osds: { osd: number; up: number; in: number }[];
}

describe('real-cluster harness (live Reef 18.2.7)', () => {
  let pools: PoolDetail[] = [];

  beforeAll(async () => {
    const c = await startCluster(LIVE_8OSD);
    console.log(`cluster up in ${c.upMs} ms, all PGs active+clean after ${c.readyMs} ms`);
    pools = poolDetails();
  });

  afterAll(async () => {
    await stopCluster();
    if (process.env.LOADSHIFT_IT_KEEP !== '1') rmSync(work, { recursive: true, force: true });
  });

  it('has the heterogeneous layout: 8 OSDs up+in, 6 pools, reef compat', () => {
    const d = cephJson<OsdDump>(['osd', 'dump']);
    expect(d.osds.map((o) => [o.osd, o.up, o.in])).toEqual([0, 1, 2, 3, 4, 5, 6, 7].map((i) => [i, 1, 1]));
    expect(d.require_min_compat_client).toBe('reef');
    expect(pools.map((p) => [p.pool_id, p.pool_name, p.type, p.pg_num])).toEqual([
      [1, '.mgr', 1, 1],
      [2, 'p32', 1, 32],
      [3, 'p64', 1, 64],
      [4, 'p128', 1, 128],
      [5, 'pssd', 1, 32],
      [6, 'pec', 3, 8],
    ]);
    // the ssd rule only ever picks osd.4-7
    const tree = cephJson<{ nodes: { id: number; device_class?: string; crush_weight?: number }[] }>(['osd', 'tree']);
    const cls = Object.fromEntries(tree.nodes.filter((n) => n.id >= 0).map((n) => [n.id, n.device_class]));
    expect(cls).toEqual({ 0: 'hdd', 1: 'hdd', 2: 'hdd', 3: 'hdd', 4: 'ssd', 5: 'ssd', 6: 'ssd', 7: 'ssd' });
  });

  it("pg dump pgs_brief agrees with Ceph's own mapping of the osdmap (osdmaptool) for every PG", async () => {
    const m = osdmapMapping();
    expect(m.pgs.size).toBe(1 + 32 + 64 + 128 + 32 + 8);
    const { pgs, ms } = await waitForPgDump(m.pgs);
    console.log(`pg dump matched osdmap e${m.epoch} after ${ms} ms`);
    for (const p of pgs.filter((x) => x.pgid.startsWith('5.')))
      for (const o of p.acting) expect(o).toBeGreaterThanOrEqual(4);
  });

  it('applies one pg-upmap-primary from a script: the new primary swaps places with the old one', async () => {
    const before = cephJson<{ epoch: number; up: number[]; acting: number[] }>(['pg', 'map', '2.0']);
    const target = before.acting[1]!;
    const [r] = await applyScript(`#!/bin/sh\n# one move\nceph osd pg-upmap-primary 2.0 ${target}\n`);
    expect(r).toMatchObject({ status: 0, accepted: true, pgid: '2.0', osd: target });
    expect(r!.stderr).toContain(`change primary for pg 2.0 to osd.${target}`);

    // `ceph pg map` shows the change as soon as the command returns
    const after = cephJson<{ epoch: number; up: number[]; acting: number[] }>(['pg', 'map', '2.0']);
    expect(after.epoch).toBeGreaterThan(before.epoch);
    const swapped = [...before.acting];
    swapped[0] = target;
    swapped[1] = before.acting[0]!;
    expect(after.acting).toEqual(swapped);
    expect(after.up).toEqual(swapped);

    const d = cephJson<OsdDump>(['osd', 'dump']);
    expect(d.pg_upmap_primaries).toEqual([{ pgid: '2.0', primary_osd: target }]);

    // the mgr's pg dump lags: wait until it shows the new primary
    const { pgs, ms } = await waitForPgDump();
    console.log(`pg dump caught up with the pg-upmap-primary after ${ms} ms`);
    expect(pgs.find((p: PgBrief) => p.pgid === '2.0')).toMatchObject({
      acting_primary: target,
      up_primary: target,
      acting: swapped,
    });
  });

  it('pins the monitor answers for bad commands', () => {
    const map = cephJson<{ acting: number[] }>(['pg', 'map', '2.1']);
    const notIn = [0, 1, 2, 3, 4, 5, 6, 7].find((o) => !map.acting.includes(o))!;
    const cases: [string[], number, string][] = [
      [
        ['osd', 'pg-upmap-primary', '2.1', String(notIn)],
        22,
        `Error EINVAL: osd.${notIn} is not in acting set for pg 2.1`,
      ],
      [
        ['osd', 'pg-upmap-primary', '2.1', String(map.acting[0])],
        22,
        `Error EINVAL: osd.${map.acting[0]} is already primary for pg 2.1`,
      ],
      [['osd', 'pg-upmap-primary', '2.1', '99'], 2, 'Error ENOENT: osd.99 does not exist'],
      [['osd', 'pg-upmap-primary', '99.0', '1'], 2, "Error ENOENT: pgid '99.0' does not exist"],
      [['osd', 'pg-upmap-primary', '2.20', '1'], 2, "Error ENOENT: pgid '2.20' does not exist"], // p32 has 2.0-2.1f
      [
        ['osd', 'pg-upmap-primary', '6.0', '1'],
        22,
        'Error EINVAL: pg-upmap-primary is only supported for replicated pools',
      ],
    ];
    for (const [args, status, msg] of cases) {
      const r = ceph(args);
      expect({ args, status: r.status, stderr: r.stderr.trim() }).toEqual({ args, status, stderr: msg });
    }
    // removing a mapping that does not exist succeeds (and still costs an osdmap epoch)
    const e0 = cephJson<OsdDump>(['osd', 'dump']).epoch;
    const rm = ceph(['osd', 'rm-pg-upmap-primary', '2.1']);
    expect([rm.status, rm.stderr.trim()]).toEqual([0, 'clear 2.1 pg_upmap_primary mapping']);
    expect(cephJson<OsdDump>(['osd', 'dump']).epoch).toBe(e0 + 1);
  });

  it('gathers consistent dumps', async () => {
    const dir = join(work, 'dumps');
    const g = await gatherDumps(dir);
    const read = (f: string) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as unknown;
    const osd = read(DUMP_FILES.osdDump) as OsdDump;
    const brief = read(DUMP_FILES.pgsBrief) as { pg_stats: PgBrief[] };
    const crush = read(DUMP_FILES.crushDump) as { devices: unknown[]; rules: { rule_name: string }[] };
    const detail = read(DUMP_FILES.poolLsDetail) as PoolDetail[];
    expect(g.epoch).toBe(osd.epoch);
    expect(osd.pg_upmap_primaries).toHaveLength(1);
    expect(crush.devices).toHaveLength(8);
    expect(crush.rules.map((r) => r.rule_name)).toEqual(['replicated_rule', 'ssd-osd', 'pec']);
    expect(detail.map((p) => p.pool_name)).toEqual(['.mgr', 'p32', 'p64', 'p128', 'pssd', 'pec']);
    const oracle = parseTestMapPgsDumpAll(readFileSync(join(dir, 'test-map-pgs-dump-all.txt'), 'utf8'));
    expect(brief.pg_stats).toHaveLength(oracle.size);
    for (const p of brief.pg_stats) {
      const o = oracle.get(p.pgid)!;
      expect([p.pgid, p.up, p.up_primary, p.acting, p.acting_primary]).toEqual([
        p.pgid,
        o.up,
        o.up_primary,
        o.acting,
        o.acting_primary,
      ]);
    }
    if (process.env.LOADSHIFT_UPDATE_FIXTURES === '1') {
      const fx = join(REPO_ROOT, 'test', 'fixtures', 'live-8osd');
      mkdirSync(fx, { recursive: true });
      for (const f of [...Object.values(DUMP_FILES), 'osdmap.bin', 'test-map-pgs-dump-all.txt'])
        copyFileSync(join(dir, f), join(fx, f));
      console.log(`fixtures written to ${fx}`);
    }
  });
});
