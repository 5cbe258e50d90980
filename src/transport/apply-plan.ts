import type { AffinityOp } from '../balance/affinity-plan.js';
import { affinityEffect } from '../balance/affinity-effect.js';
import { type DroppedAffinityOp, revalidateAffinity } from '../balance/revalidate-affinity.js';
import { type DroppedOp, revalidateOps } from '../balance/revalidate-ops.js';
import { opEntry, type PrimaryOp } from '../balance/primary-op.js';
import { JOURNAL_FORMAT, JOURNAL_VERSION, type Journal, type JournalBatch } from '../ceph/journal.js';
import { type PreflightCheck, preflightChecks } from '../ceph/preflight-checks.js';
import { pgMoveBlocker } from '../ceph/read-pg-dump.js';
import { parsePgid } from '../cluster/osdmap.js';
import { clusterError, guardError } from '../errors.js';
import { writeFileAtomic } from './atomic-write.js';
import { sendAffinityBatch } from './affinity-batch.js';
import { type MapCluster, readLiveState } from './live-state.js';
import { cephJson } from './ceph-json.js';
import { sendBatch, verifyPrimaries } from './send-batch.js';
import type { CephTransport } from './transport.js';

export interface ApplyRequest {
  /** The plan's name in messages (its file, or `plan --apply`). */
  planSource: string;
  fsid: string;
  epoch: number;
  ops: readonly PrimaryOp[];
  /** Primary-affinity values (methods affinity and both): one batch, sent before the pg-upmap-primary entries. */
  affinity?: readonly AffinityOp[];
  /** `pool`: each pool's ops form one batch; a number: batches of that many ops. */
  batch: 'pool' | number;
  strict: boolean;
  allowOldClients: boolean;
  dryRun: boolean;
  journalPath: string;
  verifyTimeoutMs: number;
  map: MapCluster;
  progress?: (sent: number, total: number, batch: JournalBatch, batches: number) => void;
}

export interface ApplyReport {
  status: 'applied' | 'nothing-to-do' | 'dry-run';
  checks: PreflightCheck[];
  planOps: number;
  done: PrimaryOp[];
  stale: DroppedOp[];
  skipped: DroppedOp[];
  toSend: PrimaryOp[];
  /** The affinity part: values already in place, changed by someone since the plan (dropped), to send. */
  affinity: { done: AffinityOp[]; stale: DroppedAffinityOp[]; toSend: AffinityOp[]; moved: number };
  batches: JournalBatch[];
  sent: number;
  accepted: number;
  epochBefore: number;
  epochAfter: number;
  ms: number;
  journal?: string;
}

export function splitBatches(ops: readonly PrimaryOp[], batch: 'pool' | number): PrimaryOp[][] {
  const out: PrimaryOp[][] = [];
  if (batch === 'pool') {
    const byPool = new Map<number, PrimaryOp[]>();
    for (const op of ops) {
      const pool = parsePgid(op.pgid)?.pool ?? -1;
      byPool.set(pool, [...(byPool.get(pool) ?? []), op]);
    }
    return [...byPool.values()];
  }
  for (let i = 0; i < ops.length; i += batch) out.push(ops.slice(i, i + batch));
  return out;
}

/**
 * Preflight, then batches: each batch's commands go out at once (one osdmap epoch), every reply is checked, the
 * first rejection stops the run, and the predicted primaries are verified before the next batch. The journal is
 * written (atomically) before each batch is sent and after it is answered.
 */
export async function applyPlan(t: CephTransport, req: ApplyRequest): Promise<ApplyReport> {
  const t0 = Date.now();
  const live = await readLiveState(t, req.map);
  const { osdmap } = live;
  const checks = preflightChecks({
    clusterFsid: live.snapshot.fsid,
    planFsid: req.fsid,
    requireMinCompatClient: osdmap.requireMinCompatClient,
    features: live.features,
    balancer: live.balancer,
    allowOldClients: req.allowOldClients,
    affinityOnly: req.ops.length === 0 && (req.affinity?.length ?? 0) > 0,
  });
  const fsidOk = checks.find((c) => c.name === 'fsid')?.ok === true;
  // affinity first: the entries of a `both` plan were planned on the map the values make
  const aff = fsidOk ? revalidateAffinity(osdmap, req.affinity ?? []) : { valid: [], done: [], stale: [] };
  const effect = affinityEffect(osdmap, live.crush, live.placement, aff.valid);
  const { valid, done, stale } = fsidOk
    ? revalidateOps(effect.osdmapAfter, live.crush, effect.placementAfter, req.ops)
    : { valid: [], done: [], stale: [] };
  const skipped: DroppedOp[] = [];
  const toSend: PrimaryOp[] = [];
  for (const op of valid) {
    const st = live.pgs.get(op.pgid);
    const why = st === undefined ? 'not in the pg dump yet' : pgMoveBlocker(st.state);
    if (why !== undefined) skipped.push({ op, why });
    else toSend.push(op);
  }
  const report: ApplyReport = {
    status: 'dry-run',
    checks,
    planOps: req.ops.length + (req.affinity?.length ?? 0),
    done,
    stale,
    skipped,
    toSend,
    affinity: { done: aff.done, stale: aff.stale, toSend: aff.valid, moved: effect.moved.size },
    batches: [],
    sent: 0,
    accepted: 0,
    epochBefore: osdmap.epoch,
    epochAfter: osdmap.epoch,
    ms: 0,
  };
  if (req.dryRun) return { ...report, ms: Date.now() - t0 };
  const refused = checks.find((c) => !c.ok);
  if (refused) throw guardError(req.planSource, `${refused.detail}; ${refused.fix ?? 'see loadshift apply --dry-run'}`);
  const w = effect.worse[0];
  if (w !== undefined)
    throw guardError(
      req.planSource,
      `on the current map (e${osdmap.epoch}) the affinity values would raise pool ${w.poolId}'s busiest OSD from ${w.before} to ${w.after} primaries; plan again from the live cluster`,
    );
  if (req.strict && aff.stale.length > 0) {
    const s = aff.stale[0] as DroppedAffinityOp;
    throw guardError(
      req.planSource,
      `the map moved since the plan (e${req.epoch} -> e${osdmap.epoch}): ${s.why}; plan again, or apply without --strict to drop it`,
    );
  }
  if (req.strict && stale.length > 0) {
    const s = stale[0] as DroppedOp;
    throw guardError(
      req.planSource,
      `the map moved since the plan (e${req.epoch} -> e${osdmap.epoch}): ${stale.length} op(s) no longer hold (pg ${s.op.pgid}: ${s.why}); plan again, or apply without --strict to drop them`,
    );
  }
  if (toSend.length === 0 && aff.valid.length === 0) return { ...report, status: 'nothing-to-do', ms: Date.now() - t0 };

  const batches = splitBatches(toSend, req.batch);
  const first = aff.valid.length > 0 ? 1 : 0; // the affinity batch is batch 0
  const journal: Journal = {
    format: JOURNAL_FORMAT,
    version: JOURNAL_VERSION,
    fsid: live.snapshot.fsid,
    plan: req.planSource,
    plan_epoch: req.epoch,
    started_at: new Date().toISOString(),
    epoch_before: osdmap.epoch,
    status: 'running',
    batches: [],
    entries: batches.flatMap((b, i) =>
      b.map((op) => ({
        pgid: op.pgid,
        before: osdmap.pgUpmapPrimaries.get(op.pgid) ?? null,
        after: opEntry(op).osd,
        batch: i + first,
        state: 'pending' as const,
      })),
    ),
    ...(aff.valid.length > 0
      ? {
          affinity: aff.valid.map((op) => ({
            osd: op.osd,
            before: op.from,
            after: op.to,
            batch: 0,
            state: 'pending' as const,
          })),
        }
      : {}),
  };
  const save = () => writeFileAtomic(req.journalPath, `${JSON.stringify(journal, null, 1)}\n`);
  save();
  const entryOf = new Map(journal.entries.map((e) => [e.pgid, e]));
  let epoch = osdmap.epoch;
  let sent = 0;
  let accepted = 0;
  try {
    if (aff.valid.length > 0) {
      const b0 = Date.now();
      const batch: JournalBatch = { index: 0, ops: aff.valid.length, epoch_before: epoch };
      journal.batches.push(batch);
      const r = await sendAffinityBatch(t, {
        ops: aff.valid,
        entries: journal.affinity ?? [],
        batch,
        save,
        moved: effect.moved,
        verifyTimeoutMs: req.verifyTimeoutMs,
        crush: live.crush,
        journalPath: req.journalPath,
      });
      sent += aff.valid.length;
      accepted += r.accepted;
      epoch = r.epoch;
      batch.ms = Date.now() - b0;
      save();
      req.progress?.(sent, toSend.length + aff.valid.length, batch, batches.length + first);
    }
    for (const [k, ops] of batches.entries()) {
      const i = k + first;
      const b0 = Date.now();
      const batch: JournalBatch = { index: i, ops: ops.length, epoch_before: epoch };
      journal.batches.push(batch);
      for (const op of ops) (entryOf.get(op.pgid) as (typeof journal.entries)[number]).state = 'sent';
      save();
      const replies = await sendBatch(t, ops);
      sent += ops.length;
      const rejected: string[] = [];
      replies.forEach((r, k) => {
        const op = ops[k] as PrimaryOp;
        const e = entryOf.get(op.pgid) as (typeof journal.entries)[number];
        e.rc = r.rc;
        e.reply = r.status;
        e.state = r.rc === 0 ? 'accepted' : 'rejected';
        if (r.rc === 0) accepted++;
        else rejected.push(`pg ${op.pgid}: ${r.status}`);
      });
      save();
      if (rejected.length > 0)
        throw clusterError(
          'ceph osd pg-upmap-primary',
          `the monitor refused ${rejected.length} of ${ops.length} command(s) of batch ${i + 1} (${rejected[0]}); stopped; 'loadshift revert ${req.journalPath}' undoes what was accepted`,
        );
      // the epoch the batch committed in, read before the moved PGs' up_thru epoch (about 1 s later)
      batch.epoch_after = ((await cephJson(t, 'mon', { prefix: 'osd stat' })) as { epoch: number }).epoch;
      epoch = Math.max(
        batch.epoch_after,
        await verifyPrimaries(t, new Map(ops.map((op) => [op.pgid, op.to])), req.verifyTimeoutMs, live.crush),
      );
      batch.ms = Date.now() - b0;
      save();
      req.progress?.(sent, toSend.length + aff.valid.length, batch, batches.length + first);
    }
  } catch (err) {
    journal.status = 'failed';
    journal.error = (err as Error).message;
    save();
    throw err;
  }
  journal.status = 'done';
  save();
  return {
    ...report,
    status: 'applied',
    batches: journal.batches,
    sent,
    accepted,
    epochAfter: epoch,
    ms: Date.now() - t0,
    journal: req.journalPath,
  };
}
