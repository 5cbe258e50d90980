/**
 * `npm run bench -- sim`: the read simulator on the demo cluster (live-12osd: the same cluster as demo/) and on a
 * 1,000-OSD map. Per map: Reef's own read balancer (`osdmaptool --read`, pool by pool, its commands concatenated
 * into bench/.cache/<map>/reef-read.sh, which `loadshift simulate --plan-script` reads like any script) against
 * loadshift's plans, side by side; then the time of simulating 1M reads on the 1,000-OSD map.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildPlan } from '../src/balance/build-plan.js';
import { readPlanScript } from '../src/ceph/read-plan-script.js';
import { mapAllPgs } from '../src/cluster/pg-mapping.js';
import { withScriptCommands } from '../src/cluster/with-script-commands.js';
import { loadCluster } from '../src/cli/load-cluster.js';
import { DEFAULT_SERVICE } from '../src/cli/sim-flags.js';
import { renderSimText } from '../src/cli/sim-text.js';
import { affinityShares } from '../src/policy/affinity-shares.js';
import { cephPolicy } from '../src/policy/ceph-policy.js';
import { evenPolicy } from '../src/policy/even-policy.js';
import { simCluster } from '../src/sim/sim-cluster.js';
import type { SimWorkload } from '../src/sim/sim-model.js';
import { simPlacement } from '../src/sim/sim-placement.js';
import { simulatePlans } from '../src/sim/simulate-plans.js';
import { cephTool, fmtMs } from './ceph-tools.js';
import { type BenchMap, loadBenchMap } from './read-balancer-bench.js';

/** Reef's read balancer on every replicated pool of the map: one script of its commands (cached). */
export function reefReadScript(m: BenchMap): string {
  const l = loadBenchMap(m);
  const out: string[] = [
    `# osdmaptool om --read FILE --read-pool POOL (Reef 18.2.7), for every replicated pool of ${m.name}`,
  ];
  for (const pool of [...l.osdmap.pools.values()].filter((p) => p.type === 'replicated' && p.pgNum > 1)) {
    cephTool(l.dir, ['osdmaptool', 'om', '--read', 'read-cmds.txt', '--read-pool', pool.name]);
    out.push(
      ...readFileSync(join(l.dir, 'read-cmds.txt'), 'utf8')
        .split('\n')
        .filter((x) => x.startsWith('ceph ')),
    );
  }
  const file = join(l.dir, 'reef-read.sh');
  writeFileSync(file, `${out.join('\n')}\n`);
  return file;
}

export function workload(over: Partial<SimWorkload>, maxOsd: number): SimWorkload {
  return {
    reads: 200_000,
    seed: 1,
    loop: 'open',
    readRate: 0,
    load: 0.8,
    clients: 64,
    depth: 4,
    zipf: 0,
    objectsPerPg: 64,
    writeRatio: 0,
    dist: { kind: 'exp' },
    background: new Float64Array(maxOsd),
    slowHosts: [],
    ioBytes: 4096,
    osdThreads: 1,
    sharedCores: 0,
    ...over,
  };
}

async function compare(m: BenchMap, over: Partial<SimWorkload>): Promise<string[]> {
  const l = loadBenchMap(m);
  const script = reefReadScript(m);
  const c = await loadCluster(join(l.dir, 'osdmap.json'), join(l.dir, 'crush.json'));
  const poolIds = [...c.osdmap.pools.keys()].sort((a, b) => a - b);
  const cmds = readPlanScript(readFileSync(script, 'utf8'), script, c.osdmap);
  const plans = [
    simPlacement('crush', 0, c.placement, poolIds),
    simPlacement(
      'osdmaptool --read',
      cmds.length,
      mapAllPgs(withScriptCommands(c.osdmap, cmds), c.crush, poolIds),
      poolIds,
    ),
  ];
  for (const policy of [evenPolicy, cephPolicy]) {
    const plan = buildPlan({ ...c, poolIds, policy: affinityShares(policy), hostOf: c.hosts.hostOf });
    plans.push(simPlacement(`loadshift ${policy.name}`, plan.ops.length, plan.placementAfter, poolIds));
  }
  const cluster = simCluster(c.osdmap, c.crush, c.hosts, DEFAULT_SERVICE, 'hdd');
  const rep = simulatePlans({ cluster, plans, workload: workload(over, c.osdmap.maxOsd) });
  return [`### ${m.name} (${c.osdmap.maxOsd} OSDs, script: ${script})`, ...renderSimText(rep).trimEnd().split('\n')];
}

export async function benchSim(demo: BenchMap, big: BenchMap): Promise<string[]> {
  const out: string[] = [];
  for (const m of [demo, big]) {
    out.push(...(await compare(m, {})), '');
    out.push(...(await compare(m, { zipf: 1.1 })), '');
  }
  // speed: 1M reads on the 1,000-OSD map, CRUSH as is, open loop at 80 % of saturation
  const l = loadBenchMap(big);
  const c = await loadCluster(join(l.dir, 'osdmap.json'), join(l.dir, 'crush.json'));
  const poolIds = [...c.osdmap.pools.keys()];
  const cluster = simCluster(c.osdmap, c.crush, c.hosts, DEFAULT_SERVICE, 'hdd');
  const plans = [simPlacement('crush', 0, c.placement, poolIds)];
  for (const [name, over] of [
    ['open loop, exponential', {}],
    [
      'open loop, Zipf 1.1, lognormal cv 1, 10% writes',
      { zipf: 1.1, dist: { kind: 'lognormal', cv: 1 }, writeRatio: 0.1 },
    ],
    ['closed loop 256 x 4', { loop: 'closed', clients: 256, depth: 4 }],
  ] as const) {
    const w = workload({ reads: 1_000_000, ...(over as Partial<SimWorkload>) }, c.osdmap.maxOsd);
    const t0 = process.hrtime.bigint();
    simulatePlans({ cluster, plans, workload: w });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    out.push(`1M reads, ${c.osdmap.maxOsd} OSDs / ${plans[0]!.primary.length} PGs, ${name}: ${fmtMs(ms)}`);
  }
  return out;
}
