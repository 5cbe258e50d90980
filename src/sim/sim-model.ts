/**
 * The inputs of the read simulator as plain data: the cluster's servers (OSDs, host NICs), the plans to compare
 * (each a flattened placement of the same PGs) and the workload. Times are milliseconds, rates per second.
 */

/** How one op's service time at an OSD is drawn around the OSD's mean. */
export type ServiceDist = { kind: 'exp' } | { kind: 'det' } | { kind: 'lognormal'; cv: number };

export interface SimCluster {
  /** OSD slots; per-OSD arrays have this length. */
  maxOsd: number;
  /** Mean service time of one op at each OSD, ms (from its device class). */
  serviceMs: Float64Array;
  /** Host index of each OSD (-1: none). */
  hostOf: Int32Array;
  hostNames: readonly string[];
}

/** One plan's placement of the PGs, flattened: PG i's acting set is osds[offsets[i] .. offsets[i+1]). */
export interface SimPlacement {
  label: string;
  changes: number;
  primary: Int32Array;
  offsets: Int32Array;
  osds: Int32Array;
}

export interface SlowHost {
  host: number;
  /** Added to every op an OSD of the host serves (network delay; it occupies nothing). */
  extraMs: number;
  /** NIC bandwidth, MB/s (10^6 bytes); each op's reply takes ioBytes / bandwidth on a FIFO link. 0: unlimited. */
  mbps: number;
}

export interface SimWorkload {
  /** Reads to simulate per plan (writes come on top, by writeRatio). */
  reads: number;
  seed: number;
  loop: 'open' | 'closed';
  /** Open loop: client reads per second (Poisson); 0: `load` x the first plan's saturation throughput. */
  readRate: number;
  /** Open loop without a readRate: fraction of the first plan's (CRUSH as is) saturation throughput. */
  load: number;
  /** Closed loop: clients x depth ops in flight, each reissued when it completes (no think time). */
  clients: number;
  depth: number;
  /** Zipf exponent over objects (0: every PG equally likely). */
  zipf: number;
  /** Objects per PG for the Zipf popularity (objects are spread over PGs by a seeded hash). */
  objectsPerPg: number;
  /** Fraction of ops that are writes (served by every OSD of the acting set; the op ends when all have). */
  writeRatio: number;
  dist: ServiceDist;
  /** Background utilisation per OSD (noisy neighbour): Poisson ops of the OSD's own service time. */
  background: Float64Array;
  slowHosts: readonly SlowHost[];
  ioBytes: number;
  /** Ops an OSD serves at once (servers per OSD queue). */
  osdThreads: number;
  /** > 0: every OSD shares this many CPU cores (one queue for the whole cluster), as memstore OSDs on one box. */
  sharedCores: number;
}
