/**
 * crush_do_rule (mapper.c) as CrushWrapper::do_rule runs it: rule steps over scratch vectors w/o/c,
 * tunables as the starting values of the set_* steps, choose_args for straw2 buckets; MSR rules (types 4 and 5)
 * go to their own mapper (msr-do-rule.ts).
 */
import type { MapperCtx } from './bucket-choose.js';
import { makePermWork } from './bucket-uniform.js';
import { chooseFirstn } from './choose-firstn.js';
import { chooseIndep } from './choose-indep.js';
import { crushFirstnFor, FIRSTN_MAX_RESULT } from './crush-firstn.js';
import { msrDoRule } from './msr-do-rule.js';
import { choiceLayout } from './choice-record.js';
import { straw2SimdFor } from './straw2-simd.js';
import * as T from './types.js';
import type { ChooseArgs, CrushMap } from './types.js';

interface Scratch {
  ctx: MapperCtx;
  a: Int32Array;
  b: Int32Array;
  c: Int32Array;
}

const scratchByMap = new WeakMap<CrushMap, Scratch>();

function scratchFor(map: CrushMap, resultMax: number): Scratch {
  let s = scratchByMap.get(map);
  if (s === undefined) {
    const ctx: MapperCtx = {
      map,
      work: makePermWork(map),
      weights: new Uint32Array(0),
      x: 0,
      args: null,
      probed: null,
      simd: straw2SimdFor(map),
      layout: choiceLayout(map),
    };
    s = { ctx, a: new Int32Array(0), b: new Int32Array(0), c: new Int32Array(0) };
    scratchByMap.set(map, s);
  }
  if (s.a.length < resultMax) {
    s.a = new Int32Array(resultMax);
    s.b = new Int32Array(resultMax);
    s.c = new Int32Array(resultMax);
  }
  return s;
}

/**
 * Maps input x with rule `ruleId` to up to `numRep` items. `weights` is the 16.16 reweight of each
 * device (ids >= weights.length are out). Returns `out`, filled and truncated to the result count
 * (CRUSH_ITEM_NONE marks the holes of indep rules). An unknown rule gives an empty result.
 * `probed`, when given, receives every device whose reweight was read (is_out), in order.
 */
export function doRule(
  map: CrushMap,
  ruleId: number,
  x: number,
  numRep: number,
  weights: Uint32Array,
  chooseArgs: ChooseArgs | undefined,
  out: number[],
  probed: number[] | null = null,
): number[] {
  if (probed === null && chooseArgs === undefined && numRep > 0 && numRep <= FIRSTN_MAX_RESULT) {
    const wasm = crushFirstnFor(map);
    if (wasm?.handles(ruleId)) return wasm.doRule(ruleId, x, numRep, weights, out);
  }
  return doRuleGeneral(map, ruleId, x, numRep, weights, chooseArgs, out, probed);
}

/** doRule without the WebAssembly mapper (crush-firstn.ts): every map and rule, and probes. */
export function doRuleGeneral(
  map: CrushMap,
  ruleId: number,
  x: number,
  numRep: number,
  weights: Uint32Array,
  chooseArgs: ChooseArgs | undefined,
  out: number[],
  probed: number[] | null = null,
): number[] {
  out.length = 0;
  const rule = map.rules[ruleId];
  if (rule === undefined || numRep <= 0) return out;
  const resultMax = numRep;
  const s = scratchFor(map, resultMax);
  const ctx = s.ctx;
  ctx.x = x | 0;
  ctx.weights = weights;
  ctx.args = chooseArgs === undefined ? null : chooseArgs.args;
  ctx.probed = probed;
  if (rule.type === T.RULE_TYPE_MSR_FIRSTN || rule.type === T.RULE_TYPE_MSR_INDEP) {
    return msrDoRule(ctx, rule, resultMax, out);
  }
  const t = map.tunables;
  let w = s.a;
  let o = s.b;
  const c = s.c;
  let wsize = 0;
  let chooseTries = t.chooseTotalTries + 1;
  let chooseLeafTries = 0;
  let localRetries = t.chooseLocalTries;
  let localFallbackRetries = t.chooseLocalFallbackTries;
  let varyR = t.chooseleafVaryR;
  let stable = t.chooseleafStable;
  for (const step of rule.steps) {
    const arg1 = step.arg1;
    switch (step.op) {
      case T.OP_TAKE:
        if ((arg1 >= 0 && arg1 < map.maxDevices) || (arg1 < 0 && map.buckets[-1 - arg1] !== undefined)) {
          w[0] = arg1;
          wsize = 1;
        }
        break;
      case T.OP_SET_CHOOSE_TRIES:
        if (arg1 > 0) chooseTries = arg1;
        break;
      case T.OP_SET_CHOOSELEAF_TRIES:
        if (arg1 > 0) chooseLeafTries = arg1;
        break;
      case T.OP_SET_CHOOSE_LOCAL_TRIES:
        if (arg1 >= 0) localRetries = arg1;
        break;
      case T.OP_SET_CHOOSE_LOCAL_FALLBACK_TRIES:
        if (arg1 >= 0) localFallbackRetries = arg1;
        break;
      case T.OP_SET_CHOOSELEAF_VARY_R:
        if (arg1 >= 0) varyR = arg1;
        break;
      case T.OP_SET_CHOOSELEAF_STABLE:
        if (arg1 >= 0) stable = arg1;
        break;
      case T.OP_CHOOSE_FIRSTN:
      case T.OP_CHOOSELEAF_FIRSTN:
      case T.OP_CHOOSE_INDEP:
      case T.OP_CHOOSELEAF_INDEP: {
        if (wsize === 0) break;
        const firstn = step.op === T.OP_CHOOSE_FIRSTN || step.op === T.OP_CHOOSELEAF_FIRSTN;
        const recurseToLeaf = step.op === T.OP_CHOOSELEAF_FIRSTN || step.op === T.OP_CHOOSELEAF_INDEP;
        let osize = 0;
        for (let i = 0; i < wsize; i++) {
          let numrep = arg1;
          if (numrep <= 0) {
            numrep += resultMax;
            if (numrep <= 0) continue;
          }
          const bucket = w[i]! < 0 ? map.buckets[-1 - w[i]!] : undefined;
          if (bucket === undefined) continue;
          if (firstn) {
            const recurseTries = chooseLeafTries ? chooseLeafTries : t.chooseleafDescendOnce ? 1 : chooseTries;
            osize += chooseFirstn(
              ctx,
              bucket,
              numrep,
              step.arg2,
              o,
              osize,
              0,
              resultMax - osize,
              chooseTries,
              recurseTries,
              localRetries,
              localFallbackRetries,
              recurseToLeaf,
              varyR,
              stable,
              c,
              osize,
              0,
            );
          } else {
            const outSize = numrep < resultMax - osize ? numrep : resultMax - osize;
            chooseIndep(
              ctx,
              bucket,
              outSize,
              numrep,
              step.arg2,
              o,
              osize,
              0,
              chooseTries,
              chooseLeafTries ? chooseLeafTries : 1,
              recurseToLeaf,
              c,
              osize,
              0,
            );
            osize += outSize;
          }
        }
        // element by element: a subarray view per call costs more than the copy (typed-array allocation)
        if (recurseToLeaf) for (let i = 0; i < osize; i++) o[i] = c[i]!;
        const tmp = o;
        o = w;
        w = tmp;
        wsize = osize;
        break;
      }
      case T.OP_EMIT:
        for (let i = 0; i < wsize && out.length < resultMax; i++) out.push(w[i]!);
        wsize = 0;
        break;
      default:
        break;
    }
  }
  return out;
}
