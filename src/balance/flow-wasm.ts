/**
 * The engine's flow loops on WebAssembly (wasm/flow-kernels.c): routeExcess's max-flow and minCostAssign's phases.
 * Each call copies the graph's held index and the flow's arrays into the module's memory, runs the loop there and
 * copies back what it changed, so the TypeScript data stays as it is (and the TypeScript loops remain: the
 * reference, run where WebAssembly is missing and by the tests, which compare both). The results are the same bit for
 * bit. Why: a one-shot `plan` runs each loop only a few times, mostly before V8 has compiled them; the C needs no
 * warm-up (at 1,000 OSDs / 32k PGs the engine took 180 ms cold, ~50 ms warm). A process makes its first
 * FLOW_WASM_CALLS flow calls here, then the TypeScript runs them (flow-wasm-memory.ts).
 */
import type { FlowState } from './flow-state.js';
import type { PoolGraph } from './flow-graph.js';
import type { HeldIndex } from './held-index.js';
import {
  Arena,
  back,
  F_COST,
  F_FIELDS,
  F_LIMIT,
  F_PI_T,
  I_ASSIGN,
  I_CAP,
  I_CAP_FREE,
  I_CHOICE_OSD,
  I_CHOICE_START,
  I_COUNT,
  I_DIST,
  I_DONE,
  I_EXCESS,
  I_HEAP_KEYS,
  I_HEAP_NODES,
  I_LEVEL,
  I_LOAD,
  I_M,
  I_NPG,
  I_ORIG,
  I_PI,
  I_PTR,
  I_QUEUE,
  I_STACK_OSD,
  I_STACK_PG,
  I_TOP_COST,
  I_TOTAL_EXCESS,
  heldIn,
  heldLayout,
  heldOut,
  loaded,
} from './flow-wasm-memory.js';
import type { FlowScratch } from './max-flow.js';

export { setFlowKernels } from './flow-wasm-memory.js';

/** held-index.ts's fill on WebAssembly: `h` (its stride set, its start the graph's) holds `assign`; false without. */
export function fillHeldWasm(g: PoolGraph, assign: Int32Array, h: HeldIndex): boolean {
  const k = loaded();
  if (k === null) return false;
  const a = new Arena(k);
  a.value(I_M, g.osdCount);
  a.value(I_NPG, g.pgCount);
  const at = heldLayout(a, h, g.osdCount);
  const assignAt = a.area(I_ASSIGN, g.pgCount * 4);
  const origAt = a.area(I_ORIG, g.pgCount * 4);
  const choiceStartAt = a.area(I_CHOICE_START, g.choiceStart.length * 4);
  const choiceOsdAt = a.area(I_CHOICE_OSD, g.choiceOsd.length * 4);
  const { i32 } = a.commit();
  // the whole index goes in, so the slots no PG fills keep what they held (as the TypeScript fill leaves them)
  heldIn(i32, at, h);
  i32.set(assign.subarray(0, g.pgCount), assignAt >> 2);
  i32.set(g.orig, origAt >> 2);
  i32.set(g.choiceStart, choiceStartAt >> 2);
  i32.set(g.choiceOsd, choiceOsdAt >> 2);
  k.fillHeld(a.fieldsAt);
  heldOut(i32, at, h);
  return true;
}

/** The scratch areas of the layered flows (route_excess, and augment_tight in min_cost), for `m` OSDs. */
function flowScratch(a: Arena, m: number): { levelAt: number } {
  const levelAt = a.area(I_LEVEL, m * 4);
  a.area(I_QUEUE, m * 4);
  a.area(I_PTR, m * 4);
  a.area(I_STACK_OSD, (m + 1) * 4);
  a.area(I_STACK_PG, (m + 1) * 4);
  return { levelAt };
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
  a.value(I_M, m);
  const at = heldLayout(a, held, m);
  const assignAt = a.area(I_ASSIGN, assign.length * 4);
  const countAt = a.area(I_COUNT, m * 4);
  const capAt = a.area(I_CAP, m * 4);
  const { levelAt } = flowScratch(a, m);
  const { i32 } = a.commit();
  heldIn(i32, at, held);
  i32.set(assign, assignAt >> 2);
  i32.set(count.subarray(0, m), countAt >> 2);
  i32.set(cap.subarray(0, m), capAt >> 2);
  const ok = k.routeExcess(a.fieldsAt) === 1;
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
  const doublesAt = a.take(F_FIELDS * 8);
  a.value(I_M, m);
  a.value(I_TOTAL_EXCESS, s.totalExcess);
  const at = heldLayout(a, held, m);
  const assignAt = a.area(I_ASSIGN, n * 4);
  const origAt = a.area(I_ORIG, n * 4);
  flowScratch(a, m);
  const capFreeAt = a.area(I_CAP_FREE, m * 4);
  const loadAt = a.area(I_LOAD, m * 4);
  const excessAt = a.area(I_EXCESS, m * 4);
  const topCostAt = s.topCost === null ? 0 : a.take(m * 8); // 0: no top costs
  a.value(I_TOP_COST, topCostAt);
  const piAt = a.area(I_PI, m * 8);
  a.area(I_DIST, m * 8);
  a.area(I_DONE, m);
  a.area(I_HEAP_KEYS, heap * 8);
  a.area(I_HEAP_NODES, heap * 4);
  const { i32, f64 } = a.commit();
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
  const status = k.minCost(a.fieldsAt, doublesAt);
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
