/**
 * What `apply` reads back from a plan file: the JSON of a `--method both` plan (affinity values and pg-upmap-primary
 * operations) parses to exactly the plan's typed operations, 16.16 values included; a journal with affinity entries
 * parses, and a bad one is one input error naming the entry.
 */
import { describe, expect, it } from 'vitest';
import { buildBothPlan } from '../../../src/balance/both-plan.js';
import { bothPlanJson } from '../../../src/ceph/both-plan-json.js';
import { parseJournal } from '../../../src/ceph/journal.js';
import { parsePlanFile } from '../../../src/ceph/plan-file.js';
import { ruleOsdsLookup } from '../../../src/cluster/pool-rule-osds.js';
import { affinityShares } from '../../../src/policy/affinity-shares.js';
import { evenPolicy } from '../../../src/policy/even-policy.js';
import { loadSnap } from '../balance/plan-fixtures.js';

describe('plan files with affinity values', () => {
  it('a both plan round-trips through its JSON', () => {
    const s = loadSnap('demo');
    const plan = buildBothPlan({ ...s, poolIds: [], policy: affinityShares(evenPolicy) });
    expect(plan.affinity.ops.length).toBeGreaterThan(0);
    const text = bothPlanJson(plan, {
      osdmapBefore: s.osdmap,
      placementBefore: s.placement,
      ruleOsdsOf: ruleOsdsLookup(s.crush),
    });
    const back = parsePlanFile({ source: 'both.json', text });
    expect(back.fsid).toBe(s.osdmap.fsid);
    expect(back.epoch).toBe(s.osdmap.epoch);
    expect(back.affinity).toEqual(plan.affinity.ops);
    expect(back.ops).toEqual(plan.upmap.ops);
  });

  it('a journal with affinity entries parses; a value out of range is named', () => {
    const journal = {
      format: 'loadshift-journal',
      version: 1,
      fsid: 'f',
      plan: 'p.json',
      plan_epoch: 3,
      started_at: '2026-11-30T00:00:00.000Z',
      epoch_before: 3,
      status: 'done',
      batches: [],
      entries: [],
      affinity: [{ osd: 2, before: 65536, after: 30000, batch: 0, state: 'accepted' }],
    };
    expect(parseJournal({ source: 'j.json', text: JSON.stringify(journal) }).affinity).toEqual(journal.affinity);
    const bad = { ...journal, affinity: [{ ...journal.affinity[0], after: 70000 }] };
    expect(() => parseJournal({ source: 'j.json', text: JSON.stringify(bad) })).toThrow(
      "affinity[0]: 'before'/'after' must be 0..65536; is it the journal 'loadshift apply' wrote?",
    );
  });
});
