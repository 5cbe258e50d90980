import { MinHeap } from '../balance/min-heap.js';
import { type AliasTable, aliasDraw } from './alias-table.js';
import { nicMs } from './saturation-iops.js';
import { expGap, serviceSampler } from './service-sampler.js';
import type { SimCluster, SimPlacement, SimWorkload } from './sim-model.js';

/** What one simulated run measured (raw; summarised by simulatePlans). */
export interface RunFigures {
  /** Latency of each completed read, ms, in completion order. */
  latencies: Float64Array;
  /** Simulated time of the last read completion, ms. */
  endMs: number;
  osdBusyMs: Float64Array;
  osdReads: Float64Array;
  osdReadMs: Float64Array;
}

const T_ARRIVAL = 0;
const T_OSD = 1;
const T_NIC = 2;
const T_DELIVER = 3;
const T_BG = 4;

function grownI32(a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

/**
 * One discrete-event run: client ops arrive (open loop: Poisson at `readRate`; closed loop: clients x depth ops in
 * flight), each picks a PG by popularity; a read is served by the PG's primary, a write by every OSD of its acting
 * set. Each OSD is a FIFO queue with `osdThreads` servers (or all OSDs share one queue of `sharedCores` servers);
 * a slow host adds a fixed delay and, with a bandwidth, a FIFO link per host. Background ops load noisy OSDs.
 * Events live in one binary heap keyed by time; ops and sub-ops are indices into typed arrays (free lists), so the
 * loop allocates nothing per event. Deterministic for a given rng.
 */
export function runSim(
  cluster: SimCluster,
  plan: SimPlacement,
  w: SimWorkload,
  pgTable: AliasTable | undefined,
  rng: () => number,
): RunFigures {
  const maxOsd = cluster.maxOsd;
  const nPg = plan.primary.length;
  const sample = serviceSampler(w.dist, rng);
  const shared = w.sharedCores > 0;
  const nStations = shared ? 1 : maxOsd;
  const servers = shared ? w.sharedCores : w.osdThreads;
  const stBusy = new Int32Array(nStations);
  const stHead = new Int32Array(nStations).fill(-1);
  const stTail = new Int32Array(nStations).fill(-1);
  const nHosts = cluster.hostNames.length;
  const extra = new Float64Array(nHosts);
  const nicOf = new Int32Array(nHosts).fill(-1);
  const nicTime: number[] = [];
  for (const s of w.slowHosts) {
    if (s.host < 0 || s.host >= nHosts) continue;
    extra[s.host] = s.extraMs;
    if (s.mbps > 0) {
      nicOf[s.host] = nicTime.length;
      nicTime.push(nicMs(w.ioBytes, s.mbps));
    }
  }
  const nicBusy = new Uint8Array(nicTime.length);
  const nicHead = new Int32Array(nicTime.length).fill(-1);
  const nicTail = new Int32Array(nicTime.length).fill(-1);
  const bgRate = new Float64Array(maxOsd);
  for (let o = 0; o < maxOsd; o++) {
    const u = w.background[o] ?? 0;
    if (u > 0 && cluster.serviceMs[o]! > 0) bgRate[o] = (u * (shared ? 1 : w.osdThreads)) / cluster.serviceMs[o]!;
  }

  // sub-ops: one visit of one OSD (op -1: background); linked through subNext in queues and the free list
  let subOp = new Int32Array(1024);
  let subOsd = new Int32Array(1024);
  let subNext = new Int32Array(1024);
  let subFree = -1;
  let subCount = 0;
  const allocSub = (op: number, osd: number): number => {
    let s = subFree;
    if (s >= 0) subFree = subNext[s]!;
    else {
      if (subCount === subOp.length) {
        subOp = grownI32(subOp);
        subOsd = grownI32(subOsd);
        subNext = grownI32(subNext);
      }
      s = subCount++;
    }
    subOp[s] = op;
    subOsd[s] = osd;
    subNext[s] = -1;
    return s;
  };
  let opStart = new Float64Array(1024);
  let opPending = new Int32Array(1024);
  let opSlot = new Int32Array(1024);
  let opFree = -1;
  let opCount = 0;
  const allocOp = (): number => {
    let op = opFree;
    if (op >= 0) opFree = opSlot[op]!;
    else {
      if (opCount === opStart.length) {
        const s = new Float64Array(opStart.length * 2);
        s.set(opStart);
        opStart = s;
        opPending = grownI32(opPending);
        opSlot = grownI32(opSlot);
      }
      op = opCount++;
    }
    return op;
  };

  const heap = new MinHeap(4096);
  const latencies = new Float64Array(w.reads);
  const osdBusyMs = new Float64Array(maxOsd);
  const osdReads = new Float64Array(maxOsd);
  const osdReadMs = new Float64Array(maxOsd);
  let readsIssued = 0;
  let readsDone = 0;
  let endMs = 0;
  const opRatePerMs = w.readRate / 1000 / (1 - w.writeRatio);

  const start = (sub: number, st: number, t: number): void => {
    stBusy[st]!++;
    const osd = subOsd[sub]!;
    const s = sample(cluster.serviceMs[osd]!);
    osdBusyMs[osd] = osdBusyMs[osd]! + s;
    heap.push(t + s, sub * 8 + T_OSD);
  };
  const dispatch = (sub: number, t: number): void => {
    const st = shared ? 0 : subOsd[sub]!;
    if (stBusy[st]! < servers) start(sub, st, t);
    else {
      if (stTail[st]! >= 0) subNext[stTail[st]!] = sub;
      else stHead[st] = sub;
      stTail[st] = sub;
    }
  };
  const issue = (t: number, slot: number): void => {
    if (readsIssued >= w.reads) return;
    const pg = pgTable ? aliasDraw(pgTable, rng) : Math.floor(rng() * nPg);
    const op = allocOp();
    opStart[op] = t;
    opSlot[op] = slot;
    if (w.writeRatio > 0 && rng() < w.writeRatio) {
      const a = plan.offsets[pg]!;
      const b = plan.offsets[pg + 1]!;
      let n = 0;
      for (let j = a; j < b; j++) if (plan.osds[j]! >= 0 && plan.osds[j]! < maxOsd) n++;
      opPending[op] = n;
      for (let j = a; j < b; j++) {
        const o = plan.osds[j]!;
        if (o >= 0 && o < maxOsd) dispatch(allocSub(op, o), t);
      }
      if (n === 0) opPending[op] = 0;
    } else {
      readsIssued++;
      opPending[op] = -1; // -1: a read (one visit)
      dispatch(allocSub(op, plan.primary[pg]!), t);
    }
  };
  const subDone = (sub: number, t: number): void => {
    const op = subOp[sub]!;
    const osd = subOsd[sub]!;
    subNext[sub] = subFree;
    subFree = sub;
    let done = false;
    if (opPending[op] === -1) {
      const lat = t - opStart[op]!;
      latencies[readsDone++] = lat;
      osdReads[osd]!++;
      osdReadMs[osd] = osdReadMs[osd]! + lat;
      endMs = t;
      done = true;
    } else done = --opPending[op]! === 0;
    if (!done) return;
    const slot = opSlot[op]!;
    opSlot[op] = opFree;
    opFree = op;
    if (w.loop === 'closed') issue(t, slot);
  };
  const afterOsd = (sub: number, t: number): void => {
    if (subOp[sub]! < 0) {
      subNext[sub] = subFree;
      subFree = sub;
      return;
    }
    const h = cluster.hostOf[subOsd[sub]!]!;
    if (h < 0) subDone(sub, t);
    else if (nicOf[h]! >= 0) {
      const n = nicOf[h]!;
      if (nicBusy[n] === 0) {
        nicBusy[n] = 1;
        heap.push(t + nicTime[n]!, sub * 8 + T_NIC);
      } else {
        subNext[sub] = -1;
        if (nicTail[n]! >= 0) subNext[nicTail[n]!] = sub;
        else nicHead[n] = sub;
        nicTail[n] = sub;
      }
    } else if (extra[h]! > 0) heap.push(t + extra[h]!, sub * 8 + T_DELIVER);
    else subDone(sub, t);
  };

  if (w.loop === 'open') heap.push(expGap(opRatePerMs, rng), T_ARRIVAL);
  else for (let c = 0; c < w.clients * w.depth; c++) issue(0, c);
  for (let o = 0; o < maxOsd; o++) if (bgRate[o]! > 0) heap.push(expGap(bgRate[o]!, rng), o * 8 + T_BG);

  while (heap.size > 0) {
    const t = heap.topKey();
    const node = heap.pop();
    const type = node & 7;
    const id = node >>> 3;
    if (type === T_OSD) {
      const st = shared ? 0 : subOsd[id]!;
      stBusy[st]!--;
      const next = stHead[st]!;
      if (next >= 0) {
        stHead[st] = subNext[next]!;
        if (stHead[st]! < 0) stTail[st] = -1;
        start(next, st, t);
      }
      afterOsd(id, t);
    } else if (type === T_ARRIVAL) {
      issue(t, 0);
      if (readsIssued < w.reads) heap.push(t + expGap(opRatePerMs, rng), T_ARRIVAL);
    } else if (type === T_NIC) {
      const h = cluster.hostOf[subOsd[id]!]!;
      const n = nicOf[h]!;
      const next = nicHead[n]!;
      if (next >= 0) {
        nicHead[n] = subNext[next]!;
        if (nicHead[n]! < 0) nicTail[n] = -1;
        heap.push(t + nicTime[n]!, next * 8 + T_NIC);
      } else nicBusy[n] = 0;
      if (extra[h]! > 0) heap.push(t + extra[h]!, id * 8 + T_DELIVER);
      else subDone(id, t);
    } else if (type === T_DELIVER) subDone(id, t);
    else if (readsIssued < w.reads) {
      dispatch(allocSub(-1, id), t);
      heap.push(t + expGap(bgRate[id]!, rng), id * 8 + T_BG);
    }
  }
  return { latencies: latencies.subarray(0, readsDone), endMs, osdBusyMs, osdReads, osdReadMs };
}
