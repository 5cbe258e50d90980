/**
 * The OSDMap as loadshift models it: plain data, no Ceph JSON field names (src/ceph/ reads those).
 * Weights and primary affinities are Ceph's 16.16 fixed point integers (0x10000 = 1.0).
 */

/** Ceph's placeholder for "no OSD" in a position of an erasure-coded set (CRUSH_ITEM_NONE). */
export const ITEM_NONE = 0x7fffffff;
/** 1.0 in 16.16 fixed point: CEPH_OSD_IN, CEPH_OSD_MAX_PRIMARY_AFFINITY. */
export const FIXED_ONE = 0x10000;

export type PoolType = 'replicated' | 'erasure';

export interface Pool {
  id: number;
  name: string;
  type: PoolType;
  size: number;
  minSize: number;
  crushRule: number;
  pgNum: number;
  pgpNum: number;
  /** Ceph's masks: (next power of two >= n) - 1. */
  pgNumMask: number;
  pgpNumMask: number;
  /** FLAG_HASHPSPOOL: the placement seed is hashed with the pool id. */
  hashpspool: boolean;
  /** Squid+ pool option read_ratio: percent of the pool's I/O that are reads (size-aware read balancer); unset: absent. */
  readRatio?: number;
}

export interface OsdMap {
  epoch: number;
  /** The cluster's fsid ('' when the dump has none). */
  fsid: string;
  /** Number of OSD slots; every per-OSD array has this length. */
  maxOsd: number;
  /** 1 when the OSD exists (CEPH_OSD_EXISTS). */
  exists: Uint8Array;
  /** 1 when the OSD is up (CEPH_OSD_UP). */
  up: Uint8Array;
  /** Reweight in 16.16: 0 = out, 0x10000 = fully in. 0 for OSDs that do not exist. */
  weight: Uint32Array;
  /** Primary affinity in 16.16 per OSD; undefined when every OSD has the default (1.0), as in Ceph. */
  primaryAffinity: Uint32Array | undefined;
  pools: Map<number, Pool>;
  /** Keyed by pgid text ("3.1f"). */
  pgUpmap: Map<string, number[]>;
  pgUpmapItems: Map<string, Array<[from: number, to: number]>>;
  pgUpmapPrimaries: Map<string, number>;
  pgTemp: Map<string, number[]>;
  primaryTemp: Map<string, number>;
  /** e.g. "reef", "luminous"; "" when unset. */
  requireMinCompatClient: string;
}

/** Ceph's pgid text: pool id, a dot, the placement seed in lowercase hex. */
/** _pick_primary: the first OSD that is not a hole, else -1. */
export function pickPrimary(osds: readonly number[]): number {
  for (let i = 0; i < osds.length; i++) if (osds[i] !== ITEM_NONE) return osds[i]!;
  return -1;
}

/** CEPH_OSD_EXISTS for a valid id. */
export function osdExists(osdmap: OsdMap, osd: number): boolean {
  return osd >= 0 && osd < osdmap.maxOsd && osdmap.exists[osd] === 1;
}

/** The OSD exists and is up. */
export function osdIsUp(osdmap: OsdMap, osd: number): boolean {
  return osdExists(osdmap, osd) && osdmap.up[osd] === 1;
}

export function pgidText(poolId: number, ps: number): string {
  if (poolId < 0 || poolId >= PGID_POOLS || ps < 0 || ps >= PGID_PS) return `${poolId}.${ps.toString(16)}`;
  const texts = (pgidTexts[poolId] ??= []);
  return (texts[ps] ??= `${poolId}.${ps.toString(16)}`);
}

// A watch round names every PG several times (pg dump, health gates, choices): the texts are made once, and the
// same string objects make Map lookups cheaper (their hash is kept). Bounded: pools < 4096, ps < 2^20.
const PGID_POOLS = 4096;
const PGID_PS = 1 << 20;
const pgidTexts: string[][] = [];

/** A pool by name, or by id given as decimal text (a name wins); undefined when none matches. */
export function findPool(osdmap: OsdMap, key: string): number | undefined {
  for (const p of osdmap.pools.values()) if (p.name === key) return p.id;
  if (/^\d+$/.test(key) && osdmap.pools.has(Number(key))) return Number(key);
  return undefined;
}

/** Inverse of pgidText; undefined when the text is not a pgid. */
export function parsePgid(text: string): { pool: number; ps: number } | undefined {
  // decimal digits, '.', lowercase hex digits (by character: plans parse one pgid per operation)
  const dot = text.indexOf('.');
  if (dot <= 0 || dot === text.length - 1) return undefined;
  let pool = 0;
  for (let i = 0; i < dot; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return undefined;
    pool = pool * 10 + d;
  }
  let ps = 0;
  for (let i = dot + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const v = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : -1;
    if (v < 0) return undefined;
    ps = ps * 16 + v;
  }
  return { pool, ps };
}
