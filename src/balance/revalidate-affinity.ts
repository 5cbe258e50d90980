import { FIXED_ONE, type OsdMap, osdExists } from '../cluster/osdmap.js';
import type { AffinityOp } from './affinity-plan.js';

export interface DroppedAffinityOp {
  op: AffinityOp;
  why: string;
}

/**
 * Re-checks a plan's primary-affinity values against the current map: an op holds while the OSD exists and still
 * has the plan's `from` value; it is `done` when the OSD already has the `to` value (an earlier, interrupted apply),
 * and `stale` otherwise (someone changed the value since: the plan's predictions no longer hold).
 */
export function revalidateAffinity(
  osdmap: OsdMap,
  ops: readonly AffinityOp[],
): { valid: AffinityOp[]; done: AffinityOp[]; stale: DroppedAffinityOp[] } {
  const valid: AffinityOp[] = [];
  const done: AffinityOp[] = [];
  const stale: DroppedAffinityOp[] = [];
  for (const op of ops) {
    if (!osdExists(osdmap, op.osd)) {
      stale.push({ op, why: `osd.${op.osd} does not exist any more` });
      continue;
    }
    const now = osdmap.primaryAffinity?.[op.osd] ?? FIXED_ONE;
    if (now === op.to) done.push(op);
    else if (now === op.from) valid.push(op);
    else
      stale.push({
        op,
        why: `osd.${op.osd} has primary affinity ${now / FIXED_ONE} now, the plan expected ${op.from / FIXED_ONE}`,
      });
  }
  return { valid, done, stale };
}
