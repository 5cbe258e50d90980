/**
 * crush_msr_do_rule (mapper.c, Squid+): the mapper of rule types msr_firstn (4) and msr_indep (5). The rule is
 * an optional prefix of set_msr_descents / set_msr_collision_tries steps, then blocks of take, choosemsr...,
 * emit. Each block is descended up to msr_descents times (try numbers 0, 1, ...) until all its indices are
 * filled; msr_firstn returns the leaves in the order found, msr_indep by position with holes
 * (CRUSH_ITEM_NONE). A rule of any other shape maps to nothing, as in Ceph.
 */
import type { MapperCtx } from './bucket-choose.js';
import { type MsrBlock, msrChoose } from './msr-choose.js';
import * as T from './types.js';
import type { CrushRule } from './types.js';

interface BlockShape {
  /** product of the choosemsr counts (0 meaning result_max) */
  total: number;
  emitStep: number;
}

/** crush_msr_scan_next: a block must be take, choosemsr..., emit. */
function scanBlock(rule: CrushRule, resultMax: number, takeStep: number): BlockShape | undefined {
  const steps = rule.steps;
  if (takeStep + 1 >= steps.length || steps[takeStep]!.op !== T.OP_TAKE) return undefined;
  let total = 1;
  for (let s = takeStep + 1; s < steps.length; s++) {
    const step = steps[s]!;
    if (step.op === T.OP_EMIT) return { total, emitStep: s };
    if (step.op !== T.OP_CHOOSE_MSR) return undefined;
    total *= step.arg1 !== 0 ? step.arg1 : resultMax;
  }
  return undefined;
}

const vecCache: Int32Array[] = [];
/** The result vector, reused between mappings (typed array creation costs more than a mapping's draws). */
let resultVec = new Int32Array(0);

function stepVecs(count: number, resultMax: number): Int32Array[] {
  const vecs: Int32Array[] = [];
  for (let k = 0; k < count; k++) {
    let v = vecCache[k];
    if (v === undefined || v.length < resultMax) {
      v = new Int32Array(resultMax);
      vecCache[k] = v;
    }
    v.fill(T.CRUSH_ITEM_UNDEF, 0, resultMax);
    vecs.push(v);
  }
  return vecs;
}

/** Maps ctx.x with the MSR rule into `out` (cleared first); returns `out`. */
export function msrDoRule(ctx: MapperCtx, rule: CrushRule, resultMax: number, out: number[]): number[] {
  const t = ctx.map.tunables;
  const steps = rule.steps;
  let descents = t.msrDescents;
  let collisionTries = t.msrCollisionTries;
  let stepNo = 0;
  for (; stepNo < steps.length; stepNo++) {
    const op = steps[stepNo]!.op;
    if (op === T.OP_SET_MSR_DESCENTS) descents = steps[stepNo]!.arg1;
    else if (op === T.OP_SET_MSR_COLLISION_TRIES) collisionTries = steps[stepNo]!.arg1;
    else break;
  }
  const firstn = rule.type === T.RULE_TYPE_MSR_FIRSTN;
  if (resultVec.length < resultMax) resultVec = new Int32Array(resultMax);
  const result = resultVec.fill(T.CRUSH_ITEM_NONE, 0, resultMax);
  let returned = 0;
  let startIndex = 0;
  out.length = 0;
  while (stepNo < steps.length) {
    const shape = scanBlock(rule, resultMax, stepNo);
    if (shape === undefined) return out; // malformed: Ceph returns no result at all
    const take = steps[stepNo]!.arg1;
    const endIndex = Math.min(startIndex + shape.total, resultMax);
    if (take >= 0) {
      // a device taken directly: valid only when emitted at once
      if (stepNo + 1 !== shape.emitStep) return out;
      if (startIndex < resultMax) {
        result[firstn ? returned : startIndex] = take;
        returned++;
      }
    } else {
      const root = ctx.map.buckets[-1 - take];
      const firstStep = stepNo + 1;
      if (root !== undefined && firstStep < shape.emitStep && startIndex < endIndex) {
        const block: MsrBlock = {
          ctx,
          steps,
          resultMax,
          firstn,
          collisionTries,
          firstStep,
          emitStep: shape.emitStep,
          vecs: stepVecs(shape.emitStep - firstStep, resultMax),
          out: result,
          returned,
        };
        const limit = returned + (endIndex - startIndex);
        for (let tries = 0; tries < descents && block.returned < limit; tries++) {
          msrChoose(block, root, shape.total, startIndex, endIndex, firstStep, tries);
        }
        returned = block.returned;
      }
    }
    startIndex = endIndex;
    stepNo = shape.emitStep + 1;
  }
  const n = firstn ? returned : resultMax;
  for (let i = 0; i < n; i++) out.push(result[i]!);
  return out;
}
