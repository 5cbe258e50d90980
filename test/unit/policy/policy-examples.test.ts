/**
 * The example policy files of examples/policies/ parse and evaluate on the demo cluster, and plans with proportional
 * shares (on both bases) reach the engine's optimum against those shares.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { affinityShares } from '../../../src/policy/affinity-shares.js';
import type { CustomPolicyFn } from '../../../src/policy/custom-policy.js';
import { evaluatePolicyFile } from '../../../src/policy/evaluate-policy-file.js';
import { emptyPolicyState } from '../../../src/policy/policy-env.js';
import { parsePolicyFile } from '../../../src/policy/parse-policy-file.js';
import inverseLatency from '../../../examples/policies/inverse-latency.mjs';
import { checkPlan, loadSnap, planOf, ROOT } from '../balance/plan-fixtures.js';

const DIR = join(ROOT, 'examples/policies');
const demo = loadSnap('demo');
const custom = new Map<string, CustomPolicyFn>([['./inverse-latency.mjs', inverseLatency]]);

function evaluate(text: string, name: string) {
  const p = parsePolicyFile(text, name);
  if ('problems' in p) throw new Error(JSON.stringify(p.problems));
  const r = evaluatePolicyFile(
    p.spec,
    demo,
    { now: Date.UTC(2026, 2, 2, 9), latency: [], state: emptyPolicyState() },
    custom,
  );
  if ('problems' in r) throw new Error(JSON.stringify(r.problems));
  return r;
}

describe('example policy files', () => {
  const files = readdirSync(DIR).filter((f) => f.endsWith('.yaml'));
  it('there are examples', () => expect(files.length).toBeGreaterThanOrEqual(4));
  it.each(files)('%s parses, evaluates and plans on the demo cluster', (f) => {
    const r = evaluate(readFileSync(join(DIR, f), 'utf8'), f);
    const policy = affinityShares(r.policy);
    checkPlan(demo, planOf(demo, { policy }), { policy, countObjective: (r.policy.drained ?? []).length === 0 });
  });

  it.each([
    'even',
    'ceph',
  ])('proportional ssd x3 on base %s: ssd OSDs lead more of the mixed pools, at the optimum', (base) => {
    const r = evaluate(`policy: ${base}\nrules:\n  - proportional: {by_class: {ssd: 3}}\n`, 'p.yaml');
    const policy = affinityShares(r.policy);
    const plan = planOf(demo, { policy });
    checkPlan(demo, plan, { policy, countObjective: true });
    const plain = planOf(demo, { policy: affinityShares(evaluate(`policy: ${base}\n`, 'q.yaml').policy) });
    const ssdShare = (p: typeof plan, poolId: number) => {
      const pgs = p.placementAfter.pools.get(poolId)!.pgs;
      return pgs.filter((pg) => pg.actingPrimary >= 6).length / pgs.length;
    };
    expect(ssdShare(plan, 4)).toBeGreaterThan(ssdShare(plain, 4) + 0.1);
  });
});
