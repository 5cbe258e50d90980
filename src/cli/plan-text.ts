import { textTable } from './text-table.js';
import type { Plan } from '../balance/plan.js';
import type { ReadBalance } from '../cluster/read-balance-score.js';
import type { ScoreReport } from './score-report.js';
import { opShellLine } from '../ceph/op-command.js';

const arrow = (a: string, b: string) => (a === b ? a : `${a} -> ${b}`);
const score = (rb: unknown) => {
  const v = (rb as Partial<ReadBalance> | null)?.score_acting;
  return v === undefined ? '-' : v.toFixed(2);
};

/** The operator's view of a plan: per pool, per OSD and per host, before and after, then the commands. */
export function renderPlanText(plan: Plan, before: ScoreReport, after: ScoreReport): string {
  const out: string[] = [];
  out.push(
    `loadshift plan: osdmap epoch ${plan.epoch}, policy ${plan.policy}, ${plan.ops.length} operation(s), status ${plan.status}\n`,
  );
  for (const w of plan.warnings) out.push(`warning: ${w}\n`);
  for (const n of plan.notes) out.push(`note: ${n}\n`);
  if (plan.drain) out.push(drainLine(plan.drain));
  if (plan.status === 'budget-limited') {
    out.push(
      'note: the change budget went to the worst pools first: highest busiest-OSD primaries over the pool mean\n' +
        "      (Ceph's read_balance_score when every primary affinity is 1)\n",
    );
  }
  out.push('\n');
  const afterPool = new Map(after.pools.map((p) => [p.id, p]));
  const even = plan.pools.every((p) => p.status === 'skipped' || p.equalShares);
  const fix = (x: number) => x.toFixed(2);
  const rows = plan.pools.map((pp) => {
    const b = before.pools.find((p) => p.id === pp.poolId);
    const a = afterPool.get(pp.poolId);
    const skipped = pp.status === 'skipped';
    return [
      pp.poolName,
      String(pp.poolId),
      String(pp.pgCount),
      arrow(score(b?.read_balance), score(a?.read_balance)),
      arrow(String(b?.maxPrimaries ?? '-'), String(a?.maxPrimaries ?? '-')),
      skipped ? '-' : String(pp.optimum),
      skipped ? '-' : String(pp.moves),
      skipped ? '-' : String(pp.cleanups),
      pp.status,
      ...(even
        ? []
        : [
            skipped ? '-' : `${arrow(fix(pp.overloadBefore), fix(pp.overloadAfter))} (best ${fix(pp.overloadOptimum)})`,
          ]),
    ];
  });
  const header = ['POOL', 'ID', 'PGS', 'CEPH SCORE', 'MAX PRIMARIES/OSD', 'BEST MAX', 'MOVES', 'CLEANUPS', 'STATUS'];
  out.push(textTable(even ? header : [...header, 'OVERLOAD VS SHARES'], rows));
  if (!even)
    out.push(
      `  (${plan.policy} policy, unequal shares: STATUS and OVERLOAD (primaries - share) are against its shares; BEST MAX is the even optimum, for comparison)\n`,
    );
  for (const pp of plan.pools) if (pp.reason) out.push(`  ${pp.poolName}: ${pp.reason}\n`);
  out.push('\nprimaries per OSD (before -> after)\n');
  const pools = before.pools.filter((p) => plan.pools.some((pp) => pp.poolId === p.id && pp.status !== 'skipped'));
  const afterOsd = new Map(after.osds.map((o) => [o.osd, o]));
  out.push(
    textTable(
      ['OSD', 'HOST', ...pools.map((p) => p.name), 'ALL POOLS'],
      before.osds.map((o) => {
        const a = afterOsd.get(o.osd);
        return [
          `osd.${o.osd}`,
          o.host ?? '-',
          ...pools.map((p) => arrow(String(o.primaries[String(p.id)] ?? 0), String(a?.primaries[String(p.id)] ?? 0))),
          arrow(String(o.total), String(a?.total ?? 0)),
        ];
      }),
      2,
    ),
  );
  out.push('\nprimaries per host, all pools (before -> after)\n');
  const afterHost = new Map(after.hosts.map((h) => [h.host, h]));
  out.push(
    textTable(
      ['HOST', 'PRIMARIES'],
      before.hosts.map((h) => [h.host, arrow(String(h.primaries), String(afterHost.get(h.host)?.primaries ?? 0))]),
    ),
  );
  out.push('\ncommands\n');
  out.push(
    plan.ops.length === 0 ? '  (none: nothing to change)\n' : plan.ops.map((op) => `${opShellLine(op)}\n`).join(''),
  );
  return out.join('');
}

/** `drain: osd.4, osd.5 lead no PG after the plan, except ...` */
function drainLine(d: NonNullable<Plan['drain']>): string {
  const osds = d.osds.map((o) => `osd.${o}`).join(', ');
  const kept =
    d.kept.length === 0
      ? ''
      : `, except ${d.kept.length} PG(s) with no other member that can lead: ${d.kept
          .slice(0, 10)
          .map((k) => `${k.pgid} (osd.${k.osd})`)
          .join(', ')}${d.kept.length > 10 ? ', ...' : ''}`;
  const pending = d.pending > 0 ? `; ${d.pending} PG(s) still on them (budget)` : '';
  return `drain: ${osds} lead no PG after the plan${kept}${pending}\n`;
}
