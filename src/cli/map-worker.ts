/**
 * Worker thread: parses the snapshot documents it is given and maps the chunks of PGs it claims from the shared
 * counter until none is left (parallel-placement.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { JsonDocument } from '../ceph/read-json.js';
import { parseSnapshot } from '../ceph/read-snapshot.js';
import { mapChunksPacked, type PgRange } from '../cluster/pg-range-mapping.js';
import type { WorkerResult } from './parallel-placement.js';

const data = workerData as {
  osdmap: JsonDocument;
  crush: JsonDocument;
  chunks: PgRange[];
  cursor: Int32Array;
  probes: boolean;
};
const { osdmap, crush } = parseSnapshot(data.osdmap, data.crush);
const result: WorkerResult = mapChunksPacked(
  osdmap,
  crush,
  data.chunks,
  () => Atomics.add(data.cursor, 0, 1),
  data.probes,
);
parentPort?.postMessage(result, [result.packed.buffer as ArrayBuffer, result.index.buffer as ArrayBuffer]);
