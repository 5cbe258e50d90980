import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { JsonDocument } from '../ceph/read-json.js';
import type { OsdMap } from '../cluster/osdmap.js';
import type { PgMapping, Placement } from '../cluster/placement.js';
import { mapAllPgs } from '../cluster/pg-mapping.js';
import { ProbesBuilder } from '../cluster/crush-probes.js';
import { mapRanges, type ProbeSink, unpackMappings, type PgRange } from '../cluster/pg-range-mapping.js';
import type { CrushMap } from '../crush/types.js';

/** Below this many PGs one thread is faster than starting workers. */
const PARALLEL_MIN_PGS = 60_000;

/** Splits the PGs of all pools (by id) into `parts` contiguous slices of about equal size. */
function split(osdmap: OsdMap, parts: number): PgRange[][] {
  const pools = [...osdmap.pools.values()].sort((a, b) => a.id - b.id);
  const total = pools.reduce((s, p) => s + p.pgNum, 0);
  const per = Math.ceil(total / parts);
  const out: PgRange[][] = Array.from({ length: parts }, () => []);
  let part = 0;
  let room = per;
  for (const p of pools) {
    let from = 0;
    while (from < p.pgNum) {
      const to = Math.min(p.pgNum, from + room);
      out[part]?.push({ poolId: p.id, from, to });
      room -= to - from;
      from = to;
      if (room === 0 && part < parts - 1) {
        part++;
        room = per;
      }
    }
  }
  return out;
}

export interface ParallelOptions {
  /** Below this many PGs in all, map on the calling thread only. */
  minPgs?: number;
  /** Threads in all (the calling one included); default: min(4, available CPUs). */
  threads?: number;
  /** The compiled worker script; default: map-worker.js beside this module. */
  workerUrl?: URL;
}

/**
 * mapAllPgs, with large clusters split across worker threads; each worker parses the same two documents (their text
 * is copied to it: a snapshot gathered from a live cluster is not a file) and posts back its share as one
 * transferable buffer, while the calling thread maps its own share. Same result as mapAllPgs, bit for bit.
 */
export async function mapAllPgsParallel(
  osdmap: OsdMap,
  crush: CrushMap,
  docs: { osdmap: JsonDocument; crush: JsonDocument },
  opts: ParallelOptions = {},
): Promise<Placement> {
  let total = 0;
  for (const p of osdmap.pools.values()) total += p.pgNum;
  const threads = opts.threads ?? Math.min(4, availableParallelism());
  if (total < (opts.minPgs ?? PARALLEL_MIN_PGS) || threads < 2) return mapAllPgs(osdmap, crush);
  const parts = split(osdmap, threads);
  const url = opts.workerUrl ?? new URL('./map-worker.js', import.meta.url);
  const workers = parts.slice(1).map(
    (ranges) =>
      new Promise<Int32Array>((resolve, reject) => {
        const w = new Worker(url, { workerData: { osdmap: docs.osdmap, crush: docs.crush, ranges } });
        w.once('message', (m: Int32Array) => resolve(m));
        w.once('error', reject);
        w.once('exit', (code) => reject(new Error(`mapping worker exited (${code}) without a result`)));
      }),
  );
  // the parts follow each other in (pool id, ps) order, so each pool's probes arrive PG after PG
  const probes = new Map<number, ProbesBuilder>();
  for (const p of osdmap.pools.values()) probes.set(p.id, new ProbesBuilder(p.pgNum));
  const sinkFor = (ranges: readonly PgRange[]): ProbeSink => {
    let r = 0;
    let left = (ranges[0]?.to ?? 0) - (ranges[0]?.from ?? 0);
    return (probed) => {
      while (left === 0) {
        r++;
        left = (ranges[r]?.to ?? 0) - (ranges[r]?.from ?? 0);
      }
      probes.get(ranges[r]?.poolId ?? -1)?.add(probed);
      left--;
    };
  };
  const mine = mapRanges(osdmap, crush, parts[0] ?? [], sinkFor(parts[0] ?? []));
  const packed = await Promise.all(workers);
  const pgs = new Map<number, PgMapping[]>();
  for (const p of osdmap.pools.values()) pgs.set(p.id, new Array<PgMapping>(p.pgNum));
  parts.forEach((ranges, k) => {
    const count = ranges.reduce((s, r) => s + r.to - r.from, 0);
    const list = k === 0 ? mine : unpackMappings(packed[k - 1] as Int32Array, count, sinkFor(ranges));
    let i = 0;
    for (const r of ranges) {
      const arr = pgs.get(r.poolId) as PgMapping[];
      for (let ps = r.from; ps < r.to; ps++) arr[ps] = list[i++] as PgMapping;
    }
  });
  const pools = new Map(
    [...pgs.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([id, list]) => [id, { poolId: id, pgs: list, probes: (probes.get(id) as ProbesBuilder).finish() }]),
  );
  return { pools };
}
