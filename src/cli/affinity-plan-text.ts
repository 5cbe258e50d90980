import type { AffinityPlan } from '../balance/affinity-plan.js';
import { affinityOpArgs, affinityValueText } from '../ceph/op-command.js';
import { textTable } from './text-table.js';

const arrow = (a: string, b: string) => (a === b ? a : `${a} -> ${b}`);

/** The operator's view of an affinity plan: per pool the busiest OSD before and after, the values, the commands. */
export function renderAffinityPlanText(plan: AffinityPlan): string {
  const out: string[] = [];
  out.push(
    `loadshift plan: osdmap epoch ${plan.epoch}, method affinity, ${plan.ops.length} operation(s), status ${plan.status}\n`,
  );
  out.push('note: primary affinity is honoured by every client, kernel clients and pre-Reef librados included\n\n');
  out.push(
    textTable(
      ['POOL', 'ID', 'PGS', 'MAX PRIMARIES/OSD', 'UPMAP-PRIMARY OPTIMUM', 'PGS MOVED'],
      plan.pools.map((p) => [
        p.poolName,
        String(p.poolId),
        String(p.pgCount),
        arrow(String(p.maxBefore), String(p.maxAfter)),
        p.upmapOptimum === undefined ? '- (erasure-coded)' : String(p.upmapOptimum),
        String(p.moved),
      ]),
    ),
  );
  out.push(
    '  (UPMAP-PRIMARY OPTIMUM: the busiest OSD pg-upmap-primary could reach, the bound for one value per OSD)\n',
  );
  out.push('\nprimary affinity (before -> after)\n');
  out.push(
    plan.ops.length === 0
      ? '  (no change)\n'
      : textTable(
          ['OSD', 'AFFINITY'],
          plan.ops.map((op) => [`osd.${op.osd}`, arrow(affinityValueText(op.from), affinityValueText(op.to))]),
          2,
        ),
  );
  out.push('\ncommands\n');
  out.push(
    plan.ops.length === 0
      ? '  (none: nothing to change)\n'
      : plan.ops.map((op) => `${['ceph', ...affinityOpArgs(op)].join(' ')}\n`).join(''),
  );
  return out.join('');
}
