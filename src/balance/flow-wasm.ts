/**
 * The engine's flow loops on WebAssembly (wasm/flow-kernels.c): routeExcess's max-flow and minCostAssign's phases.
 * Each call copies the graph's held index and the flow's arrays into the module's memory, runs the loop there and
 * copies back what it changed, so the TypeScript data stays as it is (and the TypeScript loops remain: the
 * reference, run where WebAssembly is missing and by the tests, which compare both). The results are the same bit for
 * bit. Why: a one-shot `plan` runs each loop only a few times, mostly before V8 has compiled them; the C needs no
 * warm-up (at 1,000 OSDs / 32k PGs the engine took 180 ms cold, ~50 ms warm).
 */
import { FLOW_KERNELS_WASM_BASE64 } from './flow-kernels-wasm.js';
import type { FlowState } from './flow-state.js';
import type { PoolGraph } from './flow-graph.js';
import type { HeldIndex } from './held-index.js';
import type { FlowScratch } from './max-flow.js';

// field indexes of wasm/flow-kernels.c (I_*, F_*)
const I_M = 0;
const I_STRIDE = 1;
const I_ASSIGN = 2;
const I_COUNT = 3;
const I_CAP = 4;
const I_START = 5;
const I_END = 6;
const I_PG = 7;
const I_HOME = 8;
const I_CHOICE = 9;
const I_POS = 10;
const I_LEVEL = 11;
const I_QUEUE = 12;
const I_PTR = 13;
const I_STACK_OSD = 14;
const I_STACK_PG = 15;
const I_ORIG = 16;
const I_CAP_FREE = 17;
const I_LOAD = 18;
const I_EXCESS = 19;
const I_TOP_COST = 20;
const I_PI = 21;
const I_DIST = 22;
const I_DONE = 23;
const I_HEAP_KEYS = 24;
const I_HEAP_NODES = 25;
const I_TOTAL_EXCESS = 26;
const I_CHOICE_START = 28;
const I_CHOICE_OSD = 29;
const I_NPG = 30;
const I_FIELDS = 31;
const F_PI_T = 0;
const F_COST = 1;
const F_LIMIT = 2;
const F_FIELDS = 3;

interface Kernels {
  memory: WebAssembly.Memory;
  base: number;
  routeExcess: (fields: number) => number;
  minCost: (fields: number, doubles: number) => number;
  fillHeld: (fields: number) => void;
}

let kernels: Kernels | null | undefined;
let enabled = true;

/** Whether the flows run on WebAssembly (default) or in TypeScript (tests compare the two). */
export function setFlowKernels(on: boolean): void {
  enabled = on;
}

function loaded(): Kernels | null {
  if (!enabled) return null;
  if (kernels === undefined) {
    try {
      const bytes = Uint8Array.from(atob(FLOW_KERNELS_WASM_BASE64), (c) => c.charCodeAt(0));
      const mod = new WebAssembly.Module(bytes);
      const instance = new WebAssembly.Instance(mod, {});
      kernels = {
        memory: instance.exports.memory as WebAssembly.Memory,
        base: (instance.exports.__heap_base as WebAssembly.Global).value as number,
        routeExcess: instance.exports.route_excess as Kernels['routeExcess'],
        minCost: instance.exports.min_cost as Kernels['minCost'],
        fillHeld: instance.exports.fill_held as Kernels['fillHeld'],
      };
    } catch {
      kernels = null;
    }
  }
  return kernels;
}

/** Byte offsets in the module's memory for one call, from __heap_base on; commit() grows the memory to fit. */
class Arena {
  private at: number;
  constructor(private readonly k: Kernels) {
    this.at = k.base;
  }
  take(bytes: number, align = 8): number {
    this.at = Math.ceil(this.at / align) * align;
    const p = this.at;
    this.at += Math.max(bytes, 0);
    return p;
  }
  /** Grows the memory as needed; returns int32 and float64 views of all of it. */
  commit(): { i32: Int32Array; f64: Float64Array; u8: Uint8Array } {
    const mem = this.k.memory;
    const need = Math.ceil(this.at / 0x10000) - mem.buffer.byteLength / 0x10000;
    if (need > 0) mem.grow(need);
    return { i32: new Int32Array(mem.buffer), f64: new Float64Array(mem.buffer), u8: new Uint8Array(mem.buffer) };
  }
}

/** Where the held index goes, and copying it in and back. */
function heldLayout(a: Arena, h: HeldIndex, m: number) {
  return {
    start: a.take(m * 4),
    end: a.take(m * 4),
    pg: a.take(h.pg.length * 4),
    home: a.take(h.home.length * 4),
    choice: a.take(h.choice.length * 4),
    pos: a.take(h.pos.length * 4),
  };
}
type HeldAt = ReturnType<typeof heldLayout>;

function heldIn(i32: Int32Array, at: HeldAt, h: HeldIndex): void {
  i32.set(h.start, at.start >> 2);
  i32.set(h.end, at.end >> 2);
  i32.set(h.pg, at.pg >> 2);
  i32.set(h.home, at.home >> 2);
  i32.set(h.choice, at.choice >> 2);
  i32.set(h.pos, at.pos >> 2);
}

function heldOut(i32: Int32Array, at: HeldAt, h: HeldIndex): void {
  h.end.set(i32.subarray(at.end >> 2, (at.end >> 2) + h.end.length));
  h.pg.set(i32.subarray(at.pg >> 2, (at.pg >> 2) + h.pg.length));
  h.home.set(i32.subarray(at.home >> 2, (at.home >> 2) + h.home.length));
  h.choice.set(i32.subarray(at.choice >> 2, (at.choice >> 2) + h.choice.length));
  h.pos.set(i32.subarray(at.pos >> 2, (at.pos >> 2) + h.pos.length));
  // the moves were not journaled: the next flow from the original primaries copies the index back whole
  h.journal = null;
}

function heldFields(fields: Int32Array, at: HeldAt, h: HeldIndex): void {
  fields[I_STRIDE] = h.stride;
  fields[I_START] = at.start;
  fields[I_END] = at.end;
  fields[I_PG] = at.pg;
  fields[I_HOME] = at.home;
  fields[I_CHOICE] = at.choice;
  fields[I_POS] = at.pos;
}

const back = (dst: Int32Array, i32: Int32Array, at: number) => dst.set(i32.subarray(at >> 2, (at >> 2) + dst.length));

/** held-index.ts's fill on WebAssembly: `h` (its stride set, its start the graph's) holds `assign`; false without. */
export function fillHeldWasm(g: PoolGraph, assign: Int32Array, h: HeldIndex): boolean {
  const k = loaded();
  if (k === null) return false;
  const m = g.osdCount;
  const a = new Arena(k);
  const fieldsAt = a.take(I_FIELDS * 4);
  const at = heldLayout(a, h, m);
  const assignAt = a.take(g.pgCount * 4);
  const origAt = a.take(g.pgCount * 4);
  const choiceStartAt = a.take(g.choiceStart.length * 4);
  const choiceOsdAt = a.take(g.choiceOsd.length * 4);
  const { i32 } = a.commit();
  const fields = i32.subarray(fieldsAt >> 2, (fieldsAt >> 2) + I_FIELDS);
  fields[I_M] = m;
  heldFields(fields, at, h);
  fields[I_ASSIGN] = assignAt;
  fields[I_ORIG] = origAt;
  fields[I_CHOICE_START] = choiceStartAt;
  fields[I_CHOICE_OSD] = choiceOsdAt;
  fields[I_NPG] = g.pgCount;
  // the whole index goes in, so the slots no PG fills keep what they held (as the TypeScript fill leaves them)
  heldIn(i32, at, h);
  i32.set(assign.subarray(0, g.pgCount), assignAt >> 2);
  i32.set(g.orig, origAt >> 2);
  i32.set(g.choiceStart, choiceStartAt >> 2);
  i32.set(g.choiceOsd, choiceOsdAt >> 2);
  k.fillHeld(fieldsAt);
  heldOut(i32, at, h);
  return true;
}

/** routeExcess (max-flow.ts) on WebAssembly with the graph's held index `held`; null without WebAssembly. */
export function routeExcessWasm(
  g: PoolGraph,
  assign: Int32Array,
  count: Int32Array,
  cap: Int32Array,
  s: FlowScratch,
  held: HeldIndex,
): boolean | null {
  const k = loaded();
  if (k === null) return null;
  const m = g.osdCount;
  const a = new Arena(k);
  const fieldsAt = a.take(I_FIELDS * 4);
  const at = heldLayout(a, held, m);
  const assignAt = a.take(assign.length * 4);
  const countAt = a.take(m * 4);
  const capAt = a.take(m * 4);
  const levelAt = a.take(m * 4);
  const queueAt = a.take(m * 4);
  const ptrAt = a.take(m * 4);
  const stackOsdAt = a.take((m + 1) * 4);
  const stackPgAt = a.take((m + 1) * 4);
  const { i32 } = a.commit();
  const fields = i32.subarray(fieldsAt >> 2, (fieldsAt >> 2) + I_FIELDS);
  fields[I_M] = m;
  heldFields(fields, at, held);
  fields[I_ASSIGN] = assignAt;
  fields[I_COUNT] = countAt;
  fields[I_CAP] = capAt;
  fields[I_LEVEL] = levelAt;
  fields[I_QUEUE] = queueAt;
  fields[I_PTR] = ptrAt;
  fields[I_STACK_OSD] = stackOsdAt;
  fields[I_STACK_PG] = stackPgAt;
  heldIn(i32, at, held);
  i32.set(assign, assignAt >> 2);
  i32.set(count.subarray(0, m), countAt >> 2);
  i32.set(cap.subarray(0, m), capAt >> 2);
  const ok = k.routeExcess(fieldsAt) === 1;
  heldOut(i32, at, held);
  back(assign, i32, assignAt);
  back(count.subarray(0, m), i32, countAt);
  back(s.level.subarray(0, m), i32, levelAt);
  return ok;
}

/**
 * minCostAssign's phases (min-cost-flow.ts) on WebAssembly from state `s`, which it updates: 'done', 'infeasible',
 * or 'over-limit' (s.cost is then the cost minCostAssign reports); null without WebAssembly.
 */
export function minCostWasm(s: FlowState, held: HeldIndex, limit: number): 'done' | 'infeasible' | 'over-limit' | null {
  const k = loaded();
  if (k === null) return null;
  const m = s.g.osdCount;
  const n = s.assign.length;
  const heap = held.choice.length + m + 16;
  const a = new Arena(k);
  const fieldsAt = a.take(I_FIELDS * 4);
  const doublesAt = a.take(F_FIELDS * 8);
  const at = heldLayout(a, held, m);
  const assignAt = a.take(n * 4);
  const origAt = a.take(n * 4);
  const levelAt = a.take(m * 4);
  const queueAt = a.take(m * 4);
  const ptrAt = a.take(m * 4);
  const stackOsdAt = a.take((m + 1) * 4);
  const stackPgAt = a.take((m + 1) * 4);
  const capFreeAt = a.take(m * 4);
  const loadAt = a.take(m * 4);
  const excessAt = a.take(m * 4);
  const topCostAt = s.topCost === null ? 0 : a.take(m * 8);
  const piAt = a.take(m * 8);
  const distAt = a.take(m * 8);
  const doneAt = a.take(m);
  const heapKeysAt = a.take(heap * 8);
  const heapNodesAt = a.take(heap * 4);
  const { i32, f64 } = a.commit();
  const fields = i32.subarray(fieldsAt >> 2, (fieldsAt >> 2) + I_FIELDS);
  fields[I_M] = m;
  heldFields(fields, at, held);
  fields[I_ASSIGN] = assignAt;
  fields[I_ORIG] = origAt;
  fields[I_LEVEL] = levelAt;
  fields[I_QUEUE] = queueAt;
  fields[I_PTR] = ptrAt;
  fields[I_STACK_OSD] = stackOsdAt;
  fields[I_STACK_PG] = stackPgAt;
  fields[I_CAP_FREE] = capFreeAt;
  fields[I_LOAD] = loadAt;
  fields[I_EXCESS] = excessAt;
  fields[I_TOP_COST] = topCostAt;
  fields[I_PI] = piAt;
  fields[I_DIST] = distAt;
  fields[I_DONE] = doneAt;
  fields[I_HEAP_KEYS] = heapKeysAt;
  fields[I_HEAP_NODES] = heapNodesAt;
  fields[I_TOTAL_EXCESS] = s.totalExcess;
  const doubles = f64.subarray(doublesAt >> 3, (doublesAt >> 3) + F_FIELDS);
  doubles[F_PI_T] = s.piT;
  doubles[F_COST] = s.cost;
  doubles[F_LIMIT] = limit;
  heldIn(i32, at, held);
  i32.set(s.assign, assignAt >> 2);
  i32.set(s.g.orig, origAt >> 2);
  i32.set(s.capFree, capFreeAt >> 2);
  i32.set(s.load, loadAt >> 2);
  i32.set(s.excess, excessAt >> 2);
  if (s.topCost !== null) f64.set(s.topCost, topCostAt >> 3);
  f64.set(s.pi, piAt >> 3);
  const status = k.minCost(fieldsAt, doublesAt);
  heldOut(i32, at, held);
  back(s.assign, i32, assignAt);
  back(s.load, i32, loadAt);
  back(s.excess, i32, excessAt);
  s.pi.set(f64.subarray(piAt >> 3, (piAt >> 3) + m));
  s.piT = doubles[F_PI_T]!;
  s.cost = doubles[F_COST]!;
  let total = 0;
  for (let o = 0; o < m; o++) total += s.excess[o]!;
  s.totalExcess = total;
  return status === 0 ? 'done' : status === 1 ? 'infeasible' : 'over-limit';
}
