/**
 * Field readers for every Ceph JSON parser: each failure is a one-line input error naming the document and the
 * field path (`osds[3].weight`, `buckets[2].items[1].weight`).
 */
import { FIXED_ONE, parsePgid } from '../cluster/osdmap.js';
import { inputError } from '../errors.js';

export type Json = Record<string, unknown>;

/** Largest OSD id loadshift accepts (Ceph's own limit is far above any real cluster). */
export const MAX_OSD_LIMIT = 1 << 22;

export function isJsonObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A short description of a JSON value for error messages. */
export function describeJson(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'undefined';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return `'${v.length > 20 ? `${v.slice(0, 20)}...` : v}'`;
  return String(v);
}

function at(path: string, key: string): string {
  return path === '$' || path === '' ? key : `${path}.${key}`;
}

export class JsonFields {
  constructor(readonly source: string) {}

  fail(path: string, what: string): never {
    throw inputError(this.source, `${path}: ${what}`);
  }

  /** A problem with the document as a whole (no field to name). */
  failDocument(what: string): never {
    throw inputError(this.source, what);
  }

  obj(v: unknown, path: string): Json {
    if (!isJsonObject(v)) this.fail(path, `expected an object, got ${describeJson(v)}`);
    return v;
  }

  arr(v: unknown, path: string): unknown[] {
    if (!Array.isArray(v)) this.fail(path, `expected an array, got ${describeJson(v)}`);
    return v;
  }

  /** The array field `key` of `o`; [] when it is absent and `optional`. */
  array(o: Json, key: string, path: string, optional = false): unknown[] {
    const v = o[key];
    if (v === undefined && optional) return [];
    if (v === undefined) this.fail(at(path, key), 'missing');
    return this.arr(v, at(path, key));
  }

  /** A required integer field within [min, max]. */
  int(o: Json, key: string, path: string, min = -0x80000000, max = 0x7fffffff): number {
    const v = o[key];
    if (v === undefined) this.fail(at(path, key), 'missing');
    return this.intValue(v, at(path, key), min, max);
  }

  intValue(v: unknown, path: string, min: number, max: number): number {
    if (typeof v !== 'number' || !Number.isFinite(v)) this.fail(path, `expected a number, got ${describeJson(v)}`);
    if (!Number.isInteger(v)) this.fail(path, `expected an integer, got ${v}`);
    if (v < min || v > max) this.fail(path, `${v} is out of range ${min}..${max}`);
    return v;
  }

  /** A 16.16 fixed-point weight as the crush dump writes it (an integer 0..0xffffffff). */
  weight(o: Json, key: string, path: string): number {
    return this.int(o, key, path, 0, 0xffffffff);
  }

  /** A 16.16 fraction printed as a float in [0, 1] (the osd dump's weight and primary_affinity). */
  fixed(o: Json, key: string, path: string): number {
    const v = o[key];
    if (v === undefined) this.fail(at(path, key), 'missing');
    if (typeof v !== 'number' || !Number.isFinite(v))
      this.fail(at(path, key), `expected a number, got ${describeJson(v)}`);
    if (v < 0 || v > 1) this.fail(at(path, key), `${v} is out of range 0..1`);
    return Math.round(v * FIXED_ONE);
  }

  str(o: Json, key: string, path: string): string {
    const v = o[key];
    if (v === undefined) this.fail(at(path, key), 'missing');
    if (typeof v !== 'string') this.fail(at(path, key), `expected a string, got ${describeJson(v)}`);
    return v;
  }

  osdId(v: unknown, path: string): number {
    if (typeof v !== 'number' || !Number.isInteger(v)) this.fail(path, `expected an OSD id, got ${describeJson(v)}`);
    // 2147483647 is CRUSH_ITEM_NONE (a hole in an erasure-coded set), valid in pg_upmap/pg_temp.
    if ((v < 0 || v > MAX_OSD_LIMIT) && v !== 0x7fffffff) this.fail(path, `${v} is not a valid OSD id`);
    return v;
  }

  pgid(o: Json, path: string): string {
    const t = this.str(o, 'pgid', path);
    if (!parsePgid(t)) this.fail(at(path, 'pgid'), `'${t}' is not a pgid (POOL.HEXSEED)`);
    return t;
  }
}
