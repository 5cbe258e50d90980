/** The only code of the real-cluster tests that knows loadshift's JSON output layouts (plan, pgs, score). */
import type { PgBrief } from './ceph-cluster.js';

export interface PlanOp {
  op: 'set' | 'remove';
  pgid: string;
  /** the OSD a `set` names (`ceph osd pg-upmap-primary PGID OSD`) */
  osd?: number;
  /** acting primary before / predicted after */
  from: number;
  to: number;
}
export interface PlanPool {
  poolId: number;
  poolName: string;
  /** predicted `read_balance` after the plan (keys as in `ceph osd pool ls detail -f json`), if given */
  after?: Record<string, number>;
  /** predicted primaries per OSD after the plan, if given */
  primaries?: Record<string, number>;
}
export interface PlanView {
  ops: PlanOp[];
  pools: PlanPool[];
  /** predicted acting primary per PG (only the PGs the plan lists) */
  predicted: Map<string, number>;
}

/**
 * `loadshift plan --format json`:
 * `{ operations: [{op, pgid, from, to}], pools: [{pool_id, pool_name, after: {read_balance, primaries}, predicted: {pgid: {acting_primary}}}] }`
 */
export function readPlan(json: unknown): PlanView {
  const doc = json as {
    operations: { op: 'set' | 'remove'; pgid: string; osd?: number; from: number; to: number }[];
    pools: {
      pool_id: number;
      pool_name: string;
      after?: { read_balance?: Record<string, number>; primaries?: Record<string, number> };
      predicted?: Record<string, { acting_primary: number }>;
    }[];
  };
  const predicted = new Map<string, number>();
  for (const p of doc.pools)
    for (const [pgid, v] of Object.entries(p.predicted ?? {})) predicted.set(pgid, v.acting_primary);
  return {
    ops: doc.operations.map((o) => ({
      op: o.op,
      pgid: o.pgid,
      ...(o.op === 'set' ? { osd: o.osd ?? o.to } : {}),
      from: o.from,
      to: o.to,
    })),
    pools: doc.pools.map((p) => ({
      poolId: p.pool_id,
      poolName: p.pool_name,
      ...(p.after?.read_balance ? { after: p.after.read_balance } : {}),
      ...(p.after?.primaries ? { primaries: p.after.primaries } : {}),
    })),
    predicted,
  };
}

/** `loadshift pgs --format json`: an array of {pgid, up, up_primary, acting, acting_primary} (extra fields ignored). */
export function readPgs(json: unknown): Omit<PgBrief, 'state'>[] {
  const list = (Array.isArray(json) ? json : (json as { pgs: unknown[] }).pgs) as Omit<PgBrief, 'state'>[];
  return list.map(({ pgid, up, up_primary, acting, acting_primary }) => ({
    pgid,
    up,
    up_primary,
    acting,
    acting_primary,
  }));
}

/** `loadshift score --format json`: `{ pools: [{ id, name, read_balance }] }` (read_balance as Reef dumps it, or null). */
export function readScore(json: unknown): Map<number, Record<string, unknown> | null> {
  const doc = json as { pools: { id?: number; pool_id?: number; read_balance: Record<string, unknown> | null }[] };
  return new Map(doc.pools.map((p) => [p.id ?? p.pool_id!, p.read_balance]));
}
