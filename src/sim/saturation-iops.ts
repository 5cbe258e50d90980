import type { SimCluster, SimWorkload } from './sim-model.js';

/**
 * Saturation throughput, in reads per second: the highest open-loop arrival rate at which every server of the
 * model is still below 100 % busy (beyond it some queue grows without bound). Each server's capacity is its
 * servers minus its background load; its demand per client op is visits x mean service time. For a closed loop
 * with many ops in flight this is also the throughput it converges to (tests check both).
 */
export function saturationIops(cluster: SimCluster, w: SimWorkload, visits: Float64Array): number {
  let maxOpsPerMs = Number.POSITIVE_INFINITY;
  if (w.sharedCores > 0) {
    let demand = 0;
    let bg = 0;
    for (let o = 0; o < cluster.maxOsd; o++) {
      demand += visits[o]! * cluster.serviceMs[o]!;
      bg += w.background[o] ?? 0;
    }
    if (demand > 0) maxOpsPerMs = Math.max(0, w.sharedCores - bg) / demand;
  } else {
    for (let o = 0; o < cluster.maxOsd; o++) {
      const d = visits[o]! * cluster.serviceMs[o]!;
      if (d > 0) maxOpsPerMs = Math.min(maxOpsPerMs, (w.osdThreads * (1 - (w.background[o] ?? 0))) / d);
    }
  }
  for (const s of w.slowHosts) {
    if (!(s.mbps > 0)) continue;
    let v = 0;
    for (let o = 0; o < cluster.maxOsd; o++) if (cluster.hostOf[o] === s.host) v += visits[o]!;
    if (v > 0) maxOpsPerMs = Math.min(maxOpsPerMs, 1 / (v * nicMs(w.ioBytes, s.mbps)));
  }
  return maxOpsPerMs * 1000 * (1 - w.writeRatio);
}

/** Time one op's reply takes on a link of `mbps` MB/s, ms. */
export function nicMs(ioBytes: number, mbps: number): number {
  return ioBytes / (mbps * 1000);
}
