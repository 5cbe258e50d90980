import { describe, expect, it } from 'vitest';
import { balanceCluster } from '../../../src/balance/balance-cluster.js';
import { EPS, type EngineInput } from '../../../src/balance/engine-types.js';
import { makePool, rng, type PoolSpec } from './instances.js';

/** Independent reference: can every PG get a choice with at most cap[o] PGs per OSD? (Kuhn's augmenting paths.) */
function feasible(choices: number[][], cap: number[]): boolean {
  const holders: number[][] = cap.map(() => []);
  const assign = choices.map(() => -1);
  const tryPg = (p: number, seen: Set<number>): boolean => {
    for (const o of choices[p]!) {
      if (seen.has(o)) continue;
      seen.add(o);
      if (holders[o]!.length < cap[o]!) {
        holders[o]!.push(p);
        assign[p] = o;
        return true;
      }
      for (let k = 0; k < holders[o]!.length; k++) {
        const q = holders[o]![k]!;
        if (tryPg(q, seen)) {
          holders[o]!.splice(holders[o]!.indexOf(q), 1);
          holders[o]!.push(p);
          assign[p] = o;
          return true;
        }
      }
    }
    return false;
  };
  return choices.every((_, p) => tryPg(p, new Set()));
}

describe('medium random pools against an independent feasibility check', () => {
  it('several medium pools keep their level-2 optimum under the cross-pool prices', () => {
    for (let seed = 1; seed <= 30; seed++) {
      const rand = rng(1000 + seed);
      const osdCount = 10 + Math.floor(rand() * 30);
      const specs: PoolSpec[] = [];
      for (let k = 0; k < 2 + Math.floor(rand() * 3); k++) {
        const choices: number[][] = [];
        for (let i = 0, n = 1 + Math.floor(rand() * 80); i < n; i++) {
          const c = new Set<number>();
          while (c.size < 3) c.add(Math.floor(rand() * osdCount));
          choices.push([...c]);
        }
        const weights = rand() < 0.5 ? null : Array.from({ length: osdCount }, () => 1 + Math.floor(rand() * 3));
        specs.push({ choices, current: choices.map((c) => c[0]!), weights });
      }
      const input: EngineInput = {
        osdCount,
        pools: specs.map((s, i) => makePool(i + 1, osdCount, s)),
        hostOf: Int32Array.from({ length: osdCount }, (_, o) => o % 5),
      };
      for (const p of balanceCluster(input).pools) {
        expect(p.after.maxOverload).toBeCloseTo(p.optimum, 6);
        expect(p.after.atMax).toBe(p.optimumAtMax);
      }
    }
  });

  it('the optimum is reached and the next lower threshold is infeasible', () => {
    for (let seed = 1; seed <= 120; seed++) {
      const rand = rng(seed);
      const osdCount = 5 + Math.floor(rand() * 40);
      const pgs = 1 + Math.floor(rand() * 150);
      const size = 1 + Math.floor(rand() * 4);
      const skew = rand() * 3;
      const choices: number[][] = [];
      for (let i = 0; i < pgs; i++) {
        const c = new Set<number>();
        const k = Math.min(size, osdCount);
        while (c.size < k) c.add(Math.floor(Math.pow(rand(), 1 + skew) * osdCount));
        choices.push([...c]);
      }
      const weights = rand() < 0.5 ? null : Array.from({ length: osdCount }, () => Math.floor(rand() * 5));
      const spec: PoolSpec = { choices, current: choices.map((c) => c[Math.floor(rand() * c.length)]!), weights };
      const pool = makePool(1, osdCount, spec);
      const input: EngineInput = { osdCount, pools: [pool], hostOf: new Int32Array(osdCount).fill(-1) };
      const r = balanceCluster(input).pools[0]!;
      const t = r.optimum;
      expect(r.after.maxOverload).toBeCloseTo(t, 6);
      // Level 2 two ways: the min-cost flow's result and the max-flow count of unavoidable top units.
      expect(r.after.atMax).toBe(r.optimumAtMax);
      // Largest candidate below t: every OSD's cap drops to the largest k with k − d < t.
      let below = -Infinity;
      const eligible = new Set(choices.flat());
      for (const o of eligible) {
        const d = pool.desired[o]!;
        const k = Math.ceil(d + t - EPS) - 1;
        if (k >= 0) below = Math.max(below, k - d);
      }
      const cap = Array.from({ length: osdCount }, (_, o) =>
        eligible.has(o) ? Math.max(0, Math.floor(pool.desired[o]! + below + EPS)) : 0,
      );
      expect(feasible(choices, cap)).toBe(false);
    }
  });
});
