import type { PrimaryOp } from '../balance/primary-op.js';
import { opMonCommand } from '../ceph/op-command.js';
import { clusterError } from '../errors.js';
import { cephJson } from './ceph-json.js';
import type { CephReply, CephTransport } from './transport.js';

/** Sends every op of a batch at once (so the monitor commits them in one proposal) and waits for every reply. */
export function sendBatch(t: CephTransport, ops: readonly PrimaryOp[]): Promise<CephReply[]> {
  return t.batch(ops.map(opMonCommand));
}

/**
 * Polls `pg map` for every PG until each shows its expected acting primary (acting[0]: replicated pools move the
 * primary to the front), within `timeoutMs`; returns the highest osdmap epoch seen. A PG still wrong at the end
 * is a clusterError naming it.
 */
export async function verifyPrimaries(
  t: CephTransport,
  expected: ReadonlyMap<string, number>,
  timeoutMs: number,
): Promise<number> {
  const t0 = Date.now();
  let left = [...expected.keys()];
  let epoch = 0;
  let last = '';
  for (;;) {
    const maps = await Promise.all(
      left.map(
        (pgid) => cephJson(t, 'mon', { prefix: 'pg map', pgid }) as Promise<{ epoch: number; acting: number[] }>,
      ),
    );
    const wrong: string[] = [];
    maps.forEach((m, i) => {
      const pgid = left[i] as string;
      epoch = Math.max(epoch, m.epoch);
      if (m.acting[0] !== expected.get(pgid)) {
        wrong.push(pgid);
        last = `pg ${pgid} acting ${JSON.stringify(m.acting)} in e${m.epoch}, expected primary osd.${expected.get(pgid)}`;
      }
    });
    left = wrong;
    if (left.length === 0) return epoch;
    if (Date.now() - t0 > timeoutMs)
      throw clusterError(
        'verify',
        `${left.length} PG(s) do not show the predicted primary after ${Math.round(timeoutMs / 1000)} s (${last}); the journal lets 'loadshift revert' undo the batch`,
      );
    await new Promise((r) => setTimeout(r, 300));
  }
}
