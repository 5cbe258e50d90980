/** Worker thread: parses the snapshot documents it is given and maps its share of the PGs (parallel-placement.ts). */
import { parentPort, workerData } from 'node:worker_threads';
import type { JsonDocument } from '../ceph/read-json.js';
import { parseSnapshot } from '../ceph/read-snapshot.js';
import { mapRangesPacked, type PgRange } from '../cluster/pg-range-mapping.js';

const data = workerData as { osdmap: JsonDocument; crush: JsonDocument; ranges: PgRange[] };
const { osdmap, crush } = parseSnapshot(data.osdmap, data.crush);
const packed = mapRangesPacked(osdmap, crush, data.ranges);
parentPort?.postMessage(packed, [packed.buffer as ArrayBuffer]);
