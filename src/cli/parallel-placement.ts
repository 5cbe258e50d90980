import { availableParallelism } from 'node:os';
import type { JsonDocument } from '../ceph/read-json.js';
import type { OsdMap } from '../cluster/osdmap.js';
import type { PgMapping, Placement } from '../cluster/placement.js';
import { mapAllPgs } from '../cluster/pg-mapping.js';
import { ProbesBuilder } from '../cluster/crush-probes.js';
import { chunkRanges, feedProbes, mapChunksInto, unpackAt } from '../cluster/pg-range-mapping.js';
import type { CrushMap } from '../crush/types.js';

/** Below this many PGs one thread is faster than starting workers. */
const PARALLEL_MIN_PGS = 60_000;

/** PGs a thread maps per claim: small enough to share the end of the work evenly, large enough to pack cheaply. */
const CHUNK_PGS = 1024;

export interface ParallelOptions {
  /** Below this many PGs in all, map on the calling thread only. */
  minPgs?: number;
  /** Threads in all (the calling one included); default: min(4, available CPUs). */
  threads?: number;
  /** Whether the calling thread maps chunks too (default true; false leaves every chunk to the workers: tests). */
  callerMaps?: boolean;
  /** PGs a thread takes per claim (tests use small chunks to interleave the threads). */
  chunkPgs?: number;
  /** Record what CRUSH read per PG (crush-probes.ts: the watch daemon's incremental maps); default false. */
  probes?: boolean;
  /** The compiled worker script; default: map-worker.js beside this module. */
  workerUrl?: URL;
}

/**
 * mapAllPgs, with large clusters shared with worker threads; each worker parses the same two documents (their text
 * is copied to it: a snapshot gathered from a live cluster is not a file). The PGs are cut into chunks that every
 * thread, the calling one included, takes from one shared counter until none is left: a worker still starting takes
 * fewer, none if the calling thread is done first. A worker posts its chunks back as one transferable buffer. Same
 * result as mapAllPgs, bit for bit (probes too).
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
  const record = opts.probes === true;
  if (total < (opts.minPgs ?? PARALLEL_MIN_PGS) || threads < 2) return mapAllPgs(osdmap, crush, undefined, record);
  // loaded here: worker_threads costs ~2 ms of every start-up that maps on one thread (a one-shot plan)
  const { Worker } = await import('node:worker_threads');
  const chunks = chunkRanges(osdmap, opts.chunkPgs ?? CHUNK_PGS);
  const cursor = new Int32Array(new SharedArrayBuffer(4));
  const claim = (): number => Atomics.add(cursor, 0, 1);
  const url = opts.workerUrl ?? new URL('./map-worker.js', import.meta.url);
  const workers = Array.from(
    { length: threads - 1 },
    () =>
      new Promise<WorkerResult>((resolve, reject) => {
        const w = new Worker(url, {
          workerData: { osdmap: docs.osdmap, crush: docs.crush, chunks, cursor, probes: record },
        });
        w.once('message', (m: WorkerResult) => resolve(m));
        w.once('error', reject);
        w.once('exit', (code) => reject(new Error(`mapping worker exited (${code}) without a result`)));
      }),
  );
  const pgs = new Map<number, PgMapping[]>();
  for (const p of osdmap.pools.values()) pgs.set(p.id, new Array<PgMapping>(p.pgNum));
  const mine = mapChunksInto(
    osdmap,
    crush,
    chunks,
    opts.callerMaps === false ? () => chunks.length : claim,
    pgs,
    record,
  );
  const theirs = new Map<number, { packed: Int32Array; offset: number }>();
  for (const r of await Promise.all(workers))
    for (let i = 0; i < r.index.length; i += 2) theirs.set(r.index[i]!, { packed: r.packed, offset: r.index[i + 1]! });
  // every pool's probes are added PG after PG: chunks in order, whichever thread mapped them
  const probes = new Map<number, ProbesBuilder>();
  if (record) for (const p of osdmap.pools.values()) probes.set(p.id, new ProbesBuilder(p.pgNum));
  chunks.forEach((r, k) => {
    const builder = probes.get(r.poolId);
    const sink = builder && ((src: ArrayLike<number>, from: number, to: number) => builder.addSlice(src, from, to));
    const at = mine.at.get(k);
    if (at !== undefined) {
      if (sink) feedProbes(mine.probes, at, r.to - r.from, sink);
      return;
    }
    const t = theirs.get(k);
    if (t === undefined) throw new Error(`mapping: PGs ${r.from}..${r.to - 1} of pool ${r.poolId} were not mapped`);
    const list = pgs.get(r.poolId)!;
    let ps = r.from;
    unpackAt(t.packed, t.offset, r.to - r.from, (m) => (list[ps++] = m), sink);
  });
  const pools = new Map(
    [...pgs.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([id, list]) => [
        id,
        record ? { poolId: id, pgs: list, probes: probes.get(id)!.finish() } : { poolId: id, pgs: list },
      ]),
  );
  return { pools };
}

/** What a mapping worker posts: its chunks packed, and (chunk, offset) pairs (pg-range-mapping.ts). */
export interface WorkerResult {
  packed: Int32Array;
  index: Int32Array;
}
