/**
 * Drain is a hard constraint: after the plan no drained OSD leads a PG that has another possible primary; a PG whose
 * every possible primary is drained keeps its own and is listed; with a change budget the forced moves come first
 * and what is left is counted. Every plan also passes the plan builder's own invariants (checkPlan).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Plan } from '../../../src/balance/plan.js';
import { planParts } from '../../../src/balance/plan-parts.js';
import { gatherPool } from '../../../src/balance/pool-choices.js';
import { affinityShares } from '../../../src/policy/affinity-shares.js';
import { evaluatePolicyFile } from '../../../src/policy/evaluate-policy-file.js';
import { emptyPolicyState } from '../../../src/policy/policy-env.js';
import { parsePolicyFile } from '../../../src/policy/parse-policy-file.js';
import type { Policy } from '../../../src/policy/policy.js';
import { checkPlan, loadSnap, planOf, type Snap, snapNames } from '../balance/plan-fixtures.js';

function policyOf(s: Snap, text: string): Policy {
  const p = parsePolicyFile(text, 'p.yaml');
  if ('problems' in p) throw new Error(JSON.stringify(p.problems));
  const r = evaluatePolicyFile(p.spec, s, { now: 0, latency: [], state: emptyPolicyState() });
  if ('problems' in r) throw new Error(JSON.stringify(r.problems));
  return affinityShares(r.policy);
}

/** PGs of replicated pools whose acting primary after the plan is drained, split by whether they had another choice. */
function drainOutcome(s: Snap, plan: Plan, drained: ReadonlySet<number>) {
  const stuckWithChoice: string[] = [];
  const keptNoChoice: string[] = [];
  for (const pool of s.osdmap.pools.values()) {
    if (pool.type !== 'replicated') continue;
    const w = gatherPool(s.osdmap, s.crush, s.placement, pool);
    w.pgs.forEach((pg, ps) => {
      const p = plan.placementAfter.pools.get(pool.id)?.pgs[ps]?.actingPrimary ?? -1;
      if (!drained.has(p)) return;
      if (pg.choices.some((o) => !drained.has(o))) stuckWithChoice.push(pg.pgid);
      else keptNoChoice.push(pg.pgid);
    });
  }
  return { stuckWithChoice, keptNoChoice };
}

function hostsOf(s: Snap): string[] {
  return s.crush.buckets
    .filter((b) => b !== undefined && !b.name.includes('~') && s.crush.typeNames.get(b.typeId) === 'host')
    .map((b) => b!.name);
}

describe('drain in plans', () => {
  it('demo: draining host node2 leaves no primary on osd.6-8 except PGs whose every choice is there', () => {
    const s = loadSnap('demo');
    const policy = policyOf(s, 'policy: even\nrules:\n  - drain: {hosts: [node2]}\n');
    const plan = planOf(s, { policy });
    checkPlan(s, plan, { policy, countObjective: false });
    const out = drainOutcome(s, plan, new Set([6, 7, 8]));
    expect(out.stuckWithChoice).toEqual([]);
    expect(plan.drain?.kept.map((k) => k.pgid).sort()).toEqual(out.keptNoChoice.sort());
    expect(plan.drain?.osds).toEqual([6, 7, 8]);
    expect(plan.drain?.pending).toBe(0);
  });

  it.each([
    'small',
    'mg24',
    'hetero16',
    'live12',
    'live-8osd',
    't-msr16',
    'mg24-upmap',
  ])('%s: draining each host in turn', (name) => {
    const s = loadSnap(name);
    for (const host of hostsOf(s).slice(0, 3)) {
      const policy = policyOf(s, `policy: even\nrules:\n  - drain: {hosts: [${host}]}\n`);
      const plan = planOf(s, { policy });
      checkPlan(s, plan, { policy, countObjective: false });
      const drained = new Set(policy.drained);
      const out = drainOutcome(s, plan, drained);
      expect(out.stuckWithChoice, `${name} ${host}`).toEqual([]);
      expect((plan.drain?.kept ?? []).length, `${name} ${host}`).toBe(out.keptNoChoice.length);
    }
  });

  it('any bucket of any type on any fixture, named through `buckets:` or its type field (property)', () => {
    const names = snapNames().filter((n) => !n.startsWith('big'));
    fc.assert(
      fc.property(fc.constantFrom(...names), fc.nat(), fc.boolean(), (name, pick, byType) => {
        const s = loadSnap(name);
        const buckets = s.crush.buckets.filter((b) => b !== undefined && !b.name.includes('~'));
        const b = buckets[pick % buckets.length]!;
        const type = s.crush.typeNames.get(b.typeId)!;
        const policy = policyOf(s, `policy: even\nrules:\n  - drain: {${byType ? type : 'buckets'}: ["${b.name}"]}\n`);
        const plan = planOf(s, { policy });
        checkPlan(s, plan, { policy, countObjective: false });
        const out = drainOutcome(s, plan, new Set(policy.drained));
        expect(out.stuckWithChoice, `${name} ${type} ${b.name}`).toEqual([]);
        expect(plan.drain?.kept.length, `${name} ${type} ${b.name}`).toBe(out.keptNoChoice.length);
      }),
      { numRuns: 20 },
    );
  });

  it('with a change budget: never more ops than the budget, forced moves first, the rest counted as pending (property)', () => {
    const s = loadSnap('demo');
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 11 }), { minLength: 1, maxLength: 5 }),
        fc.option(fc.integer({ min: 0, max: 80 }), { nil: undefined }),
        (osds, maxChanges) => {
          const policy = policyOf(s, `policy: even\nrules:\n  - drain: {osds: [${osds.join(', ')}]}\n`);
          const plan = planOf(s, { policy, ...(maxChanges !== undefined ? { maxChanges } : {}) });
          checkPlan(s, plan, { policy, countObjective: false, ...(maxChanges !== undefined ? { maxChanges } : {}) });
          const out = drainOutcome(s, plan, new Set(osds));
          expect(out.stuckWithChoice.length).toBe(plan.drain?.pending);
          if (maxChanges === undefined) expect(plan.drain?.pending).toBe(0);
          if ((plan.drain?.pending ?? 0) > 0) {
            // the budget went to forced moves: every op moves a PG off a drained OSD
            expect(plan.ops.filter((o) => o.reason === 'balance').every((o) => osds.includes(o.from))).toBe(true);
            expect(plan.warnings.some((w) => w.includes('still led by drained OSDs'))).toBe(true);
          }
        },
      ),
      { numRuns: 25 },
    );
  });

  it('the shares: drained OSDs get what they must keep, the others share the rest evenly, the pool total stays', () => {
    const s = loadSnap('demo');
    const policy = policyOf(s, 'policy: even\nrules:\n  - drain: {hosts: [node2]}\n');
    const parts = planParts({ ...s, poolIds: [], policy });
    parts.works.forEach((w, i) => {
      const desired = parts.enginePools[i]!.desired;
      const kept = new Map<number, number>();
      for (const k of parts.drain!.kept)
        if (k.pgid.startsWith(`${w.pool.id}.`)) kept.set(k.osd, (kept.get(k.osd) ?? 0) + 1);
      for (const o of [6, 7, 8]) expect(desired[o], `pool ${w.pool.id} osd.${o}`).toBe(kept.get(o) ?? 0);
      const others = [...desired.keys()].filter((o) => ![6, 7, 8].includes(o) && w.eligible[o]);
      const total = [...desired].reduce((a, b) => a + b, 0);
      expect(total, `pool ${w.pool.id}`).toBeCloseTo(w.pgs.length, 9);
      for (const o of others) expect(desired[o]).toBeCloseTo(desired[others[0]!]!, 9);
    });
  });

  it('a policy without drain plans exactly as before (the plan builder is unchanged for it)', () => {
    const s = loadSnap('demo');
    const even = policyOf(s, 'policy: even\n');
    const plan = planOf(s, { policy: even });
    expect(plan.drain).toBeUndefined();
    checkPlan(s, plan, { policy: even, countObjective: false });
  });
});
