import type { PrimaryOp } from '../balance/primary-op.js';
import { opMonCommand } from '../ceph/op-command.js';
import { parseOsdMap } from '../ceph/read-osdmap.js';
import { parsePgid } from '../cluster/osdmap.js';
import { mapPg } from '../cluster/pg-mapping.js';
import type { CrushMap } from '../crush/types.js';
import { clusterError } from '../errors.js';
import { cephJson } from './ceph-json.js';
import type { CephReply, CephTransport } from './transport.js';

/** `pg map`'s answer for each PG, computed from one `osd dump` with the exact placement model. */
async function mapFromOsdmap(
  t: CephTransport,
  crush: CrushMap,
  pgids: readonly string[],
): Promise<Array<{ epoch: number; acting: number[] }>> {
  const dump = await cephJson(t, 'mon', { prefix: 'osd dump' });
  const osdmap = parseOsdMap(dump, 'osd dump');
  return pgids.map((pgid) => {
    const id = parsePgid(pgid);
    const pool = id && osdmap.pools.get(id.pool);
    if (!id || !pool || id.ps >= pool.pgNum) return { epoch: osdmap.epoch, acting: [] };
    return { epoch: osdmap.epoch, acting: mapPg(osdmap, crush, pool, id.ps).acting };
  });
}

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
  crush?: CrushMap,
): Promise<number> {
  const t0 = Date.now();
  let left = [...expected.keys()];
  let epoch = 0;
  let last = '';
  for (;;) {
    // the rados helper asks the monitor PG by PG (`pg map`, concurrent on one handle); the CLI, one process per
    // command, reads the osdmap once and maps the PGs with the exact model (what the monitor's `pg map` computes)
    const maps =
      t.kind === 'cli' && crush !== undefined
        ? await mapFromOsdmap(t, crush, left)
        : await Promise.all(
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
