/**
 * The size-aware read model (Squid's `osdmaptool --read --osd-size-aware`, a pool's read_ratio) against Tentacle's
 * own balancer on the same maps, pool by pool: the busiest OSD's load (primaries x 100 + other PGs x
 * (100 - read_ratio)) and Ceph's size-aware score (busiest load / average load) after Tentacle's commands, after
 * loadshift with --policy ceph-size-aware (Ceph's desired distribution, loadshift's engine) and with
 * --policy size-aware (the exact optimum of the model). Ceph's result is scored by applying its commands to the map.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildPlan } from '../src/balance/build-plan.js';
import { loadCluster } from '../src/cli/load-cluster.js';
import type { OsdMap, Pool } from '../src/cluster/osdmap.js';
import type { PoolPlacement } from '../src/cluster/placement.js';
import { mapAllPgs } from '../src/cluster/pg-mapping.js';
import { withUpmapPrimaries } from '../src/cluster/pg-upmap-primary.js';
import { cephSizeAwarePolicy } from '../src/policy/ceph-size-aware-policy.js';
import type { Policy } from '../src/policy/policy.js';
import { osdLoad, pgsPerOsd, readRatioOf } from '../src/policy/size-aware-load.js';
import { sizeAwarePolicy } from '../src/policy/size-aware-policy.js';
import { cephToolOf, fmtMs, TENTACLE_RUN } from './ceph-tools.js';
import { type BenchMap, loadBenchMap } from './read-balancer-bench.js';

interface Loads {
  max: number;
  score: string;
}

/** Busiest OSD's load and Ceph's size-aware score (max / average over the OSDs holding PGs of the pool). */
function loads(osdmap: OsdMap, pool: Pool, pp: PoolPlacement | undefined): Loads {
  if (pp === undefined) return { max: 0, score: '-' };
  const pgs = pgsPerOsd(pool, pp, osdmap.maxOsd);
  const prims = new Int32Array(osdmap.maxOsd);
  for (const pg of pp.pgs) if (pg.actingPrimary >= 0 && pg.actingPrimary < osdmap.maxOsd) prims[pg.actingPrimary]!++;
  const r = readRatioOf(pool);
  let max = 0;
  let holders = 0;
  for (let o = 0; o < osdmap.maxOsd; o++) {
    if (pgs[o] === 0) continue;
    holders++;
    max = Math.max(max, osdLoad(pgs[o]!, prims[o]!, r));
  }
  const avg = (pool.pgNum * (100 + (pool.size - 1) * (100 - r))) / holders;
  return { max, score: (Math.round((max / avg) * 100) / 100).toFixed(2) };
}

const tentacle = cephToolOf(TENTACLE_RUN);

function cephSizeAware(dir: string, osdmap: OsdMap, crush: Parameters<typeof mapAllPgs>[1], pool: Pool) {
  const run = tentacle(dir, [
    'osdmaptool',
    'om',
    '--read',
    'sa-cmds.txt',
    '--read-pool',
    pool.name,
    '--osd-size-aware',
  ]);
  const file = join(dir, 'sa-cmds.txt');
  const lines = existsSync(file) ? readFileSync(file, 'utf8').split('\n') : [];
  const changes = lines
    .filter((x) => x.startsWith('ceph osd pg-upmap-primary'))
    .map((x) => {
      const [, , , pgid, osd] = x.trim().split(/\s+/);
      return { pgid: pgid as string, osd: Number(osd) };
    });
  const after = withUpmapPrimaries(osdmap, changes);
  const pp = mapAllPgs(after, crush, [pool.id]).pools.get(pool.id);
  return { ms: run.ms, changes: changes.length, ...loads(after, pool, pp) };
}

async function ours(dir: string, pool: Pool, policy: Policy) {
  const t0 = process.hrtime.bigint();
  const c = await loadCluster(join(dir, 'osdmap.json'), join(dir, 'crush.json'));
  const plan = buildPlan({
    osdmap: c.osdmap,
    crush: c.crush,
    placement: c.placement,
    poolIds: [pool.id],
    policy,
    hostOf: c.hosts.hostOf,
  });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const pp = plan.placementAfter.pools.get(pool.id);
  return { ms, changes: plan.ops.length, ...loads(plan.osdmapAfter, pool, pp) };
}

export async function benchSizeAware(maps: BenchMap[]): Promise<string[]> {
  const out = [
    'map | pool | PGs | read_ratio | max load before (score) | Tentacle --osd-size-aware: max load, score, changes, time | ceph-size-aware: max load, score, changes | size-aware: max load, score, changes, time',
  ];
  for (const m of maps) {
    const l = loadBenchMap({ name: `tentacle-${m.name}`, om: m.om }, tentacle);
    const placement = mapAllPgs(l.osdmap, l.crush);
    for (const pool of [...l.osdmap.pools.values()].filter(
      (p) => p.type === 'replicated' && p.pgNum > 1 && p.size > 1,
    )) {
      const before = loads(l.osdmap, pool, placement.pools.get(pool.id));
      let c = 'failed';
      try {
        const ceph = cephSizeAware(l.dir, l.osdmap, l.crush, pool);
        c = `${ceph.max}, ${ceph.score}, ${ceph.changes}, ${fmtMs(ceph.ms)}`;
      } catch (err) {
        const msg = (err as Error).message;
        c = /read ratio for pool .* is unset/.test(msg)
          ? 'refused: read_ratio unset'
          : /Error balancing primaries/.test(msg)
            ? "'Error balancing primaries'"
            : `failed: ${msg.slice(0, 60)}`;
      }
      const cs = await ours(l.dir, pool, cephSizeAwarePolicy);
      const sa = await ours(l.dir, pool, sizeAwarePolicy);
      out.push(
        `${m.name} | ${pool.name} | ${pool.pgNum} | ${readRatioOf(pool)}${pool.readRatio === undefined ? ' (default)' : ''} | ` +
          `${before.max} (${before.score}) | ${c} | ${cs.max}, ${cs.score}, ${cs.changes} | ${sa.max}, ${sa.score}, ${sa.changes}, ${fmtMs(sa.ms)}`,
      );
    }
  }
  return out;
}
