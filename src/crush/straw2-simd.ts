/**
 * straw2's hashes on SIMD lanes (straw2-simd-code.ts): each CRUSH map gets its own WebAssembly instance whose
 * memory holds a copy of every straw2 bucket's item ids (buckets never change once parsed) and room for one bucket's
 * hashes. straw2Choose's draws then read those hashes; the choice is exactly the same (tested). Without WebAssembly
 * SIMD in the runtime, straw2Choose hashes in JavaScript.
 */
import { SIMD_STEP, straw2SimdModule } from './straw2-simd-code.js';
import { BUCKET_STRAW2, type CrushMap } from './types.js';

export interface Straw2Simd {
  /** Hashes the n ids at byte `ids` with (x, r) into `hashes`. */
  hash: (x: number, r: number, ids: number, n: number, out: number) => void;
  /** Per bucket index (-1 - id): the byte offset of its ids, -1 for a bucket that is not there. */
  ids: Int32Array;
  /** Byte offset of the hashes, and a view of them (index = item index in the bucket). */
  out: number;
  hashes: Int32Array;
}

let compiled: WebAssembly.Module | null | undefined;

function wasmModule(): WebAssembly.Module | null {
  if (compiled === undefined) {
    try {
      const bytes = straw2SimdModule();
      compiled = WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

const byMap = new WeakMap<CrushMap, Straw2Simd | null>();

/** The map's SIMD hashing (built on first use), or null when this runtime has no WebAssembly SIMD. */
export function straw2SimdFor(map: CrushMap): Straw2Simd | null {
  let s = byMap.get(map);
  if (s === undefined) {
    s = build(map);
    byMap.set(map, s);
  }
  return s;
}

const padded = (n: number) => Math.ceil(n / SIMD_STEP) * SIMD_STEP;

function build(map: CrushMap): Straw2Simd | null {
  const mod = wasmModule();
  if (mod === null) return null;
  const ids = new Int32Array(map.buckets.length).fill(-1);
  let bytes = 0;
  let widest = 0;
  map.buckets.forEach((b, k) => {
    if (b === undefined || b.alg !== BUCKET_STRAW2 || b.size === 0) return;
    ids[k] = bytes;
    bytes += padded(b.size) * 4;
    widest = Math.max(widest, padded(b.size));
  });
  const out = bytes;
  const memory = new WebAssembly.Memory({ initial: Math.max(1, Math.ceil((out + widest * 4) / 0x10000)) });
  const view = new Int32Array(memory.buffer);
  map.buckets.forEach((b, k) => {
    if (b !== undefined && ids[k]! >= 0) view.set(b.items.subarray(0, b.size), ids[k]! / 4);
  });
  const instance = new WebAssembly.Instance(mod, { m: { mem: memory } });
  return {
    hash: instance.exports.hash as Straw2Simd['hash'],
    ids,
    out,
    hashes: new Int32Array(memory.buffer, out, widest),
  };
}
