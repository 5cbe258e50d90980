/**
 * choose_args of a crush dump: {"<key>": [{bucket_id, weight_set?: [[w...]...], ids?: [...]}]}. The
 * dump prints weight_set weights as floats ((float)w / 0x10000); w is recovered by rounding, which is
 * exact for weights below 256.0 (a float holds 24 bits), within 1/65536 above.
 */
import type { ChooseArg, ChooseArgs, CrushMap } from '../crush/types.js';
import type { JsonFields } from './json-fields.js';

export function readChooseArgs(f: JsonFields, v: unknown, map: CrushMap): Map<number, ChooseArgs> {
  const sets = new Map<number, ChooseArgs>();
  if (v === undefined) return sets;
  const o = f.obj(v, 'choose_args');
  for (const [k, list] of Object.entries(o)) {
    const path = `choose_args[${JSON.stringify(k)}]`;
    if (!/^-?\d+$/.test(k)) f.fail(path, 'the key must be a pool id or -1');
    const key = Number(k);
    const args: (ChooseArg | undefined)[] = [];
    f.arr(list, path).forEach((e, i) => {
      const p = `${path}[${i}]`;
      const eo = f.obj(e, p);
      const bucketId = f.int(eo, 'bucket_id', p, -0x80000000, -1);
      const bucket = map.buckets[-1 - bucketId];
      if (bucket === undefined) f.fail(`${p}.bucket_id`, `bucket ${bucketId} does not exist`);
      let weightSet: Uint32Array[] | null = null;
      if (eo.weight_set !== undefined) {
        weightSet = f.arr(eo.weight_set, `${p}.weight_set`).map((row, pos) => {
          const rp = `${p}.weight_set[${pos}]`;
          const r = f.arr(row, rp);
          if (r.length !== bucket.size)
            f.fail(rp, `has ${r.length} weights, bucket ${bucketId} has ${bucket.size} items`);
          return Uint32Array.from(r, (w, j) => {
            if (typeof w !== 'number' || !Number.isFinite(w))
              f.fail(`${rp}[${j}]`, `expected a number, got ${typeof w}`);
            const fixed = Math.round(w * 0x10000);
            if (fixed < 0 || fixed > 0xffffffff) f.fail(`${rp}[${j}]`, `weight ${w} is out of range [0, 65536)`);
            return fixed;
          });
        });
        if (weightSet.length === 0) weightSet = null;
      }
      let ids: Int32Array | null = null;
      if (eo.ids !== undefined) {
        const a = f.arr(eo.ids, `${p}.ids`);
        if (a.length !== bucket.size)
          f.fail(`${p}.ids`, `has ${a.length} ids, bucket ${bucketId} has ${bucket.size} items`);
        ids = Int32Array.from(a, (id, j) => f.intValue(id, `${p}.ids[${j}]`, -0x80000000, 0x7fffffff));
      }
      args[-1 - bucketId] = { weightSet, ids };
    });
    sets.set(key, { key, args });
  }
  return sets;
}
