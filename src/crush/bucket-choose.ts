/** crush_bucket_choose: dispatch on the bucket algorithm; plus the mapping context and is_out. */
import { listChoose } from './bucket-list.js';
import { straw2ChoosePos, straw2ChooseSimdPos } from './bucket-straw2.js';
import { strawChoose } from './bucket-straw.js';
import { treeChoose } from './bucket-tree.js';
import { permChoose, type PermWork } from './bucket-uniform.js';
import { type ChoiceLayout, choiceRecord } from './choice-record.js';
import { hash32_2 } from './hash.js';
import type { Straw2Simd } from './straw2-simd.js';
import {
  BUCKET_LIST,
  BUCKET_STRAW,
  BUCKET_STRAW2,
  BUCKET_TREE,
  BUCKET_UNIFORM,
  type ChooseArg,
  type CrushBucket,
  type CrushMap,
} from './types.js';

/** State of one crush_do_rule call (reused between calls on the same map). */
export interface MapperCtx {
  map: CrushMap;
  work: PermWork;
  weights: Uint32Array;
  x: number;
  args: readonly (ChooseArg | undefined)[] | null;
  /**
   * When set, every device whose reweight the mapping reads (is_out) is appended, and every straw2 choice as a
   * record (choice-record.ts): see cluster/crush-probes.ts.
   */
  probed: number[] | null;
  /** How straw2 choices are recorded in `probed` (choice-record.ts). */
  layout: ChoiceLayout;
  /** The map's straw2 hashing on SIMD lanes (straw2-simd.ts), null where WebAssembly SIMD is missing. */
  simd: Straw2Simd | null;
}

export function bucketChoose(ctx: MapperCtx, bucket: CrushBucket, r: number, position: number): number {
  const x = ctx.x;
  switch (bucket.alg) {
    case BUCKET_STRAW2: {
      const arg = ctx.args === null ? undefined : ctx.args[-1 - bucket.id];
      const ids = arg === undefined && ctx.simd !== null ? ctx.simd.ids[-1 - bucket.id]! : -1;
      const pos =
        ids >= 0 ? straw2ChooseSimdPos(bucket, x, r, ctx.simd!, ids) : straw2ChoosePos(bucket, x, r, arg, position);
      if (ctx.probed !== null) ctx.probed.push(choiceRecord(ctx.layout, -1 - bucket.id, r, pos));
      return bucket.items[pos]!;
    }
    case BUCKET_UNIFORM:
      return permChoose(bucket, ctx.work, x, r);
    case BUCKET_LIST:
      return listChoose(bucket, x, r);
    case BUCKET_TREE:
      return treeChoose(bucket, x, r);
    case BUCKET_STRAW:
      return strawChoose(bucket, x, r);
    default:
      return bucket.items[0]!;
  }
}

/** is_out: a device is rejected when its 16.16 reweight is 0, or below 1 and the hash says so. */
export function isOut(ctx: MapperCtx, item: number): boolean {
  if (ctx.probed !== null) ctx.probed.push(item);
  const weights = ctx.weights;
  if (item >= weights.length) return true;
  const w = weights[item]!;
  if (w >= 0x10000) return false;
  if (w === 0) return true;
  return (hash32_2(ctx.x, item) & 0xffff) >= w;
}
