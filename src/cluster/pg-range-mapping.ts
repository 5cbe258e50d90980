/**
 * Mapping a cluster's PGs chunk by chunk, into a flat Int32Array and back: how the CLI shares the mapping of a large
 * cluster between threads. The threads take chunks from one shared counter (`claim`), so a worker that starts late
 * simply takes fewer. Pure; the same pipeline as mapAllPgs.
 */
import type { CrushMap } from '../crush/types.js';
import type { OsdMap } from './osdmap.js';
import type { PgMapping } from './placement.js';
import { mapPgInto, mapPgRange, newScratch } from './pg-mapping.js';

/** PGs `from` .. `to`-1 of one pool. */
export interface PgRange {
  poolId: number;
  from: number;
  to: number;
}

/** What CRUSH read for one PG (crush-probes.ts): src[from] .. src[to − 1]. */
export type ProbeSink = (src: ArrayLike<number>, from: number, to: number) => void;

/** The PGs of every pool (by id), in chunks of at most `size` PGs that never span two pools. */
export function chunkRanges(osdmap: OsdMap, size: number): PgRange[] {
  const out: PgRange[] = [];
  for (const p of [...osdmap.pools.values()].sort((a, b) => a.id - b.id))
    for (let from = 0; from < p.pgNum; from += size)
      out.push({ poolId: p.id, from, to: Math.min(p.pgNum, from + size) });
  return out;
}

const NONE: readonly number[] = [];

/** A growable Int32Array. */
class IntList {
  buf = new Int32Array(1 << 16);
  n = 0;
  push(v: number): void {
    if (this.n === this.buf.length) {
      const bigger = new Int32Array(this.buf.length * 2);
      bigger.set(this.buf);
      this.buf = bigger;
    }
    this.buf[this.n++] = v;
  }
  put(list: readonly number[]): void {
    this.push(list.length);
    for (let i = 0; i < list.length; i++) this.push(list[i]!);
  }
}

/**
 * The chunks this thread claims (`claim` returns the next chunk index, or one past the end when none is left),
 * packed. `index` holds (chunk, offset in packed) per chunk mapped. Per PG: rawLen(-1: the same array as up) raw…
 * upLen up… upPrimary actingLen(-1: same as up) acting… actingPrimary probedLen probed….
 */
export function mapChunksPacked(
  osdmap: OsdMap,
  crush: CrushMap,
  chunks: readonly PgRange[],
  claim: () => number,
  probes = false,
): { packed: Int32Array; index: Int32Array } {
  const out = new IntList();
  const index: number[] = [];
  const s = newScratch(probes);
  for (let k = claim(); k < chunks.length; k = claim()) {
    const r = chunks[k]!;
    const pool = osdmap.pools.get(r.poolId);
    index.push(k, out.n);
    if (pool === undefined) continue;
    const pack = (m: PgMapping): void => {
      if (m.raw === m.up) out.push(-1);
      else out.put(m.raw);
      out.put(m.up);
      out.push(m.upPrimary);
      if (m.acting === m.up) out.push(-1);
      else out.put(m.acting);
      out.push(m.actingPrimary);
      out.put(s.probed ?? NONE);
    };
    if (probes) for (let ps = r.from; ps < r.to; ps++) pack(mapPgInto(osdmap, crush, pool, ps, s));
    else mapPgRange(osdmap, crush, pool, r.from, r.to, s, (_, m) => pack(m));
  }
  return { packed: out.buf.slice(0, out.n), index: Int32Array.from(index) };
}

/**
 * The chunks this thread claims, mapped straight into `pgs` (pool id → PgMapping per ps); their probes are kept in
 * `probes` (per PG: count, OSDs), `at` giving each mapped chunk's offset there (chunk → offset).
 */
export function mapChunksInto(
  osdmap: OsdMap,
  crush: CrushMap,
  chunks: readonly PgRange[],
  claim: () => number,
  pgs: ReadonlyMap<number, PgMapping[]>,
  record = false,
): { probes: Int32Array; at: Map<number, number> } {
  const probes = new IntList();
  const at = new Map<number, number>();
  const s = newScratch(record);
  for (let k = claim(); k < chunks.length; k = claim()) {
    const r = chunks[k]!;
    const pool = osdmap.pools.get(r.poolId);
    const list = pgs.get(r.poolId);
    at.set(k, probes.n);
    if (pool === undefined || list === undefined) continue;
    if (record) {
      for (let ps = r.from; ps < r.to; ps++) {
        list[ps] = mapPgInto(osdmap, crush, pool, ps, s);
        probes.put(s.probed ?? NONE);
      }
    } else {
      mapPgRange(osdmap, crush, pool, r.from, r.to, s, (ps, m) => {
        list[ps] = m;
        probes.put(NONE);
      });
    }
  }
  return { probes: probes.buf.subarray(0, probes.n), at };
}

/** Feeds `count` PGs' probes kept by mapChunksInto, from `offset`, to `sink`; returns the offset after them. */
export function feedProbes(flat: Int32Array, offset: number, count: number, sink: ProbeSink): number {
  let i = offset;
  for (let k = 0; k < count; k++) {
    const len = flat[i++]!;
    sink(flat, i, i + len);
    i += len;
  }
  return i;
}

/**
 * Inverse of the packing: `count` PgMappings from `offset` of `buf`, to `visit` in order (their probes to `probes`);
 * returns the offset after them.
 */
export function unpackAt(
  buf: Int32Array,
  offset: number,
  count: number,
  visit: (m: PgMapping) => void,
  probes?: ProbeSink,
): number {
  let i = offset;
  const take = (len: number): number[] => {
    const a = new Array<number>(len);
    for (let k = 0; k < len; k++) a[k] = buf[i++]!;
    return a;
  };
  for (let k = 0; k < count; k++) {
    const rawLen = buf[i++]!;
    const ownRaw = rawLen < 0 ? null : take(rawLen);
    const up = take(buf[i++]!);
    const raw = ownRaw ?? up;
    const upPrimary = buf[i++]!;
    const actingLen = buf[i++]!;
    const acting = actingLen < 0 ? up : take(actingLen);
    visit({ raw, up, upPrimary, acting, actingPrimary: buf[i++]! });
    const probed = buf[i++]!;
    probes?.(buf, i, i + probed);
    i += probed;
  }
  return i;
}
