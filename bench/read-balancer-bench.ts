/**
 * `loadshift plan` against Reef's own read balancer (`osdmaptool --read`) on the same maps, pool by pool:
 * the busiest OSD's primaries and Ceph's read_balance score after each, the optimum, the number of changes,
 * and the time of each. Ceph's result is scored with loadshift's model after applying its commands
 * (the model is checked against the real tools by the test suite).
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildPlan } from '../src/balance/build-plan.js';
import { parseCrushMap } from '../src/ceph/read-crush.js';
import { parseOsdMap } from '../src/ceph/read-osdmap.js';
import { withUpmapPrimaries } from '../src/cluster/pg-upmap-primary.js';
import type { OsdMap, Pool } from '../src/cluster/osdmap.js';
import type { PoolPlacement } from '../src/cluster/placement.js';
import { mapAllPgs } from '../src/cluster/pg-mapping.js';
import { poolRuleOsds } from '../src/cluster/pool-rule-osds.js';
import { isReadBalanceError, readBalanceScore } from '../src/cluster/read-balance-score.js';
import type { CrushMap } from '../src/crush/types.js';
import { evenPolicy } from '../src/policy/even-policy.js';
import { CACHE, cephTool, fmtMs } from './ceph-tools.js';
import { loadCluster } from '../src/cli/load-cluster.js';

export interface BenchMap {
  name: string;
  /** A binary osdmap (ceph osd getmap / osdmaptool output). */
  om: string;
}

interface Loaded {
  dir: string;
  osdmap: OsdMap;
  crush: CrushMap;
  osdmapText: string;
  crushText: string;
}

/** Copies the binary map into the cache and has the real tools dump it as JSON (as `ceph osd dump` would). */
export function loadBenchMap(m: BenchMap, tool: typeof cephTool = cephTool): Loaded {
  const dir = join(CACHE, m.name);
  mkdirSync(dir, { recursive: true });
  if (!existsSync(join(dir, 'om'))) copyFileSync(m.om, join(dir, 'om'));
  if (!existsSync(join(dir, 'crush.json'))) {
    writeFileSync(
      join(dir, 'osdmap.json'),
      tool(dir, ['osdmaptool', 'om', '--dump', 'json']).stdout.replace(/^[^{]*/, ''),
    );
    tool(dir, ['osdmaptool', 'om', '--export-crush', 'crush.bin']);
    writeFileSync(join(dir, 'crush.json'), tool(dir, ['crushtool', '-i', 'crush.bin', '--dump']).stdout);
  }
  const osdmapText = readFileSync(join(dir, 'osdmap.json'), 'utf8');
  const crushText = readFileSync(join(dir, 'crush.json'), 'utf8');
  return {
    dir,
    osdmapText,
    crushText,
    osdmap: parseOsdMap(JSON.parse(osdmapText), 'osdmap.json'),
    crush: parseCrushMap(JSON.parse(crushText), 'crush.json'),
  };
}

export function maxPrimaries(pp: PoolPlacement | undefined): number {
  const count = new Map<number, number>();
  let max = 0;
  for (const pg of pp?.pgs ?? []) {
    const n = (count.get(pg.actingPrimary) ?? 0) + 1;
    count.set(pg.actingPrimary, n);
    max = Math.max(max, n);
  }
  return max;
}

function score(osdmap: OsdMap, crush: CrushMap, pool: Pool, pp: PoolPlacement | undefined): string {
  if (!pp) return '-';
  const r = readBalanceScore(osdmap, pool, pp, poolRuleOsds(crush, pool));
  return isReadBalanceError(r) ? 'err' : r.score_acting.toFixed(2);
}

/** `osdmaptool --read` on one pool: its commands, applied to the map, scored. */
export function cephRead(l: Loaded, pool: Pool) {
  const run = cephTool(l.dir, ['osdmaptool', 'om', '--read', 'read-cmds.txt', '--read-pool', pool.name]);
  const lines = readFileSync(join(l.dir, 'read-cmds.txt'), 'utf8')
    .split('\n')
    .filter((x) => x.startsWith('ceph osd pg-upmap-primary'));
  const changes = lines.map((x) => {
    const [, , , pgid, osd] = x.trim().split(/\s+/);
    return { pgid: pgid as string, osd: Number(osd) };
  });
  const after = withUpmapPrimaries(l.osdmap, changes);
  const pp = mapAllPgs(after, l.crush, [pool.id]).pools.get(pool.id);
  return { ms: run.ms, changes: changes.length, max: maxPrimaries(pp), score: score(after, l.crush, pool, pp) };
}

/** loadshift on one pool, timed from the JSON files as `loadshift plan` does it: read, parse, map every PG, plan. */
async function ours(l: Loaded, pool: Pool) {
  const t0 = process.hrtime.bigint();
  const c = await loadCluster(join(l.dir, 'osdmap.json'), join(l.dir, 'crush.json'));
  const plan = buildPlan({
    osdmap: c.osdmap,
    crush: c.crush,
    placement: c.placement,
    poolIds: [pool.id],
    policy: evenPolicy,
    hostOf: c.hosts.hostOf,
  });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const pp = plan.placementAfter.pools.get(pool.id);
  const p = plan.pools[0];
  return {
    ms,
    changes: plan.ops.length,
    max: maxPrimaries(pp),
    optimum: p?.optimum ?? 0,
    score: score(plan.osdmapAfter, l.crush, pool, pp),
  };
}

export async function benchReadBalancer(
  maps: BenchMap[],
  chrootMs: number,
  skipCephAbovePgs = Infinity,
): Promise<string[]> {
  const out = [
    'map | pool | PGs | max before | Ceph: max after, score, changes, time | loadshift: max after, score, changes, time | optimum | time Ceph / loadshift',
  ];
  for (const m of maps) {
    const l = loadBenchMap(m);
    const placement = mapAllPgs(l.osdmap, l.crush);
    for (const pool of [...l.osdmap.pools.values()].filter((p) => p.type === 'replicated' && p.pgNum > 1)) {
      const pp = placement.pools.get(pool.id);
      const us = await ours(l, pool);
      let ceph: ReturnType<typeof cephRead> | undefined;
      let why = 'skipped';
      try {
        if (pool.pgNum <= skipCephAbovePgs) ceph = cephRead(l, pool);
      } catch (err) {
        why = `osdmaptool failed: ${(err as Error).message.slice(0, 80)}`;
      }
      const c = ceph ? `${ceph.max}, ${ceph.score}, ${ceph.changes}, ${fmtMs(ceph.ms)}` : why;
      const ratio = ceph
        ? `${(ceph.ms / us.ms).toFixed(1)}x (${((ceph.ms - chrootMs) / us.ms).toFixed(1)}x without the chroot start)`
        : '-';
      out.push(
        `${m.name} | ${pool.name} | ${pool.pgNum} | ${maxPrimaries(pp)} (score ${score(l.osdmap, l.crush, pool, pp)}) | ${c} | ` +
          `${us.max}, ${us.score}, ${us.changes}, ${fmtMs(us.ms)} | ${us.optimum}${us.max === us.optimum ? ' reached' : ' MISSED'} | ${ratio}`,
      );
    }
  }
  return out;
}
