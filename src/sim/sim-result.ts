/**
 * What `loadshift simulate` measures for each plan it compares, as plain data: the contract between the simulator
 * (src/sim/), its text/JSON output (src/cli/) and the HTML report and dashboard (src/report/).
 */

/** Read latency distribution of one simulated run, in milliseconds. */
export interface LatencySummary {
  mean: number;
  p50: number;
  p99: number;
  p999: number;
  /** Histogram for charts: counts[i] reads with latency in [boundsMs[i], boundsMs[i+1]) (last bucket open-ended). */
  boundsMs: number[];
  counts: number[];
}

export interface SimOsdFigures {
  osd: number;
  /** Fraction of the simulated time the OSD was busy (0..1). */
  utilisation: number;
  /** Reads it served as primary. */
  reads: number;
  /** Mean read latency of the reads it served, ms. */
  meanReadMs: number;
}

/** One plan under one workload. */
export interface SimRun {
  /** e.g. `crush` (the cluster as is), `osdmaptool --read`, `loadshift even`. */
  label: string;
  /** Number of primary changes the plan makes (0 for the cluster as is). */
  changes: number;
  /** Completed reads per second at saturation (closed loop at full concurrency / open loop's highest stable rate). */
  saturationIops: number;
  /** Reads per second achieved in the latency run. */
  iops: number;
  latency: LatencySummary;
  osds: SimOsdFigures[];
}

export interface SimReport {
  seed: number;
  /** One line describing the workload (loop, rate or concurrency, distribution, read/write mix). */
  workload: string;
  /** Simulated reads per run. */
  reads: number;
  runs: SimRun[];
}
