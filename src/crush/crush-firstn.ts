/**
 * crush_do_rule on WebAssembly for the common case (wasm/crush-firstn.c): every bucket straw2, firstn steps only,
 * no choose_args, no local fallback retries. A cold one-shot command spends most of its mapping time waiting for
 * the JIT (the JavaScript mapper runs interpreted until TurboFan has compiled it); compiled C needs no warm-up.
 * Each CRUSH map gets its own instance whose memory holds the map's buckets, rules and the crush_ln table; the
 * results are the same as do-rule.ts's, bit for bit (tested on every fixture and on random maps). Device reweights
 * are read from the caller's array through an imported function, where CRUSH reads them.
 */
import { type CrushFirstn, crushFirstnInstance } from './crush-firstn-instance.js';
import { CRUSH_FIRSTN_WASM_BASE64 } from './crush-firstn-wasm.js';
import * as T from './types.js';
import { wasmModuleFromBase64 } from './wasm-module.js';
import type { CrushMap, CrushRule } from './types.js';

export type { BatchOut, BatchPool, CrushFirstn } from './crush-firstn-instance.js';
export { FIRSTN_MAX_RESULT } from './crush-firstn-instance.js';

const RULE_OPS = new Set([
  T.OP_NOOP,
  T.OP_TAKE,
  T.OP_CHOOSE_FIRSTN,
  T.OP_CHOOSELEAF_FIRSTN,
  T.OP_EMIT,
  T.OP_SET_CHOOSE_TRIES,
  T.OP_SET_CHOOSELEAF_TRIES,
  T.OP_SET_CHOOSE_LOCAL_TRIES,
  T.OP_SET_CHOOSELEAF_VARY_R,
  T.OP_SET_CHOOSELEAF_STABLE,
]);

/** Largest pool size mapPgs takes (replicated pools have 1–10). */
export const FIRSTN_MAX_BATCH_REP = 16;

let compiled: WebAssembly.Module | null | undefined;

function wasmModule(): WebAssembly.Module | null {
  if (compiled === undefined) compiled = wasmModuleFromBase64(CRUSH_FIRSTN_WASM_BASE64);
  return compiled;
}

const byMap = new WeakMap<CrushMap, CrushFirstn | null>();

/** The map's WebAssembly mapper (built on first use), or null when the map or the runtime does not allow it. */
export function crushFirstnFor(map: CrushMap): CrushFirstn | null {
  let f = byMap.get(map);
  if (f === undefined) {
    const mod = mapQualifies(map) ? wasmModule() : null;
    f = mod === null ? null : crushFirstnInstance(mod, map, ruleQualifies);
    byMap.set(map, f);
  }
  return f;
}

function mapQualifies(map: CrushMap): boolean {
  if (map.tunables.chooseLocalFallbackTries !== 0 || map.chooseArgs.size > 0) return false;
  return map.buckets.every((b) => b === undefined || (b.alg === T.BUCKET_STRAW2 && b.hash === 0 && b.typeId !== 0));
}

function ruleQualifies(rule: CrushRule | undefined): boolean {
  if (rule === undefined || rule.type === T.RULE_TYPE_MSR_FIRSTN || rule.type === T.RULE_TYPE_MSR_INDEP) return false;
  return rule.steps.every((s) => RULE_OPS.has(s.op) || (s.op === T.OP_SET_CHOOSE_LOCAL_FALLBACK_TRIES && s.arg1 <= 0));
}
