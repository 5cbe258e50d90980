/**
 * ReportData from a plan and the cluster's primary figures before and after it (what `loadshift score` computes).
 * Pure: the caller gives the time and where the snapshot came from.
 */
import type { Plan } from '../balance/plan.js';
import type { SimReport } from '../sim/sim-result.js';
import { encodeOps } from './encode-ops.js';
import type { ReportData } from './report-data.js';

/** The figures of one state of the cluster, as src/cli/score-report.ts's ScoreReport has them. */
export interface PrimaryFigures {
  pools: ReadonlyArray<{ id: number; maxPrimaries: number; read_balance: unknown }>;
  osds: ReadonlyArray<{ osd: number; host: string | null; primaries: Readonly<Record<string, number>>; total: number }>;
  hosts: ReadonlyArray<{ host: string; primaries: number }>;
}

export interface ReportMeta {
  generated: string;
  source: string;
  title?: string;
  sim?: SimReport;
  simSummary?: string[];
}

const score = (rb: unknown): number | null => {
  const v = (rb as { score_acting?: unknown } | null)?.score_acting;
  return typeof v === 'number' ? v : null;
};

export function buildReportData(
  plan: Plan,
  before: PrimaryFigures,
  after: PrimaryFigures,
  meta: ReportMeta,
): ReportData {
  const afterPool = new Map(after.pools.map((p) => [p.id, p]));
  const beforePool = new Map(before.pools.map((p) => [p.id, p]));
  const pools = plan.pools.map((pp) => {
    const b = beforePool.get(pp.poolId);
    const a = afterPool.get(pp.poolId);
    const skipped = pp.status === 'skipped';
    return {
      id: pp.poolId,
      name: pp.poolName,
      pgs: pp.pgCount,
      scoreBefore: score(b?.read_balance),
      scoreAfter: score(a?.read_balance),
      maxBefore: b?.maxPrimaries ?? pp.maxBefore,
      maxAfter: a?.maxPrimaries ?? pp.maxAfter,
      optimum: skipped ? null : pp.optimum,
      moves: skipped ? 0 : pp.moves,
      cleanups: skipped ? 0 : pp.cleanups,
      status: pp.status,
      ...(pp.reason !== undefined ? { reason: pp.reason } : {}),
    };
  });
  const hostNames = before.hosts.map((h) => h.host);
  const hostAt = new Map(hostNames.map((h, i) => [h, i]));
  const afterHost = new Map(after.hosts.map((h) => [h.host, h.primaries]));
  const afterOsd = new Map(after.osds.map((o) => [o.osd, o]));
  const planned = plan.pools.filter((p) => p.status !== 'skipped').map((p) => p.poolId);
  return {
    title: meta.title ?? 'loadshift report',
    generated: meta.generated,
    cluster: { fsid: plan.fsid, epoch: plan.epoch, source: meta.source },
    policy: plan.policy,
    status: plan.status,
    notes: plan.notes,
    warnings: plan.warnings,
    pools,
    osds: {
      ids: before.osds.map((o) => o.osd),
      host: before.osds.map((o) => (o.host === null ? -1 : (hostAt.get(o.host) ?? -1))),
      before: before.osds.map((o) => o.total),
      after: before.osds.map((o) => afterOsd.get(o.osd)?.total ?? 0),
      byPool: planned.map((pool) => ({
        pool,
        before: before.osds.map((o) => o.primaries[String(pool)] ?? 0),
        after: before.osds.map((o) => afterOsd.get(o.osd)?.primaries[String(pool)] ?? 0),
      })),
    },
    hosts: {
      names: hostNames,
      before: before.hosts.map((h) => h.primaries),
      after: hostNames.map((h) => afterHost.get(h) ?? 0),
    },
    ops: encodeOps(plan.ops),
    ...(meta.sim !== undefined ? { sim: meta.sim } : {}),
    ...(meta.simSummary !== undefined ? { simSummary: meta.simSummary } : {}),
  };
}
