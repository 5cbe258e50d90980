import type { PrimaryOp } from '../balance/primary-op.js';
import { parsePgid } from '../cluster/osdmap.js';
import { inputError } from '../errors.js';
import { type JsonDocument, parseJsonText } from './read-json.js';

export const PLAN_FORMAT = 'loadshift-plan';
export const PLAN_VERSION = 1;

/** What `apply` needs from a plan file (`loadshift plan --format json`): the cluster, the epoch and the ops. */
export interface PlanFile {
  fsid: string;
  epoch: number;
  ops: PrimaryOp[];
}

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
  if (j.method === 'affinity')
    throw inputError(
      doc.source,
      "an affinity plan: apply takes pg-upmap-primary plans; run the affinity plan's script ('loadshift plan --method affinity --format script')",
    );
  if (typeof j.fsid !== 'string' || j.fsid === '')
    throw bad("no 'fsid': the plan does not say which cluster it is for");
  if (!Number.isInteger(j.epoch)) throw bad("no 'epoch'");
  if (!Array.isArray(j.operations)) throw bad("no 'operations' list (truncated?)");
  const seen = new Set<string>();
  const ops = (j.operations as Array<Record<string, unknown>>).map((o, i) => {
    const at = `operations[${i}]`;
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
    throw bad(`${at}: 'op' must be set or remove, got ${JSON.stringify(op)}`);
  });
  return { fsid: j.fsid, epoch: j.epoch as number, ops };
}
