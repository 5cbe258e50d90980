/**
 * buildPlan over every snapshot of the repository (osdmaptool fixtures, live-8osd, the demo cluster) and both
 * policies: every op is one the Reef monitor accepts, the predicted map equals an independent remap, the plan is never
 * worse and reaches the optimum, re-planning is a no-op, budgets are honoured, and exhaustive search on the small
 * pools finds nothing better.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Plan } from '../../../src/balance/plan.js';
import { primaryChoices } from '../../../src/cluster/primary-choices.js';
import { cephPolicy } from '../../../src/policy/ceph-policy.js';
import { evenPolicy } from '../../../src/policy/even-policy.js';
import type { Policy } from '../../../src/policy/policy.js';
import { checkPlan, loadSnap, planOf, snapNames, type Snap } from './plan-fixtures.js';

const POLICIES: Policy[] = [evenPolicy, cephPolicy];
const BUDGETS = [0, 1, 5, 20];

/** The largest overload over the planned pools: the level the budgeted plan water-fills down. */
/** The unlimited plan of a snapshot and policy, computed once for the tests that share it. */
const unlimitedPlans = new Map<string, Plan>();
function unlimitedPlan(name: string, policy: Policy): Plan {
  const key = `${name}/${policy.name}`;
  let plan = unlimitedPlans.get(key);
  if (plan === undefined) {
    plan = planOf(loadSnap(name), { policy });
    unlimitedPlans.set(key, plan);
  }
  return plan;
}

const worstOverload = (plan: Plan) =>
  Math.max(0, ...plan.pools.filter((p) => p.status !== 'skipped').map((p) => p.overloadAfter));

describe('buildPlan on every snapshot', () => {
  const names = snapNames();
  it('has the snapshots', () => {
    expect(names.length).toBeGreaterThanOrEqual(17);
    expect(names).toContain('big1200');
  });

  for (const name of names) {
    for (const policy of POLICIES) {
      it(`${name}, policy ${policy.name}: valid ops, exact prediction, optimum, idempotent`, () => {
        const s = loadSnap(name);
        const plan = unlimitedPlan(name, policy);
        const fresh = checkPlan(s, plan, { policy });
        expect(plan.policy).toBe(policy.name);
        expect(plan.epoch).toBe(s.osdmap.epoch);

        // idempotent: planning the predicted map (mapped afresh) changes nothing
        const next: Snap = { ...s, name: `${name} after`, osdmap: plan.osdmapAfter, placement: fresh.placement };
        const again = planOf(next, { policy });
        expect(again.ops.map((o) => `${o.op} ${o.pgid} ${o.reason}`)).toEqual([]);
        expect(again.status).toBe('balanced');
        for (const pp of again.pools) {
          const first = plan.pools.find((p) => p.poolId === pp.poolId)!;
          expect(pp.maxBefore).toBe(first.maxAfter);
          expect(pp.maxAfter).toBe(first.maxAfter);
        }
      });

      it(`${name}, policy ${policy.name}: budgets ${BUDGETS.join(', ')}`, () => {
        const s = loadSnap(name);
        let prev: Plan | undefined;
        for (const k of BUDGETS) {
          const plan = planOf(s, { policy, maxChanges: k });
          checkPlan(s, plan, { policy, maxChanges: k });
          if (k === 0) expect(plan.ops).toEqual([]);
          if (prev !== undefined) {
            // a larger budget never ends worse: the worst overload across pools, and for one pool its max primaries
            expect(worstOverload(plan)).toBeLessThanOrEqual(worstOverload(prev) + 1e-9);
            const planned = plan.pools.filter((p) => p.status !== 'skipped');
            if (policy.name === 'even' && planned.length === 1) {
              expect(planned[0]!.maxAfter).toBeLessThanOrEqual(
                prev.pools.find((p) => p.poolId === planned[0]!.poolId)!.maxAfter,
              );
            }
          }
          prev = plan;
        }
        const unlimited = unlimitedPlan(name, policy);
        expect(worstOverload(unlimited)).toBeLessThanOrEqual(worstOverload(prev!) + 1e-9);
        // a budget the unlimited plan fits in gives the same figures
        const fits = planOf(s, { policy, maxChanges: unlimited.ops.length });
        if (unlimited.ops.length < 1000) checkPlan(s, fits, { policy, maxChanges: unlimited.ops.length });
        expect(fits.ops.length).toBeLessThanOrEqual(unlimited.ops.length);
        const figures = (p: Plan) =>
          p.pools.map((x) => [
            x.poolId,
            x.status,
            x.overloadAfter.toFixed(6),
            policy.name === 'even' ? x.maxAfter : '-',
          ]);
        expect(figures(fits)).toEqual(figures(unlimited));
      });
    }
  }
});

// ---------------------------------------------------------------------------------------------------------------
// Exhaustive check of optimality on the small pools

const ENUMERATE_LIMIT = 200_000;
const DFS_NODE_LIMIT = 5_000_000;

/** Smallest max primaries per OSD over every assignment (plain enumeration; product of choice counts is small). */
function enumerateMin(choices: number[][], osdCount: number): number {
  const count = new Int32Array(osdCount);
  const idx = new Int32Array(choices.length);
  let best = Infinity;
  for (;;) {
    count.fill(0);
    let max = 0;
    choices.forEach((c, p) => {
      const o = c[idx[p]!]!;
      max = Math.max(max, ++count[o]!);
    });
    best = Math.min(best, max);
    let p = 0;
    for (; p < choices.length; p++) {
      if (++idx[p]! < choices[p]!.length) break;
      idx[p] = 0;
    }
    if (p === choices.length) return best;
  }
}

/**
 * Is there an assignment with at most `cap` primaries on every OSD? Exhaustive depth-first search over the PGs (fewest
 * choices first), cut only where no completion can exist: an OSD at the cap, fewer free slots than PGs left, or a
 * state (next PG, primaries per OSD) already known to have no completion. Undefined if it gave up (node limit).
 */
function existsWithin(choices: number[][], osdCount: number, cap: number): boolean | undefined {
  const order = choices.map((_, i) => i).sort((x, y) => choices[x]!.length - choices[y]!.length);
  const pgs = order.map((i) => choices[i]!);
  const osds = [...new Set(pgs.flat())].sort((a, b) => a - b);
  const count = new Int32Array(osdCount);
  const dead = new Set<string>();
  let free = osds.length * cap;
  let nodes = 0;
  const dfs = (k: number): boolean | undefined => {
    if (k === pgs.length) return true;
    if (++nodes > DFS_NODE_LIMIT) return undefined;
    if (free < pgs.length - k) return false;
    const key = `${k}:${osds.map((o) => count[o]).join(',')}`;
    if (dead.has(key)) return false;
    for (const o of pgs[k]!) {
      if (count[o]! >= cap) continue;
      count[o]!++;
      free--;
      const r = dfs(k + 1);
      count[o]!--;
      free++;
      if (r !== false) return r;
    }
    dead.add(key);
    return false;
  };
  return dfs(0);
}

describe('optimality: exhaustive search over primaryChoices finds no smaller max (even policy)', () => {
  /** Every replicated pool of up to 32 PGs (all snapshots but big1200), with each PG's reachable primaries. */
  const cases: Array<{ name: string; poolId: number; choices: number[][]; product: number }> = [];
  for (const name of snapNames()) {
    if (name === 'big1200') continue;
    const s = loadSnap(name);
    for (const pool of s.osdmap.pools.values()) {
      if (pool.type !== 'replicated' || pool.pgNum > 32) continue;
      const choices: number[][] = [];
      for (let ps = 0; ps < pool.pgNum; ps++) {
        const c = [...new Set(primaryChoices(s.osdmap, s.crush, pool, ps).map((x) => x.primary))].filter((o) => o >= 0);
        if (c.length > 0) choices.push(c);
      }
      cases.push({ name, poolId: pool.id, choices, product: choices.reduce((a, c) => a * c.length, 1) });
    }
  }
  it('has small pools to check, some small enough to enumerate outright', () => {
    expect(cases.length).toBeGreaterThanOrEqual(20);
    expect(cases.filter((c) => c.product <= ENUMERATE_LIMIT).length).toBeGreaterThanOrEqual(3);
  });

  for (const { name, poolId, choices, product } of cases) {
    const how = product <= ENUMERATE_LIMIT ? `every one of ${product} assignments` : 'depth-first search';
    it(`${name} pool ${poolId} (${how})`, () => {
      const s = loadSnap(name);
      const plan = planOf(s, { policy: evenPolicy, poolIds: [poolId] });
      checkPlan(s, plan, { policy: evenPolicy, poolIds: [poolId] });
      const pp = plan.pools[0]!;
      if (product <= ENUMERATE_LIMIT) {
        expect(enumerateMin(choices, s.osdmap.maxOsd)).toBe(pp.maxAfter);
      } else {
        expect(existsWithin(choices, s.osdmap.maxOsd, pp.maxAfter - 1)).toBe(false);
        expect(existsWithin(choices, s.osdmap.maxOsd, pp.maxAfter)).toBe(true);
      }
      expect(pp.maxAfter).toBe(pp.optimum);
    });
  }
});

// ---------------------------------------------------------------------------------------------------------------
// Property: random budgets and pool subsets on the demo cluster

describe('property: demo cluster, random maxChanges and pool subsets', () => {
  it('keeps every invariant and touches only the selected pools', () => {
    const s = loadSnap('demo');
    const ids = [...s.osdmap.pools.keys()].sort((a, b) => a - b);
    fc.assert(
      fc.property(
        fc.shuffledSubarray(ids, { minLength: 1 }),
        fc.option(fc.integer({ min: 0, max: 250 }), { nil: undefined }),
        fc.constantFrom(...POLICIES),
        (poolIds, maxChanges, policy) => {
          const args = { policy, poolIds, ...(maxChanges !== undefined ? { maxChanges } : {}) };
          const plan = planOf(s, args);
          checkPlan(s, plan, args);
          const selected = new Set(poolIds);
          for (const op of plan.ops) expect(selected.has(Number(op.pgid.split('.')[0]))).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });
});
