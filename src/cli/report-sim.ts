/**
 * The simulated gain of a plan, for `report --simulate` and the demo: the read simulator (src/sim) on the cluster as
 * is and after the plan, with `loadshift simulate`'s default workload (open loop at 80% of the cluster's saturation
 * as is, 200,000 reads per plan, uniform over the PGs, exponential service times hdd 8 ms / ssd 0.5 ms / nvme 0.1 ms,
 * seed 1); `loadshift simulate` varies it.
 */
import type { Plan } from '../balance/plan.js';
import { simCluster } from '../sim/sim-cluster.js';
import { simPlacement } from '../sim/sim-placement.js';
import type { SimReport } from '../sim/sim-result.js';
import { simulatePlans } from '../sim/simulate-plans.js';
import type { LoadedCluster } from './load-cluster.js';
import { DEFAULT_SERVICE, type SimFlags, simWorkload } from './sim-flags.js';

const DEFAULTS: SimFlags = {
  reads: 200_000,
  loop: 'open',
  load: 0.8,
  clients: 64,
  depth: 4,
  zipf: 0,
  objectsPerPg: 64,
  writeRatio: 0,
  service: new Map(DEFAULT_SERVICE),
  defaultClass: 'hdd',
  serviceDist: { kind: 'exp' },
  osdService: [],
  noisy: [],
  slowHost: [],
  ioSize: 4096,
  osdThreads: 1,
  sharedCores: 0,
  seed: 1,
};

export function simulatePlanGain(c: LoadedCluster, plan: Plan): SimReport {
  const poolIds = plan.pools.filter((p) => p.status !== 'skipped').map((p) => p.poolId);
  const plans = [
    simPlacement('crush (as is)', 0, c.placement, poolIds),
    simPlacement(`loadshift ${plan.policy}`, plan.ops.length, plan.placementAfter, poolIds),
  ];
  const cluster = simCluster(c.osdmap, c.crush, c.hosts, DEFAULTS.service, DEFAULTS.defaultClass);
  return simulatePlans({ cluster, plans, workload: simWorkload(DEFAULTS, c.osdmap, c.hosts) });
}

const ms = (v: number): string => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));

/** The gain in two lines: saturation throughput, and latency at the same offered load. */
export function simGainLines(r: SimReport): string[] {
  const [a, b] = r.runs;
  if (a === undefined || b === undefined) return [];
  const pct = a.saturationIops > 0 ? ((b.saturationIops / a.saturationIops - 1) * 100).toFixed(1) : '-';
  return [
    `saturation ${a.saturationIops.toFixed(0)} -> ${b.saturationIops.toFixed(0)} reads/s (${pct.startsWith('-') ? '' : '+'}${pct}%)`,
    `p99 latency ${ms(a.latency.p99)} -> ${ms(b.latency.p99)} ms at ${a.iops.toFixed(0)} reads/s (mean ${ms(a.latency.mean)} -> ${ms(b.latency.mean)} ms)`,
  ];
}
