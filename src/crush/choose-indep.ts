/**
 * crush_choose_indep (mapper.c): breadth-first, positionally stable choice for erasure-coded pools.
 * Positions that cannot be filled stay CRUSH_ITEM_NONE. Arrays are (array, base) pairs.
 */
import { bucketChoose, isOut, type MapperCtx } from './bucket-choose.js';
import { BUCKET_UNIFORM, CRUSH_ITEM_NONE, CRUSH_ITEM_UNDEF, type CrushBucket } from './types.js';

export function chooseIndep(
  ctx: MapperCtx,
  bucket: CrushBucket,
  left: number,
  numrep: number,
  type: number,
  out: Int32Array,
  outBase: number,
  outpos: number,
  tries: number,
  recurseTries: number,
  recurseToLeaf: boolean,
  out2: Int32Array | null,
  out2Base: number,
  parentR: number,
): void {
  const map = ctx.map;
  const buckets = map.buckets;
  const endpos = outpos + left;
  for (let rep = outpos; rep < endpos; rep++) {
    out[outBase + rep] = CRUSH_ITEM_UNDEF;
    if (out2 !== null) out2[out2Base + rep] = CRUSH_ITEM_UNDEF;
  }
  for (let ftotal = 0; left > 0 && ftotal < tries; ftotal++) {
    for (let rep = outpos; rep < endpos; rep++) {
      if (out[outBase + rep] !== CRUSH_ITEM_UNDEF) continue;
      let inb = bucket;
      for (;;) {
        let r = rep + parentR;
        if (inb.alg === BUCKET_UNIFORM && inb.size % numrep === 0) r += (numrep + 1) * ftotal;
        else r += numrep * ftotal;
        if (inb.size === 0) break;
        const item = bucketChoose(ctx, inb, r, outpos);
        if (item >= map.maxDevices) {
          out[outBase + rep] = CRUSH_ITEM_NONE;
          if (out2 !== null) out2[out2Base + rep] = CRUSH_ITEM_NONE;
          left--;
          break;
        }
        const itemBucket = item < 0 ? buckets[-1 - item] : undefined;
        const itemtype = itemBucket === undefined ? 0 : itemBucket.typeId;
        if (itemtype !== type) {
          if (itemBucket === undefined) {
            out[outBase + rep] = CRUSH_ITEM_NONE;
            if (out2 !== null) out2[out2Base + rep] = CRUSH_ITEM_NONE;
            left--;
            break;
          }
          inb = itemBucket;
          continue;
        }
        let collide = false;
        for (let i = outpos; i < endpos; i++) {
          if (out[outBase + i] === item) {
            collide = true;
            break;
          }
        }
        if (collide) break;
        if (recurseToLeaf) {
          if (item < 0) {
            chooseIndep(ctx, itemBucket!, 1, numrep, 0, out2!, out2Base, rep, recurseTries, 0, false, null, 0, r);
            if (out2![out2Base + rep] === CRUSH_ITEM_NONE) break;
          } else {
            out2![out2Base + rep] = item;
          }
        }
        if (itemtype === 0 && isOut(ctx, item)) break;
        out[outBase + rep] = item;
        left--;
        break;
      }
    }
  }
  for (let rep = outpos; rep < endpos; rep++) {
    if (out[outBase + rep] === CRUSH_ITEM_UNDEF) out[outBase + rep] = CRUSH_ITEM_NONE;
    if (out2 !== null && out2[out2Base + rep] === CRUSH_ITEM_UNDEF) out2[out2Base + rep] = CRUSH_ITEM_NONE;
  }
}
