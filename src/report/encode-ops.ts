/**
 * A plan's operations in a compact column form for the HTML report: a 10,000-OSD plan has 100,000+ ops, and one
 * object per op in JSON would be most of the file. Pools are run-length coded, placement seeds delta coded within a
 * run, and the resulting primary is stored only where it differs from the OSD named (`set` ops, nearly always).
 * decodeOps() is the inverse (also what the browser code does).
 */
import type { OpReason, PrimaryOp } from '../balance/primary-op.js';

export const OP_REASONS: readonly OpReason[] = ['balance', 'redundant', 'invalid'];

export interface EncodedOps {
  count: number;
  /** Runs of ops of one pool: poolRuns[2k] is the pool id, poolRuns[2k+1] the run length. */
  poolRuns: number[];
  /** Placement seed: the first of a run absolute, then the difference to the previous op's seed. */
  psDelta: number[];
  /** op kind and reason: (remove ? 3 : 0) + index in OP_REASONS. */
  code: number[];
  /** The OSD a `set` names (-1 for `remove`). */
  osd: number[];
  from: number[];
  /** Pairs [index, to] for the ops whose resulting primary is not `osd`. */
  toExceptions: number[];
  /** What became of each op, when it was sent (the dashboard: accepted, rejected, not-sent). */
  status?: string[];
}

function parsePgid(pgid: string): { pool: number; ps: number } {
  const dot = pgid.indexOf('.');
  return { pool: Number.parseInt(pgid.slice(0, dot), 10), ps: Number.parseInt(pgid.slice(dot + 1), 16) };
}

export function encodeOps(ops: readonly PrimaryOp[]): EncodedOps {
  const e: EncodedOps = { count: ops.length, poolRuns: [], psDelta: [], code: [], osd: [], from: [], toExceptions: [] };
  let pool = Number.NaN;
  let prevPs = 0;
  ops.forEach((op, i) => {
    const id = parsePgid(op.pgid);
    if (id.pool !== pool) {
      e.poolRuns.push(id.pool, 0);
      pool = id.pool;
      prevPs = 0;
    }
    e.poolRuns[e.poolRuns.length - 1]! += 1;
    e.psDelta.push(id.ps - prevPs);
    prevPs = id.ps;
    e.code.push((op.op === 'remove' ? 3 : 0) + OP_REASONS.indexOf(op.reason));
    const osd = op.op === 'set' ? op.osd : -1;
    e.osd.push(osd);
    e.from.push(op.from);
    if (op.to !== osd) e.toExceptions.push(i, op.to);
  });
  return e;
}

export function decodeOps(e: EncodedOps): PrimaryOp[] {
  const ops: PrimaryOp[] = [];
  const to = new Map<number, number>();
  for (let k = 0; k + 1 < e.toExceptions.length; k += 2) to.set(e.toExceptions[k]!, e.toExceptions[k + 1]!);
  let i = 0;
  for (let r = 0; r + 1 < e.poolRuns.length; r += 2) {
    const pool = e.poolRuns[r]!;
    let ps = 0;
    for (let n = 0; n < e.poolRuns[r + 1]!; n++, i++) {
      ps += e.psDelta[i]!;
      const code = e.code[i]!;
      const reason = OP_REASONS[code % 3]!;
      const pgid = `${pool}.${ps.toString(16)}`;
      const osd = e.osd[i]!;
      const from = e.from[i]!;
      const t = to.get(i) ?? osd;
      ops.push(code >= 3 ? { op: 'remove', pgid, from, to: t, reason } : { op: 'set', pgid, osd, from, to: t, reason });
    }
  }
  return ops;
}
