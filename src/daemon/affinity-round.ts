/**
 * A watch round's action when pg-upmap-primary cannot be used (issue 13): kernel clients or pre-Reef librados are
 * connected (`--method auto`, from `ceph features`) or the operator chose `--method affinity`. The round plans
 * primary-affinity values (the lever every client honours) for the pools it balances and applies them through the
 * same path as `loadshift apply` (checked on the live map, one batch, verified, journaled for `revert`).
 */
import { buildAffinityPlan } from '../balance/affinity-plan.js';
import type { OsdMap } from '../cluster/osdmap.js';
import type { Placement } from '../cluster/placement.js';
import type { CrushMap } from '../crush/types.js';
import { applyPlan } from '../transport/apply-plan.js';
import type { MapCluster } from '../transport/live-state.js';
import type { CephTransport } from '../transport/transport.js';
import type { ApiAffinityOp } from './api-state.js';
import type { JsonLog } from './json-log.js';

export interface AffinityRoundInput {
  t: CephTransport;
  map: MapCluster;
  osdmap: OsdMap;
  crush: CrushMap;
  placement: Placement;
  poolIds: number[];
  /** Why no value may change this round (a paused pool: affinity acts on every pool of an OSD at once). */
  blocked: string | undefined;
  maxChanges: number;
  journalPath: string;
  verifyTimeoutMs: number;
  stopping: boolean;
  log: JsonLog;
}

export async function affinityRound(a: AffinityRoundInput): Promise<{ ops: ApiAffinityOp[]; epochAfter: number }> {
  const plan = buildAffinityPlan({ osdmap: a.osdmap, crush: a.crush, placement: a.placement, poolIds: a.poolIds });
  const ops: ApiAffinityOp[] = plan.ops.map((o) => ({ osd: o.osd, from: o.from, to: o.to, result: 'not-sent' }));
  if (plan.ops.length === 0) return { ops, epochAfter: a.osdmap.epoch };
  const why =
    a.blocked ??
    (plan.ops.length > a.maxChanges
      ? `${plan.ops.length} affinity values exceed --max-changes-per-round ${a.maxChanges} (values interact: not split)`
      : a.stopping
        ? 'stopping'
        : undefined);
  if (why !== undefined) {
    a.log('warn', 'affinity-held', { values: plan.ops.length, why });
    return { ops, epochAfter: a.osdmap.epoch };
  }
  a.log('info', 'affinity-sent', {
    epoch: a.osdmap.epoch,
    values: plan.ops.map((o) => `osd.${o.osd}:${o.from}>${o.to}`),
    moves: plan.predicted.size,
  });
  const report = await applyPlan(a.t, {
    planSource: 'watch (affinity)',
    fsid: plan.fsid,
    epoch: plan.epoch,
    ops: [],
    affinity: plan.ops,
    batch: 'pool',
    strict: false,
    allowOldClients: false,
    dryRun: false,
    journalPath: a.journalPath,
    verifyTimeoutMs: a.verifyTimeoutMs,
    map: a.map,
  });
  const sent = new Set(report.affinity.toSend.map((o) => o.osd));
  for (const o of ops) o.result = sent.has(o.osd) && report.status === 'applied' ? 'accepted' : 'not-sent';
  a.log('info', 'affinity-verified', { values: sent.size, epoch: report.epochAfter });
  return { ops, epochAfter: report.epochAfter };
}
