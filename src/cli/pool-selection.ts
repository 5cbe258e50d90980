import { findPool, type OsdMap, type Pool } from '../cluster/osdmap.js';
import { inputError, usageError } from '../errors.js';

/** How every message and table names a pool: `3 'p128'`. */
export function poolLabel(pool: Pick<Pool, 'id' | 'name'>): string {
  return `${pool.id} '${pool.name}'`;
}

export interface PoolSelection {
  /** `--pool` values (ids or names); empty: every pool. */
  include: readonly string[];
  /** `--exclude-pool` values. */
  exclude?: readonly string[];
}

/**
 * The pools a command works on, in id order (no duplicates). An unknown pool is bad input naming the OSD map it is
 * not in; excluding every selected pool is a usage error.
 */
export function selectPools(osdmap: OsdMap, sel: PoolSelection, source: string): number[] {
  const all = [...osdmap.pools.keys()].sort((a, b) => a - b);
  const resolve = (key: string): number => {
    const id = findPool(osdmap, key);
    if (id !== undefined) return id;
    const known = all.map((i) => poolLabel(osdmap.pools.get(i) as Pool)).join(', ');
    throw inputError(source, `no pool '${key}' in this OSD map (pools: ${known || 'none'}); give a pool id or name`);
  };
  const included = sel.include.length > 0 ? new Set(sel.include.map(resolve)) : new Set(all);
  const excluded = new Set((sel.exclude ?? []).map(resolve));
  const ids = all.filter((id) => included.has(id) && !excluded.has(id));
  if (ids.length === 0 && all.length > 0) throw usageError('--exclude-pool', 'excludes every selected pool');
  return ids;
}
