/**
 * `plan --method affinity` (primary-affinity values) per map: the time of the whole plan as the CLI makes it (read,
 * map every PG, optimise, check every prediction), and per pool the busiest OSD with CRUSH's primaries, with the
 * affinity plan, with Reef's `osdmaptool --read` (which needs pg-upmap-primary), and the per-PG optimum
 * pg-upmap-primary can reach (the bound one value per OSD can at best approach).
 */
import { join } from 'node:path';
import { buildAffinityPlan } from '../src/balance/affinity-plan.js';
import { loadCluster } from '../src/cli/load-cluster.js';
import { mapAllPgs } from '../src/cluster/pg-mapping.js';
import { fmtMs } from './ceph-tools.js';
import { type BenchMap, cephRead, loadBenchMap, maxPrimaries } from './read-balancer-bench.js';

export async function benchAffinity(maps: BenchMap[], skipCephAbovePgs = Infinity): Promise<string[]> {
  const out = [
    'map | pool | PGs | busiest OSD: CRUSH | affinity plan | osdmaptool --read (upmap-primary) | per-PG optimum (upmap-primary) | OSDs changed | plan time',
  ];
  for (const m of maps) {
    const l = loadBenchMap(m);
    const t0 = process.hrtime.bigint();
    const c = await loadCluster(join(l.dir, 'osdmap.json'), join(l.dir, 'crush.json'));
    const plan = buildAffinityPlan({
      osdmap: c.osdmap,
      crush: c.crush,
      placement: c.placement,
      poolIds: [...c.osdmap.pools.keys()],
    });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    const placement = mapAllPgs(l.osdmap, l.crush);
    for (const p of plan.pools) {
      const pool = l.osdmap.pools.get(p.poolId);
      if (pool === undefined || pool.type !== 'replicated' || pool.pgNum <= 1) continue;
      let ceph = 'skipped';
      try {
        if (pool.pgNum <= skipCephAbovePgs) ceph = String(cephRead(l, pool).max);
      } catch (err) {
        ceph = `failed: ${(err as Error).message.slice(0, 60)}`;
      }
      out.push(
        `${m.name} | ${p.poolName} | ${p.pgCount} | ${maxPrimaries(placement.pools.get(p.poolId))} | ${p.maxAfter} | ${ceph} | ${p.upmapOptimum ?? '-'} | ${plan.ops.length} | ${fmtMs(ms)}`,
      );
    }
  }
  return out;
}
