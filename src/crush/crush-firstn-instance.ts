/**
 * One CRUSH map's instance of wasm/crush-firstn.c (crush-firstn.ts decides which maps qualify): its memory laid out
 * after __heap_base (a header of int32 fields, H_*, then the crush_ln table, the buckets, the rules' steps and the
 * scratch areas), and the calls into it.
 */
import { LL_TBL, RH_LH_TBL } from './ln-table.js';
import type { CrushMap, CrushRule } from './types.js';
import { WasmArena } from './wasm-arena.js';

/** Results per call the C side has room for (its scratch vectors). */
export const FIRSTN_MAX_RESULT = 256;

export interface CrushFirstn {
  /** Whether rule `ruleId` runs here (else do-rule.ts's general mapper). */
  handles(ruleId: number): boolean;
  /** crush_do_rule into `out` (emptied first), numRep in 1..FIRSTN_MAX_RESULT; reweights as in doRule. */
  doRule(ruleId: number, x: number, numRep: number, weights: Uint32Array, out: number[]): number[];
  /** The crush_ln table the C computed (tests compare it with ln.ts's). */
  lnTable(): Float64Array;
  /**
   * PGs [from, to) of a replicated pool at once (the rule must be handled, size ≤ FIRSTN_MAX_BATCH_REP), as
   * crushRawInto maps each: seed, rule, OSDs that do not exist removed. PG from + k has counts[k] OSDs at
   * out[k * pool.size ...]; the views are valid until the next call.
   */
  mapPgs(pool: BatchPool, from: number, to: number, weights: Uint32Array, exists: Uint8Array): BatchOut;
}

/** What mapPgs needs of a pool (cluster/osdmap.ts's Pool has it). */
export interface BatchPool {
  id: number;
  crushRule: number;
  size: number;
  hashpspool: boolean;
  pgpNum: number;
  pgpNumMask: number;
}

export interface BatchOut {
  out: Int32Array;
  counts: Int32Array;
}

// header fields (wasm/crush-firstn.c, H_*)
const H_MAX_DEVICES = 0;
const H_MAX_BUCKETS = 1;
const H_TYPE = 2;
const H_SIZE = 3;
const H_FIRST = 4;
const H_ITEMS = 5;
const H_WEIGHTS = 6;
const H_LN = 7;
const H_HASHES = 8;
const H_OUT = 9;
const H_TOTAL_TRIES = 10;
const H_LOCAL_TRIES = 11;
const H_DESCEND_ONCE = 12;
const H_VARY_R = 13;
const H_STABLE = 14;
const H_DRAWS = 15;
const H_FIELDS = 16;

/** A new instance of `mod` holding `map`; rules for which `qualifies` says no are left to the TypeScript. */
export function crushFirstnInstance(
  mod: WebAssembly.Module,
  map: CrushMap,
  qualifies: (rule: CrushRule | undefined) => boolean,
): CrushFirstn {
  let weights: Uint32Array = new Uint32Array(0);
  const reweight = (item: number): number => (item < weights.length ? weights[item]! : 0);
  const instance = new WebAssembly.Instance(mod, { env: { reweight } });
  const memory = instance.exports.memory as WebAssembly.Memory;
  const base = (instance.exports.__heap_base as WebAssembly.Global).value as number;
  const doRuleC = instance.exports.do_rule as (steps: number, n: number, x: number, numRep: number) => number;
  const initLn = instance.exports.init_ln as (rhLh: number, ll: number) => void;
  const mapPgsC = instance.exports.map_pgs as (steps: number, n: number, numRep: number, params: number) => void;

  const nb = map.buckets.length;
  let items = 0;
  let widest = 0;
  for (const b of map.buckets) {
    if (b === undefined) continue;
    items += b.size;
    widest = Math.max(widest, b.size);
  }
  const steps = map.rules.reduce((n, r) => n + (r?.steps.length ?? 0), 0);
  // layout after the header, in bytes: ln (8-aligned), per-bucket type/size/first, items, weights, steps, hashes, out
  const layout = new WasmArena(memory, base + H_FIELDS * 4, 4);
  const lnAt = layout.take(0x10000 * 8, 8);
  const rhLhAt = layout.take(RH_LH_TBL.length * 8, 8);
  const llAt = layout.take(LL_TBL.length * 8, 8);
  const typeAt = layout.take(nb * 4);
  const sizeAt = layout.take(nb * 4);
  const firstAt = layout.take(nb * 4);
  // the hashes are computed twelve a turn: the last bucket's ids are read up to 11 past their end
  const itemsAt = layout.take((items + 12) * 4);
  const weightsAt = layout.take(items * 4);
  const stepsAt = layout.take(steps * 12);
  const hashesAt = layout.take((widest + 12) * 4);
  const drawsAt = layout.take(widest * 8, 8);
  const outAt = layout.take(FIRSTN_MAX_RESULT * 4);
  // mapPgs's batch area starts after the map
  const batchAt = layout.take(0, 8);
  const buf = layout.grow();
  const i32 = new Int32Array(buf);
  const hdr = i32.subarray(base / 4, base / 4 + H_FIELDS);
  const t = map.tunables;
  hdr[H_MAX_DEVICES] = map.maxDevices;
  hdr[H_MAX_BUCKETS] = nb;
  hdr[H_TYPE] = typeAt;
  hdr[H_SIZE] = sizeAt;
  hdr[H_FIRST] = firstAt;
  hdr[H_ITEMS] = itemsAt;
  hdr[H_WEIGHTS] = weightsAt;
  hdr[H_LN] = lnAt;
  hdr[H_HASHES] = hashesAt;
  hdr[H_OUT] = outAt;
  hdr[H_TOTAL_TRIES] = t.chooseTotalTries;
  hdr[H_LOCAL_TRIES] = t.chooseLocalTries;
  hdr[H_DESCEND_ONCE] = t.chooseleafDescendOnce;
  hdr[H_VARY_R] = t.chooseleafVaryR;
  hdr[H_STABLE] = t.chooseleafStable;
  hdr[H_DRAWS] = drawsAt;
  // Ceph's two log tables, from which the C computes the ln table
  new Float64Array(buf, rhLhAt, RH_LH_TBL.length).set(RH_LH_TBL);
  new Float64Array(buf, llAt, LL_TBL.length).set(LL_TBL);
  initLn(rhLhAt, llAt);
  const u32 = new Uint32Array(buf);
  let first = 0;
  map.buckets.forEach((b, k) => {
    i32[typeAt / 4 + k] = b?.typeId ?? 0;
    i32[sizeAt / 4 + k] = b === undefined ? -1 : b.size;
    i32[firstAt / 4 + k] = first;
    if (b === undefined) return;
    i32.set(b.items.subarray(0, b.size), itemsAt / 4 + first);
    u32.set(b.weights.subarray(0, b.size), weightsAt / 4 + first);
    first += b.size;
  });
  const ruleAt = new Int32Array(map.rules.length).fill(-1);
  let s = stepsAt / 4;
  map.rules.forEach((r, id) => {
    if (!qualifies(r)) return;
    ruleAt[id] = s * 4;
    for (const st of r!.steps) {
      i32[s++] = st.op;
      i32[s++] = st.arg1;
      i32[s++] = st.arg2;
    }
  });
  let out = new Int32Array(buf, outAt, FIRSTN_MAX_RESULT);
  return {
    lnTable: () => new Float64Array(memory.buffer, lnAt, 0x10000).slice(),
    handles: (ruleId) => ruleId >= 0 && ruleId < ruleAt.length && ruleAt[ruleId]! >= 0,
    doRule(ruleId, x, numRep, w, result) {
      weights = w;
      const n = doRuleC(ruleAt[ruleId]!, map.rules[ruleId]!.steps.length, x | 0, numRep);
      result.length = 0;
      for (let i = 0; i < n; i++) result.push(out[i]!);
      return result;
    },
    mapPgs(pool, from, to, w, exists) {
      // batch area after the map: params, reweights, exists, out, counts (the memory grows as needed)
      const n = to - from;
      const batch = new WasmArena(memory, batchAt, 4);
      const paramsAt = batch.take(12 * 4);
      const wAt = batch.take(w.length * 4);
      const existsAt = batch.take(exists.length, 1);
      const outAt2 = batch.take(n * pool.size * 4);
      const countsAt = batch.take(n * 4);
      const mem = batch.grow();
      if (out.buffer !== mem) out = new Int32Array(mem, outAt, FIRSTN_MAX_RESULT);
      const p = new Int32Array(mem, paramsAt, 12);
      p[0] = pool.id;
      p[1] = pool.hashpspool ? 1 : 0;
      p[2] = pool.pgpNum;
      p[3] = pool.pgpNumMask;
      p[4] = from;
      p[5] = to;
      p[6] = wAt;
      p[7] = w.length;
      p[8] = existsAt;
      p[9] = exists.length;
      p[10] = outAt2;
      p[11] = countsAt;
      new Uint32Array(mem, wAt, w.length).set(w);
      new Uint8Array(mem, existsAt, exists.length).set(exists);
      mapPgsC(ruleAt[pool.crushRule]!, map.rules[pool.crushRule]!.steps.length, pool.size, paramsAt);
      return { out: new Int32Array(mem, outAt2, n * pool.size), counts: new Int32Array(mem, countsAt, n) };
    },
  };
}
