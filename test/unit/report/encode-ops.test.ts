/** The report's column form of a plan's ops: decodes to exactly the ops, on random op lists and on real plans. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PrimaryOp } from '../../../src/balance/primary-op.js';
import { evenPolicy } from '../../../src/policy/even-policy.js';
import { decodeOps, encodeOps, OP_REASONS } from '../../../src/report/encode-ops.js';
import { loadSnap, planOf } from '../balance/plan-fixtures.js';

const op: fc.Arbitrary<PrimaryOp> = fc
  .record({
    pool: fc.integer({ min: 0, max: 40 }),
    ps: fc.integer({ min: 0, max: 1 << 20 }),
    remove: fc.boolean(),
    osd: fc.integer({ min: 0, max: 12_000 }),
    from: fc.integer({ min: -1, max: 12_000 }),
    to: fc.integer({ min: -1, max: 12_000 }),
    sameTo: fc.boolean(),
    reason: fc.constantFrom(...OP_REASONS),
  })
  .map((r) => {
    const pgid = `${r.pool}.${r.ps.toString(16)}`;
    return r.remove
      ? { op: 'remove', pgid, from: r.from, to: r.to, reason: r.reason }
      : { op: 'set', pgid, osd: r.osd, from: r.from, to: r.sameTo ? r.osd : r.to, reason: r.reason };
  });

describe('encodeOps / decodeOps', () => {
  it('round-trips any list of ops, in order (pools interleaved, seeds going down, negative ids)', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 200 }), (ops) => {
        expect(decodeOps(JSON.parse(JSON.stringify(encodeOps(ops))))).toEqual(ops);
      }),
      { numRuns: 300 },
    );
  });

  it('round-trips the demo plan and stores one resulting primary only where it is not the OSD named', () => {
    const plan = planOf(loadSnap('demo'), { policy: evenPolicy });
    expect(plan.ops.length).toBeGreaterThan(100);
    const e = encodeOps(plan.ops);
    expect(decodeOps(e)).toEqual(plan.ops);
    expect(e.poolRuns.length / 2).toBe(new Set(plan.ops.map((o) => o.pgid.split('.')[0])).size);
    const differs = plan.ops.filter((o) => o.to !== (o.op === 'set' ? o.osd : -1)).length;
    expect(e.toExceptions.length).toBe(2 * differs);
  });
});
