import { inputError } from '../errors.js';

/** One PG as the mgr reports it (`ceph pg dump pgs -f json` or `pgs_brief`). */
export interface PgStatus {
  pgid: string;
  state: string;
  up: number[];
  acting: number[];
  actingPrimary: number;
  /** Cumulative client reads / KiB read charged to the primary (absent in pgs_brief). */
  numRead?: number;
  numReadKb?: number;
  numWrite?: number;
  numWriteKb?: number;
  numObjects?: number;
}

const ints = (v: unknown): v is number[] => Array.isArray(v) && v.every((x) => Number.isInteger(x));

/** Parses the `pg_stats` of `ceph pg dump pgs|pgs_brief -f json` (also the full dump's `pg_map.pg_stats`). */
export function parsePgDump(json: unknown, source: string): Map<string, PgStatus> {
  const j = json as { pg_stats?: unknown; pg_map?: { pg_stats?: unknown } } | null;
  const list = j?.pg_stats ?? j?.pg_map?.pg_stats;
  if (!Array.isArray(list)) throw inputError(source, 'pg dump: no pg_stats list; is it `ceph pg dump pgs -f json`?');
  const out = new Map<string, PgStatus>();
  for (const raw of list as Array<Record<string, unknown>>) {
    const { pgid, state, up, acting, acting_primary: ap } = raw;
    if (typeof pgid !== 'string' || typeof state !== 'string' || !ints(up) || !ints(acting) || !Number.isInteger(ap))
      throw inputError(source, `pg dump: entry ${JSON.stringify(pgid)} lacks pgid/state/up/acting/acting_primary`);
    const s = raw.stat_sum as Record<string, number> | undefined;
    out.set(pgid, {
      pgid,
      state,
      up,
      acting,
      actingPrimary: ap as number,
      ...(s
        ? {
            numRead: s.num_read ?? 0,
            numReadKb: s.num_read_kb ?? 0,
            numWrite: s.num_write ?? 0,
            numWriteKb: s.num_write_kb ?? 0,
            numObjects: s.num_objects ?? 0,
          }
        : {}),
    });
  }
  return out;
}

/**
 * Why a PG's primary must not be moved now, or undefined when it may: only active+clean-like PGs (active, clean,
 * none of peering/degraded/recovering/backfilling/remapped/undersized/stale/...) and not scrubbing (moving the primary
 * of a scrubbing PG silently aborts the scrub).
 */
export function pgMoveBlocker(state: string): string | undefined {
  const parts = new Set(state.split('+'));
  if (parts.has('scrubbing') || parts.has('deep'))
    return `scrubbing (${state}): moving its primary would abort the scrub`;
  if (!parts.has('active') || !parts.has('clean')) return `not active+clean (${state})`;
  const harmless = new Set(['active', 'clean', 'snaptrim', 'snaptrim_wait']);
  const bad = [...parts].filter((p) => !harmless.has(p));
  return bad.length > 0 ? `not active+clean (${state})` : undefined;
}
