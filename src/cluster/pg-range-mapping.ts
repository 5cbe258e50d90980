/**
 * Mapping a slice of a cluster's PGs into a flat Int32Array and back: how the CLI splits the mapping of a large
 * cluster across threads. Pure; the same pipeline as mapAllPgs.
 */
import type { CrushMap } from '../crush/types.js';
import type { OsdMap } from './osdmap.js';
import type { PgMapping } from './placement.js';
import { mapPgInto, newScratch } from './pg-mapping.js';

/** PGs `from` .. `to`-1 of one pool. */
export interface PgRange {
  poolId: number;
  from: number;
  to: number;
}

/** The OSDs whose reweight CRUSH read for one PG (crush-probes.ts), PG after PG in range order. */
export type ProbeSink = (probed: ArrayLike<number>) => void;

/** Calls `visit` with the mapping of every PG of the ranges (and the OSDs it probed), in range order. */
function eachMapping(
  osdmap: OsdMap,
  crush: CrushMap,
  ranges: readonly PgRange[],
  visit: (m: PgMapping, probed: readonly number[]) => void,
): void {
  const s = newScratch();
  for (const r of ranges) {
    const pool = osdmap.pools.get(r.poolId);
    if (pool === undefined) continue;
    for (let ps = r.from; ps < r.to; ps++) visit(mapPgInto(osdmap, crush, pool, ps, s), s.probed);
  }
}

/** Per PG: rawLen raw… upLen up… upPrimary actingLen(-1: same as up) acting… actingPrimary probedLen probed…. */
export function mapRangesPacked(osdmap: OsdMap, crush: CrushMap, ranges: readonly PgRange[]): Int32Array {
  let out = new Int32Array(1 << 16);
  let n = 0;
  const push = (v: number) => {
    if (n === out.length) {
      const bigger = new Int32Array(out.length * 2);
      bigger.set(out);
      out = bigger;
    }
    out[n++] = v;
  };
  const put = (list: readonly number[]) => {
    push(list.length);
    for (const o of list) push(o);
  };
  eachMapping(osdmap, crush, ranges, (m, probed) => {
    put(m.raw);
    put(m.up);
    push(m.upPrimary);
    if (m.acting === m.up) push(-1);
    else put(m.acting);
    push(m.actingPrimary);
    put(probed);
  });
  return out.slice(0, n);
}

/** The PgMappings of the ranges, directly (the thread that keeps its share does not pack it). */
export function mapRanges(
  osdmap: OsdMap,
  crush: CrushMap,
  ranges: readonly PgRange[],
  probes?: ProbeSink,
): PgMapping[] {
  const out: PgMapping[] = [];
  eachMapping(osdmap, crush, ranges, (m, probed) => {
    out.push(m);
    probes?.(probed);
  });
  return out;
}

/** Inverse of mapRangesPacked: the PgMappings in range order (their probes to `probes`, in the same order). */
export function unpackMappings(buf: Int32Array, count: number, probes?: ProbeSink): PgMapping[] {
  const out: PgMapping[] = new Array<PgMapping>(count);
  let i = 0;
  const take = (len: number): number[] => {
    const a = new Array<number>(len);
    for (let k = 0; k < len; k++) a[k] = buf[i++] as number;
    return a;
  };
  for (let k = 0; k < count; k++) {
    const raw = take(buf[i++] as number);
    const up = take(buf[i++] as number);
    const upPrimary = buf[i++] as number;
    const actingLen = buf[i++] as number;
    const acting = actingLen < 0 ? up : take(actingLen);
    out[k] = { raw, up, upPrimary, acting, actingPrimary: buf[i++] as number };
    const probed = buf[i++] as number;
    probes?.(buf.subarray(i, i + probed));
    i += probed;
  }
  return out;
}
