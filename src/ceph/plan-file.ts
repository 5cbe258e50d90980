import type { AffinityOp } from '../balance/affinity-plan.js';
import type { PrimaryOp } from '../balance/primary-op.js';
import { parsePgid } from '../cluster/osdmap.js';
import { inputError } from '../errors.js';
import { type JsonDocument, parseJsonText } from './read-json.js';

export const PLAN_FORMAT = 'loadshift-plan';
export const PLAN_VERSION = 1;

/**
 * What `apply` needs from a plan file (`loadshift plan --format json`): the cluster, the epoch and the ops:
 * primary-affinity values (methods affinity and both) are applied before the pg-upmap-primary entries.
 */
export interface PlanFile {
  fsid: string;
  epoch: number;
  ops: PrimaryOp[];
  affinity: AffinityOp[];
}

const fixed = (v: unknown) => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 0x10000;

const REASONS = new Set(['balance', 'redundant', 'invalid']);

/** Reads and checks a plan JSON; every problem is one input error naming the file. Nothing is sent before this. */
export function parsePlanFile(doc: JsonDocument): PlanFile {
  const j = parseJsonText(doc.text, doc.source) as Record<string, unknown> | null;
  const bad = (what: string) =>
    inputError(doc.source, `${what}; make it again with 'loadshift plan --format json -o FILE'`);
  if (typeof j !== 'object' || j === null || Array.isArray(j) || j.format !== PLAN_FORMAT)
    throw bad('not a loadshift plan (no "format": "loadshift-plan")');
  if (j.version !== PLAN_VERSION)
    throw bad(
      `written by an incompatible loadshift (plan version ${JSON.stringify(j.version)}, this one reads ${PLAN_VERSION})`,
    );
  if (typeof j.fsid !== 'string' || j.fsid === '')
    throw bad("no 'fsid': the plan does not say which cluster it is for");
  if (!Number.isInteger(j.epoch)) throw bad("no 'epoch'");
  if (!Array.isArray(j.operations)) throw bad("no 'operations' list (truncated?)");
  const seen = new Set<string>();
  const affinity: AffinityOp[] = [];
  const ops: PrimaryOp[] = [];
  (j.operations as Array<Record<string, unknown>>).forEach((o, i) => {
    const at = `operations[${i}]`;
    if (o?.op !== 'primary-affinity') {
      ops.push(primaryOp(o, at, seen, bad));
      return;
    }
    const { osd, from_fixed, to_fixed } = o;
    if (!Number.isInteger(osd) || (osd as number) < 0) throw bad(`${at}: a primary-affinity op needs an OSD id`);
    if (seen.has(`osd.${osd}`)) throw bad(`${at}: osd.${osd} appears twice`);
    seen.add(`osd.${osd}`);
    if (!fixed(from_fixed) || !fixed(to_fixed)) throw bad(`${at}: 'from_fixed'/'to_fixed' must be 0..65536`);
    affinity.push({
      op: 'primary-affinity',
      osd: osd as number,
      from: from_fixed as number,
      to: to_fixed as number,
      reason: 'balance',
    });
  });
  return { fsid: j.fsid, epoch: j.epoch as number, ops, affinity };
}

function primaryOp(
  o: Record<string, unknown> | undefined,
  at: string,
  seen: Set<string>,
  bad: (what: string) => Error,
): PrimaryOp {
  const { op, pgid, osd, from, to, reason } = o ?? {};
  if (typeof pgid !== 'string' || parsePgid(pgid) === undefined) throw bad(`${at}: bad pgid ${JSON.stringify(pgid)}`);
  if (seen.has(pgid)) throw bad(`${at}: pg ${pgid} appears twice`);
  seen.add(pgid);
  if (!Number.isInteger(from) || !Number.isInteger(to)) throw bad(`${at}: 'from'/'to' must be OSD ids`);
  const why = (typeof reason === 'string' && REASONS.has(reason) ? reason : 'balance') as PrimaryOp['reason'];
  if (op === 'set') {
    if (!Number.isInteger(osd) || (osd as number) < 0) throw bad(`${at}: a set needs an OSD id in 'osd'`);
    return { op, pgid, osd: osd as number, from: from as number, to: to as number, reason: why } as PrimaryOp;
  }
  if (op === 'remove') return { op, pgid, from: from as number, to: to as number, reason: why } as PrimaryOp;
  throw bad(`${at}: 'op' must be set, remove or primary-affinity, got ${JSON.stringify(op)}`);
}
