import type { PrimaryOp } from '../balance/primary-op.js';
import type { Journal } from '../ceph/journal.js';
import { withUpmapPrimaries } from '../cluster/pg-upmap-primary.js';
import { FIXED_ONE, type OsdMap, osdExists, parsePgid } from '../cluster/osdmap.js';
import { affinityMonCommand } from '../ceph/op-command.js';
import { mapPg } from '../cluster/pg-mapping.js';
import { clusterError, guardError } from '../errors.js';
import { writeFileAtomic } from './atomic-write.js';
import { cephJson } from './ceph-json.js';
import { type MapCluster, readLiveState } from './live-state.js';
import { sendBatch } from './send-batch.js';
import type { CephTransport } from './transport.js';

export interface RevertReport {
  status: 'reverted' | 'nothing-to-do' | 'dry-run';
  /** PGs the journal marks as touched (sent, accepted or rejected). */
  touched: number;
  ops: PrimaryOp[];
  /** Primary-affinity values restored (16.16): each OSD's value now and the journal's `before`. */
  affinity: Array<{ osd: number; from: number; to: number }>;
  /** Entries the monitor cannot re-create (an entry naming the PG's current primary: `already primary`). */
  unrestorable: Array<{ pgid: string; why: string }>;
  epochBefore: number;
  epochAfter: number;
  ms: number;
}

/**
 * Restores the pg_upmap_primaries entries the journal recorded as `before` for every PG apply touched (also PGs only
 * marked `sent`: a killed apply may have changed them). Idempotent: PGs already at their `before` entry get no
 * command. All commands go as one batch (one epoch); the result is checked in the osdmap itself.
 */
export async function revertJournal(
  t: CephTransport,
  journal: Journal,
  opts: { source: string; dryRun: boolean; map: MapCluster },
): Promise<RevertReport> {
  const t0 = Date.now();
  // An interrupted apply may have commands in flight (sent, not yet committed: the monitor commits within about a
  // paxos_propose_interval, 1 s): let them land before reading the map, and check again after restoring.
  const inFlight = journal.entries.some((e) => e.state === 'sent');
  if (inFlight && !opts.dryRun) await sleep(SETTLE_MS);
  const r = await revertOnce(t, journal, opts);
  if (r.status === 'reverted' && inFlight) {
    for (let i = 0; i < 2; i++) {
      await sleep(SETTLE_MS);
      if ((await revertOnce(t, journal, opts)).status === 'nothing-to-do') break;
    }
  }
  if (r.status === 'reverted' && opts.source !== 'stdin')
    writeFileAtomic(opts.source, `${JSON.stringify({ ...journal, status: 'reverted' }, null, 1)}\n`);
  return { ...r, ms: Date.now() - t0 };
}

const SETTLE_MS = 2000;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function revertOnce(
  t: CephTransport,
  journal: Journal,
  opts: { source: string; dryRun: boolean; map: MapCluster },
): Promise<RevertReport> {
  const t0 = Date.now();
  const live = await readLiveState(t, opts.map);
  const { osdmap, crush } = live;
  if (live.snapshot.fsid !== journal.fsid)
    throw guardError(
      opts.source,
      `the journal is for cluster ${journal.fsid}, this is ${live.snapshot.fsid}; connect to that cluster`,
    );
  const affinity = affinityToRestore(osdmap, journal);
  if (affinity.length > 0 && !opts.dryRun) {
    // the values first, in one epoch: the PG entries below are judged on the map they make
    await restoreAffinity(t, affinity);
    const rest = await revertOnce(t, journal, opts);
    return { ...rest, affinity, epochBefore: osdmap.epoch, status: 'reverted', ms: Date.now() - t0 };
  }
  const touched = journal.entries.filter((e) => e.state !== 'pending');
  const ops: PrimaryOp[] = [];
  const unrestorable: RevertReport['unrestorable'] = [];
  for (const e of touched) {
    const current = osdmap.pgUpmapPrimaries.get(e.pgid) ?? null;
    if (current === e.before) continue;
    const id = parsePgid(e.pgid);
    const pool = id && osdmap.pools.get(id.pool);
    const pg = id && live.placement.pools.get(id.pool)?.pgs[id.ps];
    if (!id || !pool || !pg) {
      unrestorable.push({ pgid: e.pgid, why: 'the PG does not exist any more' });
      continue;
    }
    const from = pg.actingPrimary;
    const to = mapPg(withUpmapPrimaries(osdmap, [{ pgid: e.pgid, osd: e.before }]), crush, pool, id.ps).actingPrimary;
    if (e.before === null) {
      ops.push({ op: 'remove', pgid: e.pgid, from, to, reason: 'balance' });
    } else if (e.before === from) {
      // the monitor refuses an entry naming the current primary; removing the newer entry restores the primary
      if (current !== null) ops.push({ op: 'remove', pgid: e.pgid, from, to: from, reason: 'balance' });
      unrestorable.push({
        pgid: e.pgid,
        why: `osd.${e.before} is the primary already; its redundant entry is not re-created`,
      });
    } else {
      ops.push({ op: 'set', pgid: e.pgid, osd: e.before, from, to, reason: 'balance' });
    }
  }
  const base = {
    touched: touched.length + (journal.affinity ?? []).filter((e) => e.state !== 'pending').length,
    ops,
    affinity,
    unrestorable,
    epochBefore: osdmap.epoch,
    epochAfter: osdmap.epoch,
  };
  if (opts.dryRun) return { status: 'dry-run', ...base, ms: Date.now() - t0 };
  if (ops.length === 0) return { status: 'nothing-to-do', ...base, ms: Date.now() - t0 };
  const replies = await sendBatch(t, ops);
  const refused = replies.map((r, i) => ({ r, op: ops[i] as PrimaryOp })).filter((x) => x.r.rc !== 0);
  if (refused.length > 0)
    throw clusterError(
      'ceph osd pg-upmap-primary',
      `the monitor refused ${refused.length} of ${ops.length} revert command(s) (pg ${refused[0]?.op.pgid}: ${refused[0]?.r.status}); run revert again after checking the PG`,
    );
  const after = (await cephJson(t, 'mon', { prefix: 'osd dump' })) as {
    epoch: number;
    pg_upmap_primaries?: Array<{ pgid: string; primary_osd: number }>;
  };
  const now = new Map((after.pg_upmap_primaries ?? []).map((e) => [e.pgid, e.primary_osd]));
  const wrong = ops.filter((op) => (now.get(op.pgid) ?? null) !== (op.op === 'set' ? op.osd : null));
  if (wrong.length > 0)
    throw clusterError(
      'revert',
      `pg ${wrong[0]?.pgid} does not have its previous entry after revert; run revert again`,
    );
  if (opts.source !== 'stdin')
    writeFileAtomic(opts.source, `${JSON.stringify({ ...journal, status: 'reverted' }, null, 1)}\n`);
  return { status: 'reverted', ...base, epochAfter: after.epoch, ms: Date.now() - t0 };
}

/** The OSDs whose primary affinity apply touched and that do not have their journal's `before` value now. */
function affinityToRestore(osdmap: OsdMap, journal: Journal): RevertReport['affinity'] {
  return (journal.affinity ?? [])
    .filter((e) => e.state !== 'pending' && osdExists(osdmap, e.osd))
    .map((e) => ({ osd: e.osd, from: osdmap.primaryAffinity?.[e.osd] ?? FIXED_ONE, to: e.before }))
    .filter((a) => a.from !== a.to);
}

async function restoreAffinity(t: CephTransport, values: RevertReport['affinity']): Promise<void> {
  const replies = await t.batch(values.map(affinityMonCommand));
  const k = replies.findIndex((r) => r.rc !== 0);
  if (k >= 0)
    throw clusterError(
      'ceph osd primary-affinity',
      `the monitor refused to restore osd.${values[k]?.osd}'s primary affinity (${replies[k]?.status}); run revert again after checking the OSD`,
    );
  const dump = (await cephJson(t, 'mon', { prefix: 'osd dump' })) as {
    osds: Array<{ osd: number; primary_affinity?: number }>;
  };
  const now = new Map(dump.osds.map((o) => [o.osd, Math.round((o.primary_affinity ?? 1) * FIXED_ONE)]));
  const wrong = values.find((v) => now.get(v.osd) !== v.to);
  if (wrong !== undefined)
    throw clusterError(
      'revert',
      `osd.${wrong.osd} does not have its previous primary affinity after revert; run revert again`,
    );
}
