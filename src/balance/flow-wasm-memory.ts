/**
 * flow-wasm.ts's side of wasm/flow-kernels.c: the module (instantiated once), the field tables' indexes, and the
 * memory layout of one call (an arena from __heap_base; the held index copied in and back).
 */
import { WasmArena } from '../crush/wasm-arena.js';
import { wasmModuleFromBase64 } from '../crush/wasm-module.js';
import { FLOW_KERNELS_WASM_BASE64 } from './flow-kernels-wasm.js';
import type { HeldIndex } from './held-index.js';

// field indexes of wasm/flow-kernels.c (I_*, F_*)
export const I_M = 0;
export const I_STRIDE = 1;
export const I_ASSIGN = 2;
export const I_COUNT = 3;
export const I_CAP = 4;
export const I_START = 5;
export const I_END = 6;
export const I_PG = 7;
export const I_HOME = 8;
export const I_CHOICE = 9;
export const I_POS = 10;
export const I_LEVEL = 11;
export const I_QUEUE = 12;
export const I_PTR = 13;
export const I_STACK_OSD = 14;
export const I_STACK_PG = 15;
export const I_ORIG = 16;
export const I_CAP_FREE = 17;
export const I_LOAD = 18;
export const I_EXCESS = 19;
export const I_TOP_COST = 20;
export const I_PI = 21;
export const I_DIST = 22;
export const I_DONE = 23;
export const I_HEAP_KEYS = 24;
export const I_HEAP_NODES = 25;
export const I_TOTAL_EXCESS = 26;
export const I_CHOICE_START = 28;
export const I_CHOICE_OSD = 29;
export const I_NPG = 30;
export const I_FIELDS = 31;
export const F_PI_T = 0;
export const F_COST = 1;
export const F_LIMIT = 2;
export const F_FIELDS = 3;

export interface Kernels {
  memory: WebAssembly.Memory;
  base: number;
  routeExcess: (fields: number) => number;
  minCost: (fields: number, doubles: number) => number;
  fillHeld: (fields: number) => void;
}

let kernels: Kernels | null | undefined;
/**
 * Flow calls a process makes on WebAssembly before the TypeScript takes over. The C wins while V8 has not compiled
 * the TypeScript loops: a one-shot command makes ~5 calls a pool, a watch daemon's first round ~5 per pool too. Once
 * they are compiled the TypeScript is as fast, and the C costs two copies of the pool's held index per call and its
 * move journal (a warm daemon's incremental round at 10,000 OSDs: 0.49 s with the TypeScript, 0.69 s with the C).
 */
export const FLOW_WASM_CALLS = 100;

let callsLeft = FLOW_WASM_CALLS;

/**
 * Whether the flows run on WebAssembly or in TypeScript, and for how many more calls (default: FLOW_WASM_CALLS, then
 * TypeScript); tests compare the two with `calls` unlimited.
 */
export function setFlowKernels(on: boolean, calls = Number.POSITIVE_INFINITY): void {
  callsLeft = on ? calls : 0;
}

/** The module for one more flow call, or null: TypeScript (switched off, past the budget, or no WebAssembly). */
export function loaded(): Kernels | null {
  if (callsLeft <= 0) return null;
  callsLeft--;
  if (kernels === undefined) {
    const mod = wasmModuleFromBase64(FLOW_KERNELS_WASM_BASE64);
    kernels = null;
    if (mod !== null)
      try {
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

/**
 * One call's layout in the module's memory, from __heap_base on: first the int32 field table, from which the C reads
 * every area's offset and every count (I_*), then the areas. commit() grows the memory and writes the table.
 */
export class Arena {
  private readonly mem: WasmArena;
  /** The field table's offset: what the kernels take as `fields`. */
  readonly fieldsAt: number;
  private readonly fields: Array<[index: number, value: number]> = [];
  constructor(k: Kernels) {
    this.mem = new WasmArena(k.memory, k.base);
    this.fieldsAt = this.mem.take(I_FIELDS * 4);
  }
  /** An area of `bytes` that no field names (its offset is passed otherwise). */
  take(bytes: number): number {
    return this.mem.take(bytes);
  }
  /** An area of `bytes` whose offset goes to field `index`. */
  area(index: number, bytes: number): number {
    const at = this.mem.take(bytes);
    this.fields.push([index, at]);
    return at;
  }
  /** A count (or an offset of 0: no area) for field `index`. */
  value(index: number, v: number): void {
    this.fields.push([index, v]);
  }
  /** Grows the memory as needed and writes the field table; returns int32 and float64 views of all of it. */
  commit(): { i32: Int32Array; f64: Float64Array } {
    const buf = this.mem.grow();
    const i32 = new Int32Array(buf);
    for (const [index, v] of this.fields) i32[(this.fieldsAt >> 2) + index] = v;
    return { i32, f64: new Float64Array(buf) };
  }
}

/** Where the held index goes (its fields set), and copying it in and back. */
export function heldLayout(a: Arena, h: HeldIndex, m: number) {
  a.value(I_STRIDE, h.stride);
  return {
    start: a.area(I_START, m * 4),
    end: a.area(I_END, m * 4),
    pg: a.area(I_PG, h.pg.length * 4),
    home: a.area(I_HOME, h.home.length * 4),
    choice: a.area(I_CHOICE, h.choice.length * 4),
    pos: a.area(I_POS, h.pos.length * 4),
  };
}
export type HeldAt = ReturnType<typeof heldLayout>;

export function heldIn(i32: Int32Array, at: HeldAt, h: HeldIndex): void {
  i32.set(h.start, at.start >> 2);
  i32.set(h.end, at.end >> 2);
  i32.set(h.pg, at.pg >> 2);
  i32.set(h.home, at.home >> 2);
  i32.set(h.choice, at.choice >> 2);
  i32.set(h.pos, at.pos >> 2);
}

export function heldOut(i32: Int32Array, at: HeldAt, h: HeldIndex): void {
  h.end.set(i32.subarray(at.end >> 2, (at.end >> 2) + h.end.length));
  h.pg.set(i32.subarray(at.pg >> 2, (at.pg >> 2) + h.pg.length));
  h.home.set(i32.subarray(at.home >> 2, (at.home >> 2) + h.home.length));
  h.choice.set(i32.subarray(at.choice >> 2, (at.choice >> 2) + h.choice.length));
  h.pos.set(i32.subarray(at.pos >> 2, (at.pos >> 2) + h.pos.length));
  // the moves were not journaled: the next flow from the original primaries copies the index back whole
  h.journal = null;
}

export const back = (dst: Int32Array, i32: Int32Array, at: number) =>
  dst.set(i32.subarray(at >> 2, (at >> 2) + dst.length));
