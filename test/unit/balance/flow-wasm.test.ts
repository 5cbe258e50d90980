/**
 * The flow loops on WebAssembly (flow-wasm.ts, wasm/flow-kernels.c) against their TypeScript reference: the same
 * graphs give the same flows, bit for bit (assignments, costs, Hall violators, the held index left behind), and the
 * engine's plans are the same whichever runs.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { analysePool, solveAt } from '../../../src/balance/balance-pool.js';
import { balanceCluster } from '../../../src/balance/balance-cluster.js';
import type { EngineInput } from '../../../src/balance/engine-types.js';
import { buildPoolGraph, countPrimaries } from '../../../src/balance/flow-graph.js';
import { setFlowKernels } from '../../../src/balance/flow-wasm.js';
import { flowScratch, routeExcess } from '../../../src/balance/max-flow.js';
import { minCostAssign } from '../../../src/balance/min-cost-flow.js';
import { makePool, poolSpecArb, rng, type PoolSpec } from './instances.js';

afterEach(() => setFlowKernels(true));

/** Runs f once with the TypeScript loops and once with WebAssembly. */
function both<T>(f: () => T): { ts: T; wasm: T } {
  setFlowKernels(false);
  const ts = f();
  setFlowKernels(true);
  return { ts, wasm: f() };
}

/** A random pool of `pgs` PGs over `osds` OSDs, 1–4 choices each, current primaries skewed to low ids. */
function randomSpec(seed: number, osds: number, pgs: number): PoolSpec {
  const rand = rng(seed);
  const choices: number[][] = [];
  const current: number[] = [];
  for (let p = 0; p < pgs; p++) {
    const k = 1 + Math.floor(rand() * Math.min(4, osds));
    const c = new Set<number>();
    while (c.size < k) c.add(Math.floor(rand() * rand() * osds));
    const list = [...c];
    choices.push(list);
    current.push(list[Math.floor(rand() * list.length)]!);
  }
  const weights = rand() < 0.5 ? null : Array.from({ length: osds }, () => Math.floor(rand() * 4));
  return { choices, current, weights };
}

function analysis(osds: number, spec: PoolSpec) {
  const a = analysePool(makePool(1, osds, spec), osds);
  const flat = solveAt(a, a.optimumIndex, true);
  const level1 = solveAt(a, a.optimumIndex, false);
  const limited = solveAt(a, a.currentIndex, false, null, Math.floor(level1.changes / 2));
  return {
    optimumIndex: a.optimumIndex,
    optimumAtMax: a.optimumAtMax,
    flat: [...flat.assign],
    flatCost: flat.cost,
    level1: [...level1.assign],
    limited: { complete: limited.complete, cost: limited.cost, changes: limited.changes },
  };
}

describe('flow loops on WebAssembly', () => {
  it('max-flow: the same assignment, counts, Hall violator and held index as the TypeScript loop', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const osds = 3 + (seed % 29);
      const spec = randomSpec(seed, osds, 20 + seed * 37);
      const run = () => {
        const g = buildPoolGraph(makePool(1, osds, spec), osds);
        const assign = g.orig.slice();
        const count = countPrimaries(g, assign);
        const cap = new Int32Array(osds);
        const rand = rng(seed * 7);
        for (let o = 0; o < osds; o++) cap[o] = Math.floor((spec.choices.length / osds) * (0.6 + rand()));
        const s = flowScratch(osds);
        const ok = routeExcess(g, assign, count, cap, s);
        const h = g.held!;
        return { ok, assign: [...assign], count: [...count], level: [...s.level], held: [...h.pg, ...h.end, ...h.pos] };
      };
      const { ts, wasm } = both(run);
      expect(wasm, `seed ${seed}`).toEqual(ts);
    }
  });

  it('min-cost flow, with and without top costs and a change limit: the same results', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const osds = 2 + (seed % 23);
      const spec = randomSpec(100 + seed, osds, 10 + seed * 41);
      const { ts, wasm } = both(() => analysis(osds, spec));
      expect(wasm, `seed ${seed}`).toEqual(ts);
    }
  });

  it('infeasible capacities give null in both', () => {
    const spec: PoolSpec = { choices: [[0], [0], [0, 1]], current: [0, 0, 0], weights: null };
    const { ts, wasm } = both(() => {
      const g = buildPoolGraph(makePool(1, 2, spec), 2);
      return minCostAssign(g, Int32Array.from([1, 1]), null);
    });
    expect(ts).toBeNull();
    expect(wasm).toBeNull();
  });

  it('small random pools (fast-check): the same analysis and flows', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9 }).chain((osds) => fc.tuple(fc.constant(osds), poolSpecArb(osds, 40, 4))),
        ([osds, spec]) => {
          const { ts, wasm } = both(() => analysis(osds, spec));
          expect(wasm).toEqual(ts);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('whole plans (cross-pool prices, budgets): the same primaries', () => {
    for (let seed = 1; seed <= 12; seed++) {
      const rand = rng(5000 + seed);
      const osds = 8 + Math.floor(rand() * 40);
      const pools = Array.from({ length: 1 + (seed % 4) }, (_, k) =>
        makePool(k + 1, osds, randomSpec(seed * 10 + k, osds, 50 + Math.floor(rand() * 600))),
      );
      const input: EngineInput = {
        osdCount: osds,
        pools,
        hostOf: Int32Array.from({ length: osds }, (_, o) => o % 5),
        ...(seed % 3 === 0 ? { maxChanges: 10 + seed * 5 } : {}),
      };
      const { ts, wasm } = both(() => balanceCluster(input).pools.map((p) => [...p.chosen]));
      expect(wasm, `seed ${seed}`).toEqual(ts);
    }
  });
});
