import type { PrimaryOp } from '../balance/primary-op.js';
import { opMonCommand } from '../ceph/op-command.js';
import { parseOsdMap } from '../ceph/read-osdmap.js';
import { parsePgid } from '../cluster/osdmap.js';
import { mapPg } from '../cluster/pg-mapping.js';
import type { CrushMap } from '../crush/types.js';
import { clusterError } from '../errors.js';
import { cephJson } from './ceph-json.js';
import type { CephReply, CephTransport } from './transport.js';

interface PgMapAnswer {
  epoch: number;
  /** The acting primary (`pg map` shows it as acting[0] in replicated pools only). */
  primary: number;
  /** False in erasure-coded pools: shards keep their positions, the primary is not acting[0]. */
  replicated: boolean;
}

/** `pg map`'s answer for each PG, computed from one `osd dump` with the exact placement model. */
async function mapFromOsdmap(t: CephTransport, crush: CrushMap, pgids: readonly string[]): Promise<PgMapAnswer[]> {
  const dump = await cephJson(t, 'mon', { prefix: 'osd dump' });
  const osdmap = parseOsdMap(dump, 'osd dump');
  return pgids.map((pgid) => {
    const id = parsePgid(pgid);
    const pool = id && osdmap.pools.get(id.pool);
    if (!id || !pool || id.ps >= pool.pgNum) return { epoch: osdmap.epoch, primary: -1, replicated: true };
    const m = mapPg(osdmap, crush, pool, id.ps);
    return { epoch: osdmap.epoch, primary: m.actingPrimary, replicated: pool.type === 'replicated' };
  });
}

async function pgMap(t: CephTransport, pgid: string): Promise<PgMapAnswer> {
  const m = (await cephJson(t, 'mon', { prefix: 'pg map', pgid })) as { epoch: number; acting: number[] };
  return { epoch: m.epoch, primary: m.acting[0] ?? -1, replicated: true };
}

/** Sends every op of a batch at once (so the monitor commits them in one proposal) and waits for every reply. */
export function sendBatch(t: CephTransport, ops: readonly PrimaryOp[]): Promise<CephReply[]> {
  return t.batch(ops.map(opMonCommand));
}

/**
 * Polls every PG until each shows its expected acting primary, within `timeoutMs` (erasure-coded PGs, whose primary
 * `pg map` does not show, through the osdmap and the model); returns the highest osdmap epoch seen. A PG still wrong at the end
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
    // the CLI, one process per command, reads the osdmap once and maps the PGs with the exact model (what the
    // monitor's `pg map` computes); the rados helper asks the monitor PG by PG (`pg map`, concurrent on one handle)
    // for replicated pools, where the primary is acting[0]
    const modelled = crush !== undefined ? await mapFromOsdmap(t, crush, left) : undefined;
    const maps =
      t.kind === 'cli' && modelled !== undefined
        ? modelled
        : await Promise.all(
            left.map((pgid, i) => {
              const m = modelled?.[i];
              return m !== undefined && !m.replicated ? m : pgMap(t, pgid);
            }),
          );
    const wrong: string[] = [];
    maps.forEach((m, i) => {
      const pgid = left[i] as string;
      epoch = Math.max(epoch, m.epoch);
      if (m.primary !== expected.get(pgid)) {
        wrong.push(pgid);
        last = `pg ${pgid} has primary osd.${m.primary} in e${m.epoch}, expected osd.${expected.get(pgid)}`;
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
