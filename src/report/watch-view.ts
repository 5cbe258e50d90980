/**
 * The dashboard's view of one watch round: GET /api/state (WatchApiState) -> ReportData, drawn by the same code as
 * the report. "before" is the cluster as the round found it, "after" with the round's accepted ops (each moves one
 * primary from `from` to `to`). The state names no hosts, so the OSD heat map lays the OSDs out by id.
 *
 * Self-contained on purpose: the dashboard page inlines this function (`watchStateView.toString()`) and runs it on
 * every poll of /api/state, so it uses nothing from outside its body at run time (imports are types only).
 */
import type { WatchApiState } from '../daemon/api-state.js';
import type { ReportData } from './report-data.js';

export function watchStateView(s: WatchApiState): ReportData {
  const accepted = s.ops.filter((o) => o.result === 'accepted');
  const ids = Object.keys(s.primariesPerOsd)
    .map(Number)
    .sort((a, b) => a - b);
  const index = new Map(ids.map((id, i) => [id, i]));
  const poolOf = (pgid: string) => Number(pgid.slice(0, pgid.indexOf('.')));
  // The state's counts are the cluster after the round's batch when every op was accepted (the round's predicted
  // placement, verified by apply), and before it otherwise (watch-round.ts); "after" applies the accepted ops.
  const post = s.ops.length > 0 && accepted.length === s.ops.length;
  /** Per-OSD counts in `ids` order, before and after the accepted ops (of one pool, or all). */
  const counts = (per: Record<string, number>, pool: number | null) => {
    const given = ids.map((id) => per[String(id)] ?? 0);
    const other = [...given];
    const sign = post ? -1 : 1;
    for (const o of accepted) {
      if (pool !== null && poolOf(o.pgid) !== pool) continue;
      const f = index.get(o.from);
      const t = index.get(o.to);
      if (f !== undefined) other[f]! -= sign;
      if (t !== undefined) other[t]! += sign;
    }
    return post ? { before: other, after: given } : { before: given, after: other };
  };
  const all = counts(s.primariesPerOsd, null);
  const byPool = s.pools.map((p) => ({ pool: p.id, ...counts(p.primaries, p.id) }));
  const max = (a: number[]) => a.reduce((m, x) => (x > m ? x : m), 0);
  // ops, in the report's column form (one pool run per op: a round has few)
  const reasons = ['balance', 'redundant', 'invalid'];
  const ops = {
    count: s.ops.length,
    poolRuns: s.ops.flatMap((o) => [poolOf(o.pgid), 1]),
    psDelta: s.ops.map((o) => Number.parseInt(o.pgid.slice(o.pgid.indexOf('.') + 1), 16)),
    code: s.ops.map((o) => (o.op === 'remove' ? 3 : 0) + Math.max(0, reasons.indexOf(o.reason))),
    osd: s.ops.map((o) => (o.op === 'set' ? (o.osd ?? -1) : -1)),
    from: s.ops.map((o) => o.from),
    toExceptions: s.ops.flatMap((o, i) => (o.to !== (o.op === 'set' ? (o.osd ?? -1) : -1) ? [i, o.to] : [])),
    status: s.ops.map((o) => o.result),
  };
  const timings = Object.entries(s.timingsMs)
    .map(([k, v]) => `${k} ${v} ms`)
    .join(', ');
  return {
    title: 'loadshift watch',
    generated: s.endedAt,
    cluster: { fsid: s.fsid, epoch: s.epoch, source: `round ${s.round}, osdmap e${s.epoch} -> e${s.epochAfter}` },
    policy: s.policy,
    status: s.status,
    notes: [
      ...s.conditions.map((c) => `condition: ${JSON.stringify(c)}`),
      ...Object.entries(s.skipped).map(([why, n]) => `skipped ${n} PG(s): ${why}`),
      `round took ${timings} (${s.mapping} mapping)`,
    ],
    warnings: [
      ...(s.error !== null ? [`round failed: ${s.error}`] : []),
      ...s.guards.map((g) => `guard: ${g}`),
      ...s.rejected.map((r) => `${r.pool}: ${r.ops} op(s) not made: ${r.why}`),
    ],
    pools: s.pools.map((p, k) => {
      const c = byPool[k]!;
      return {
        id: p.id,
        name: p.name,
        pgs: c.before.reduce((a, b) => a + b, 0),
        scoreBefore: p.score,
        scoreAfter: null,
        maxBefore: max(c.before),
        maxAfter: max(c.after),
        optimum: null,
        moves: accepted.filter((o) => poolOf(o.pgid) === p.id).length,
        cleanups: 0,
        status: p.paused === null ? 'watched' : `paused: ${p.paused}`,
      };
    }),
    osds: { ids, host: ids.map(() => -1), before: all.before, after: all.after, byPool },
    hosts: { names: [], before: [], after: [] },
    ops,
    osdLatencyMs: ids.map((id) => s.readLatencyMs[String(id)] ?? -1),
  };
}
