/** Worker thread: reads the snapshot files itself and maps its share of the PGs (see parallel-placement.ts). */
import { parentPort, workerData } from 'node:worker_threads';
import { readSnapshot } from '../ceph/read-snapshot.js';
import { mapRangesPacked, type PgRange } from '../cluster/pg-range-mapping.js';

const { osdmapPath, crushPath, ranges } = workerData as { osdmapPath: string; crushPath: string; ranges: PgRange[] };
const { osdmap, crush } = readSnapshot(osdmapPath, crushPath);
const packed = mapRangesPacked(osdmap, crush, ranges);
parentPort?.postMessage(packed, [packed.buffer as ArrayBuffer]);
