/**
 * crush_choose_firstn (mapper.c): choose numrep distinct items of a type, depth first, with local
 * retries, the local fallback permutation, total retries and (chooseleaf) a recursive descent to a leaf.
 * Arrays are passed as (array, base) pairs where C passes pointers.
 */
import { bucketChoose, isOut, type MapperCtx } from './bucket-choose.js';
import { permChoose } from './bucket-uniform.js';
import type { CrushBucket } from './types.js';

export function chooseFirstn(
  ctx: MapperCtx,
  bucket: CrushBucket,
  numrep: number,
  type: number,
  out: Int32Array,
  outBase: number,
  outpos: number,
  outSize: number,
  tries: number,
  recurseTries: number,
  localRetries: number,
  localFallbackRetries: number,
  recurseToLeaf: boolean,
  varyR: number,
  stable: number,
  out2: Int32Array | null,
  out2Base: number,
  parentR: number,
): number {
  const map = ctx.map;
  const buckets = map.buckets;
  let count = outSize;
  let item = 0;
  for (let rep = stable ? 0 : outpos; rep < numrep && count > 0; rep++) {
    let ftotal = 0;
    let skipRep = false;
    let retryDescent: boolean;
    do {
      retryDescent = false;
      let inb = bucket;
      let flocal = 0;
      let retryBucket: boolean;
      do {
        let collide = false;
        retryBucket = false;
        const r = rep + parentR + ftotal;
        let reject = false;
        if (inb.size === 0) {
          reject = true;
        } else {
          if (localFallbackRetries > 0 && flocal >= inb.size >> 1 && flocal > localFallbackRetries) {
            item = permChoose(inb, ctx.work, ctx.x, r);
          } else {
            item = bucketChoose(ctx, inb, r, outpos);
          }
          if (item >= map.maxDevices) {
            skipRep = true;
            break;
          }
          const itemBucket = item < 0 ? buckets[-1 - item] : undefined;
          const itemtype = itemBucket === undefined ? 0 : itemBucket.typeId;
          if (itemtype !== type) {
            if (itemBucket === undefined) {
              skipRep = true;
              break;
            }
            inb = itemBucket;
            retryBucket = true;
            continue;
          }
          for (let i = 0; i < outpos; i++) {
            if (out[outBase + i] === item) {
              collide = true;
              break;
            }
          }
          if (!collide && recurseToLeaf) {
            if (item < 0) {
              const subR = varyR ? r >> (varyR - 1) : 0;
              const got = chooseFirstn(
                ctx,
                itemBucket!,
                stable ? 1 : outpos + 1,
                0,
                out2!,
                out2Base,
                outpos,
                count,
                recurseTries,
                0,
                localRetries,
                localFallbackRetries,
                false,
                varyR,
                stable,
                null,
                0,
                subR,
              );
              if (got <= outpos) reject = true;
            } else {
              out2![out2Base + outpos] = item;
            }
          }
          if (!reject && !collide && itemtype === 0) reject = isOut(ctx, item);
        }
        if (reject || collide) {
          ftotal++;
          flocal++;
          if (collide && flocal <= localRetries) retryBucket = true;
          else if (localFallbackRetries > 0 && flocal <= inb.size + localFallbackRetries) retryBucket = true;
          else if (ftotal < tries) retryDescent = true;
          else skipRep = true;
        }
      } while (retryBucket);
    } while (retryDescent);
    if (skipRep) continue;
    out[outBase + outpos] = item;
    outpos++;
    count--;
  }
  return outpos;
}
