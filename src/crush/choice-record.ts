/**
 * How a mapping records the choices of its straw2 buckets beside the devices whose reweight it read (the probes
 * of cluster/crush-probes.ts): one negative number per choice packing the bucket index, r and the position of the
 * item chosen; devices are never negative, so one row holds both in order. With the PG's x, a record is enough to
 * tell whether that choice stays the same when the bucket's item weights change (straw2-choice-kept.ts). The bits
 * per field follow the map (its bucket count and widest bucket), so two maps of the same shape read each other's.
 */
import type { CrushMap } from './types.js';

export interface ChoiceLayout {
  /** Bits for the position in the bucket (low), then for r; the bucket index takes the rest of 31 bits. */
  posBits: number;
  rBits: number;
  /** 2^posBits, 2^rBits, and the largest r value (2^rBits - 1: kept for "too large") */
  posScale: number;
  rScale: number;
  rMax: number;
}

const bitsFor = (n: number): number => Math.max(1, Math.ceil(Math.log2(n + 1)));

const layouts = new WeakMap<CrushMap, ChoiceLayout>();

/** The layout of `map`'s records. */
export function choiceLayout(map: CrushMap): ChoiceLayout {
  let l = layouts.get(map);
  if (l === undefined) {
    let widest = 1;
    for (const b of map.buckets) if (b !== undefined && b.size > widest) widest = b.size;
    const posBits = bitsFor(widest);
    const rBits = Math.max(0, 31 - posBits - bitsFor(map.buckets.length));
    l = { posBits, rBits, posScale: 2 ** posBits, rScale: 2 ** rBits, rMax: 2 ** rBits - 1 };
    layouts.set(map, l);
  }
  return l;
}

/**
 * The record of choosing position `pos` of bucket index `bucketIndex` (-1 - id) with this r; an r too large for the
 * layout (the largest r value is kept for this) gives a record that reads as unknown.
 */
export function choiceRecord(l: ChoiceLayout, bucketIndex: number, r: number, pos: number): number {
  if (l.rBits === 0) return -0x80000000;
  const rr = r >= 0 && r < l.rMax ? r : l.rMax;
  return -1 - ((bucketIndex * l.rScale + rr) * l.posScale + pos);
}

/** A record's fields; r is -1 when it was too large to record. */
export function readChoice(l: ChoiceLayout, record: number, out: { bucket: number; r: number; pos: number }): void {
  if (l.rBits === 0) {
    out.bucket = out.pos = 0;
    out.r = -1;
    return;
  }
  const v = -1 - record; // < 2^31: the bit operations below stay in int32
  out.pos = v & (l.posScale - 1);
  const rest = v >>> l.posBits;
  const r = rest & l.rMax;
  out.r = r === l.rMax ? -1 : r;
  out.bucket = rest >>> l.rBits;
}
