/** Field readers for the crush dump parser: each failure is a one-line input error with the field path. */
import { inputError } from '../errors.js';

export type Json = Record<string, unknown>;

export class FieldReader {
  constructor(readonly source: string) {}

  fail(path: string, what: string): never {
    throw inputError(this.source, `${path}: ${what}`);
  }

  obj(v: unknown, path: string): Json {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) this.fail(path, `expected an object, got ${kind(v)}`);
    return v as Json;
  }

  arr(v: unknown, path: string): unknown[] {
    if (!Array.isArray(v)) this.fail(path, `expected an array, got ${kind(v)}`);
    return v;
  }

  /** A required integer field within [min, max]. */
  int(o: Json, key: string, path: string, min = -0x80000000, max = 0x7fffffff): number {
    const v = o[key];
    if (v === undefined) this.fail(`${path}.${key}`, 'missing');
    return this.intValue(v, `${path}.${key}`, min, max);
  }

  intValue(v: unknown, path: string, min: number, max: number): number {
    if (typeof v !== 'number' || !Number.isFinite(v)) this.fail(path, `expected a number, got ${kind(v)}`);
    if (!Number.isInteger(v)) this.fail(path, `expected an integer, got ${v}`);
    if (v < min || v > max) this.fail(path, `${v} is out of range [${min}, ${max}]`);
    return v;
  }

  /** A 16.16 fixed-point weight as the dump writes it (an integer 0..0xffffffff). */
  weight(o: Json, key: string, path: string): number {
    return this.int(o, key, path, 0, 0xffffffff);
  }

  str(o: Json, key: string, path: string): string {
    const v = o[key];
    if (v === undefined) this.fail(`${path}.${key}`, 'missing');
    if (typeof v !== 'string') this.fail(`${path}.${key}`, `expected a string, got ${kind(v)}`);
    return v;
  }
}

export function kind(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return `a string (${JSON.stringify(v.length > 20 ? v.slice(0, 20) + '…' : v)})`;
  return `${typeof v} ${String(v)}`;
}
