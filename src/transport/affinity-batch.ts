import type { AffinityOp } from '../balance/affinity-plan.js';
import type { AffinityJournalEntry, JournalBatch } from '../ceph/journal.js';
import { affinityMonCommand } from '../ceph/op-command.js';
import type { CrushMap } from '../crush/types.js';
import { clusterError } from '../errors.js';
import { cephJson } from './ceph-json.js';
import { verifyPrimaries } from './send-batch.js';
import type { CephTransport } from './transport.js';

/**
 * Sends the primary-affinity values of a plan as one batch (one osdmap epoch: every PG is re-mapped once), records
 * each reply in its journal entry, and waits until every PG the values move shows its predicted primary. The first
 * refusal stops the run; `save` writes the journal before the batch goes out and after it is answered.
 */
export async function sendAffinityBatch(
  t: CephTransport,
  args: {
    ops: readonly AffinityOp[];
    entries: AffinityJournalEntry[];
    batch: JournalBatch;
    save: () => void;
    moved: ReadonlyMap<string, number>;
    verifyTimeoutMs: number;
    crush: CrushMap;
    journalPath: string;
  },
): Promise<{ accepted: number; epoch: number }> {
  const entryOf = new Map(args.entries.map((e) => [e.osd, e]));
  for (const op of args.ops) (entryOf.get(op.osd) as AffinityJournalEntry).state = 'sent';
  args.save();
  const replies = await t.batch(args.ops.map(affinityMonCommand));
  let accepted = 0;
  const rejected: string[] = [];
  replies.forEach((r, k) => {
    const op = args.ops[k] as AffinityOp;
    const e = entryOf.get(op.osd) as AffinityJournalEntry;
    e.rc = r.rc;
    e.reply = r.status;
    e.state = r.rc === 0 ? 'accepted' : 'rejected';
    if (r.rc === 0) accepted++;
    else rejected.push(`osd.${op.osd}: ${r.status}`);
  });
  args.save();
  if (rejected.length > 0)
    throw clusterError(
      'ceph osd primary-affinity',
      `the monitor refused ${rejected.length} of ${args.ops.length} value(s) (${rejected[0]}); stopped; 'loadshift revert ${args.journalPath}' undoes what was accepted`,
    );
  args.batch.epoch_after = ((await cephJson(t, 'mon', { prefix: 'osd stat' })) as { epoch: number }).epoch;
  const epoch =
    args.moved.size > 0
      ? await verifyPrimaries(t, args.moved, args.verifyTimeoutMs, args.crush)
      : args.batch.epoch_after;
  return { accepted, epoch: Math.max(epoch, args.batch.epoch_after) };
}
