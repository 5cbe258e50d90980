/**
 * `simulatePlans(input) → SimReport`: the read simulator's entry point, pure (no I/O, no clock; randomness from
 * `input.rng(seed)`, mulberry32 by default), called by `loadshift simulate`, the HTML report and the demo.
 *
 * input.cluster   the servers: each OSD's mean service time (by device class; 0 = not simulated), host of each OSD;
 * input.plans     the placements to compare, same PGs in the same order (simPlacement() flattens a Placement);
 *                 the first is the reference (by convention `crush`, the cluster as is);
 * input.workload  reads per plan, seed, open loop (Poisson at readRate, or `load` x the first plan's saturation)
 *                 or closed loop (clients x depth in flight), Zipf popularity, write ratio, service distribution,
 *                 noisy OSDs, slow hosts, threads per OSD or a shared-CPU pool (see sim-model.ts).
 *
 * Every plan runs with the same seed (common random numbers: the same arrival and popularity draws), so the
 * differences between runs come from the placement, not from sampling noise. Per run: saturationIops is the
 * analytic highest stable open-loop read rate (saturation-iops.ts), iops and latency come from the simulated run,
 * and per-OSD utilisation is busy time / simulated time.
 */
import { aliasTable } from './alias-table.js';
import { latencySummary } from './latency-summary.js';
import { mulberry32 } from './mulberry32.js';
import { osdVisits } from './osd-visits.js';
import { runSim } from './run-sim.js';
import { saturationIops } from './saturation-iops.js';
import type { SimCluster, SimPlacement, SimWorkload } from './sim-model.js';
import type { SimOsdFigures, SimReport, SimRun } from './sim-result.js';
import { zipfPgWeights } from './zipf-weights.js';

export interface SimulateInput {
  cluster: SimCluster;
  plans: readonly SimPlacement[];
  workload: SimWorkload;
  rng?: (seed: number) => () => number;
}

export function simulatePlans(input: SimulateInput): SimReport {
  const { cluster, plans } = input;
  const makeRng = input.rng ?? mulberry32;
  const first = plans[0];
  if (!first) throw new Error('simulatePlans: no plan to simulate');
  const nPg = first.primary.length;
  for (const p of plans)
    if (p.primary.length !== nPg)
      throw new Error(`simulatePlans: plan '${p.label}' has ${p.primary.length} PGs, not ${nPg}`);
  const w0 = input.workload;
  const weights = zipfPgWeights(nPg, w0.objectsPerPg, w0.zipf, w0.seed);
  // a PG without a primary in some plan takes no client I/O in any (the runs must see the same workload)
  let holes = false;
  for (const p of plans)
    for (let i = 0; i < nPg; i++)
      if (p.primary[i]! < 0 || p.primary[i]! >= cluster.maxOsd) {
        weights[i] = 0;
        holes = true;
      }
  const table = w0.zipf > 0 || holes ? aliasTable(weights) : undefined;
  const sats = plans.map((p) => saturationIops(cluster, w0, osdVisits(p, weights, w0.writeRatio, cluster.maxOsd)));
  const readRate = w0.loop === 'open' && !(w0.readRate > 0) ? w0.load * sats[0]! : w0.readRate;
  const w: SimWorkload = { ...w0, readRate };
  const runs: SimRun[] = plans.map((p, k) => {
    const f = runSim(cluster, p, w, table, makeRng(w.seed));
    const T = f.endMs > 0 ? f.endMs : 1;
    // busy time over the capacity it had: its own servers, or (shared cores) the whole pool
    const capacity = T * (w.sharedCores > 0 ? w.sharedCores : w.osdThreads);
    const osds: SimOsdFigures[] = [];
    for (let o = 0; o < cluster.maxOsd; o++) {
      if (!(cluster.serviceMs[o]! > 0)) continue;
      const reads = f.osdReads[o]!;
      osds.push({
        osd: o,
        utilisation: Math.min(1, f.osdBusyMs[o]! / capacity),
        reads,
        meanReadMs: reads > 0 ? f.osdReadMs[o]! / reads : 0,
      });
    }
    return {
      label: p.label,
      changes: p.changes,
      saturationIops: sats[k]!,
      iops: (f.latencies.length * 1000) / T,
      latency: latencySummary(f.latencies),
      osds,
    };
  });
  return { seed: w.seed, workload: describeWorkload(w), reads: w.reads, runs };
}

/** One line: loop and rate or concurrency, popularity, mix, service model. */
export function describeWorkload(w: SimWorkload): string {
  const loop =
    w.loop === 'open'
      ? `open loop, Poisson ${Math.round(w.readRate)} reads/s`
      : `closed loop, ${w.clients} clients x depth ${w.depth}`;
  const pop = w.zipf > 0 ? `Zipf s=${w.zipf} over ${w.objectsPerPg} objects/PG` : 'uniform over PGs';
  const mix = w.writeRatio > 0 ? `${Math.round(w.writeRatio * 100)}% writes (to every replica)` : 'reads only';
  const dist =
    w.dist.kind === 'lognormal' ? `lognormal cv ${w.dist.cv}` : w.dist.kind === 'exp' ? 'exponential' : 'deterministic';
  const servers = w.sharedCores > 0 ? `all OSDs share ${w.sharedCores} core(s)` : `${w.osdThreads} thread(s) per OSD`;
  return `${loop}; ${pop}; ${mix}; ${dist} service, ${servers}`;
}
