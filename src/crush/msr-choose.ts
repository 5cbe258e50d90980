/**
 * crush_msr_choose (mapper.c, Squid+): depth-first choice of one EMIT block of an MSR rule. The index range
 * [start, end) is cut into strides, one per item the step chooses; each stride descends to the step's type,
 * retries collisions locally, and recurses into the next choosemsr step. An out leaf is skipped: the caller
 * (msr-do-rule.ts) runs the whole descent again with the next try number.
 */
import { bucketChoose, isOut, type MapperCtx } from './bucket-choose.js';
import { CRUSH_ITEM_NONE, CRUSH_ITEM_UNDEF, type CrushBucket, type CrushRuleStep } from './types.js';

/** State of one EMIT block of crush_msr_do_rule. */
export interface MsrBlock {
  readonly ctx: MapperCtx;
  readonly steps: readonly CrushRuleStep[];
  readonly resultMax: number;
  readonly firstn: boolean;
  readonly collisionTries: number;
  /** index of the first choosemsr step of the block; vecs[k] belongs to step firstStep + k */
  readonly firstStep: number;
  /** index of the block's emit step */
  readonly emitStep: number;
  /** per choose step, the item chosen for each index (CRUSH_ITEM_UNDEF: none yet) */
  readonly vecs: readonly Int32Array[];
  readonly out: Int32Array;
  returned: number;
}

/** The r of a descent: (try x result_max + index) << 16, plus the local collision try (32-bit as in C). */
function retryValue(b: MsrBlock, index: number, tryno: number, localTry: number): number {
  return (((tryno * b.resultMax + index) << 16) + localTry) | 0;
}

/** crush_msr_descend: down from `bucket` until a device or a bucket of `type`. */
function descend(b: MsrBlock, bucket: CrushBucket, type: number, tryno: number, localTry: number, index: number) {
  const buckets = b.ctx.map.buckets;
  const r = retryValue(b, index, tryno, localTry);
  let inb = bucket;
  for (;;) {
    if (inb.size === 0) return CRUSH_ITEM_NONE;
    const item = bucketChoose(b.ctx, inb, r, index);
    if (item >= 0) return item;
    const child = buckets[-1 - item];
    if (child === undefined) return CRUSH_ITEM_NONE;
    if (child.typeId === type) return item;
    inb = child;
  }
}

/** A candidate is valid unless some other stride of [start, end) already chose it at this step. */
function validCandidate(vec: Int32Array, start: number, end: number, sStart: number, sEnd: number, item: number) {
  for (let i = start; i < end; i++) if (vec[i] === item) return i >= sStart && i < sEnd;
  return true;
}

/** Records `item` in the stride's collision set; false when it was there already. */
function pushUsed(vec: Int32Array, sStart: number, sEnd: number, item: number): boolean {
  for (let i = sStart; i < sEnd; i++) {
    if (vec[i] === item) return false;
    if (vec[i] === CRUSH_ITEM_UNDEF) {
      vec[i] = item;
      return true;
    }
  }
  return false;
}

/** Removes the last item recorded in the stride. */
function popUsed(vec: Int32Array, sStart: number, sEnd: number): void {
  for (let i = sEnd - 1; i >= sStart; i--) {
    if (vec[i] !== CRUSH_ITEM_UNDEF) {
      vec[i] = CRUSH_ITEM_UNDEF;
      return;
    }
  }
}

function emit(b: MsrBlock, position: number, item: number): void {
  if (b.firstn) b.out[b.returned] = item;
  else b.out[position] = item;
  b.returned++;
}

function leafPopulated(b: MsrBlock, start: number, end: number): boolean {
  const leaf = b.vecs[b.emitStep - b.firstStep - 1]!;
  for (let i = start; i < end; i++) if (leaf[i] === CRUSH_ITEM_UNDEF) return false;
  return true;
}

/** Fills indices [start, end) below `bucket` with step `stepNo` onwards; returns how many leaves it emitted. */
export function msrChoose(
  b: MsrBlock,
  bucket: CrushBucket,
  totalDescendants: number,
  start: number,
  end: number,
  stepNo: number,
  tryno: number,
): number {
  const step = b.steps[stepNo]!;
  const vec = b.vecs[stepNo - b.firstStep]!;
  const numStrides = step.arg1 !== 0 ? step.arg1 : b.resultMax;
  if (numStrides < 0) return 0; // a negative count has no meaning here (C would read it as a huge unsigned)
  const strideLength = Math.floor(totalDescendants / numStrides);
  // a stride whose subtree mapped nothing gives its bucket back, but only once the pass is over: until then an
  // out leaf still counts as a collision, which keeps the effect of marking an OSD out small
  const undo: number[] = [];
  let mapped = 0;
  for (let sStart = start, si = 0; sStart < end; sStart += strideLength, si++) {
    const sEnd = Math.min(sStart + strideLength, end);
    if (leafPopulated(b, sStart, sEnd)) continue;
    let item = CRUSH_ITEM_NONE;
    let found = false;
    for (let local = 0; local < b.collisionTries; local++) {
      item = descend(b, bucket, step.arg2, tryno, local, si);
      if (validCandidate(vec, start, end, sStart, sEnd, item)) {
        found = true;
        break;
      }
    }
    if (!found) continue;
    if (step.arg2 === 0) {
      // a leaf step must be the block's last and its strides one index wide (else the rule is malformed)
      if (strideLength !== 1 || stepNo + 1 !== b.emitStep) continue;
      if (isOut(b.ctx, item)) continue;
      pushUsed(vec, sStart, sEnd, item);
      emit(b, sStart, item);
      mapped++;
    } else {
      if (stepNo + 1 >= b.emitStep) continue;
      const child = item < 0 ? b.ctx.map.buckets[-1 - item] : undefined;
      if (child === undefined) continue;
      const childMapped = msrChoose(b, child, strideLength, sStart, sEnd, stepNo + 1, tryno);
      const pushed = pushUsed(vec, sStart, sEnd, item);
      if (pushed && childMapped === 0) undo.push(sStart, sEnd);
      else mapped += childMapped;
    }
  }
  for (let k = 0; k < undo.length; k += 2) popUsed(vec, undo[k]!, undo[k + 1]!);
  return mapped;
}
