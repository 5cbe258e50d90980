import { parsePgid, type OsdMap } from '../cluster/osdmap.js';
import type { Placement } from '../cluster/placement.js';
import { primaryChoices } from '../cluster/primary-choices.js';
import type { CrushMap } from '../crush/types.js';
import { opEntry, type PrimaryOp } from './primary-op.js';

export interface DroppedOp {
  op: PrimaryOp;
  why: string;
}

/**
 * Re-checks a plan's ops against the current map with the exact model: an op still holds when its PG exists in a
 * replicated pool, its acting primary is still the plan's `from`, and the entry it makes still gives the plan's `to`
 * (the target is still a non-primary member of the acting set, affinity and upmaps considered). Ops whose entry is
 * already in place are `done` (an earlier, interrupted apply); the rest are `stale`.
 */
export function revalidateOps(
  osdmap: OsdMap,
  crush: CrushMap,
  placement: Placement,
  ops: readonly PrimaryOp[],
): { valid: PrimaryOp[]; done: PrimaryOp[]; stale: DroppedOp[] } {
  const valid: PrimaryOp[] = [];
  const done: PrimaryOp[] = [];
  const stale: DroppedOp[] = [];
  for (const op of ops) {
    const id = parsePgid(op.pgid);
    const pool = id && osdmap.pools.get(id.pool);
    const pg = id && placement.pools.get(id.pool)?.pgs[id.ps];
    if (!id || !pool || !pg || id.ps >= pool.pgNum) {
      stale.push({ op, why: `pg ${op.pgid} does not exist any more` });
      continue;
    }
    if (pool.type !== 'replicated') {
      stale.push({ op, why: `pool ${pool.id} is not replicated` });
      continue;
    }
    const want = opEntry(op).osd;
    const entry = osdmap.pgUpmapPrimaries.get(op.pgid) ?? null;
    if (entry === want && pg.actingPrimary === op.to) {
      done.push(op);
      continue;
    }
    if (pg.actingPrimary !== op.from) {
      stale.push({ op, why: `primary is now osd.${pg.actingPrimary}, the plan expected osd.${op.from}` });
      continue;
    }
    const choice = primaryChoices(osdmap, crush, pool, id.ps).find((c) => c.upmapPrimary === want);
    if (choice === undefined || choice.primary !== op.to) {
      const what = want === null ? 'removing the entry' : `osd.${want}`;
      stale.push({
        op,
        why: `${what} would now give primary ${choice ? `osd.${choice.primary}` : 'nothing the monitor accepts'}, the plan expected osd.${op.to} (acting ${JSON.stringify(pg.acting)})`,
      });
      continue;
    }
    valid.push(op);
  }
  return { valid, done, stale };
}
