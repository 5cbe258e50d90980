/**
 * buildHeatPlan on the repository's snapshots: equal heats give exactly buildPlan's plan; skewed heats give a plan of
 * the same kind (valid ops, predicted map) that lowers the largest read load, within the LP bound + heaviest PG.
 */
import { describe, expect, it } from 'vitest';
import { buildHeatPlan } from '../../../src/balance/build-heat-plan.js';
import { evenPolicy } from '../../../src/policy/even-policy.js';
import { heatPolicy } from '../../../src/policy/heat-policy.js';
import { mulberry32 } from '../../../src/sim/mulberry32.js';
import { checkPlan, loadSnap, planOf, snapNames } from './plan-fixtures.js';

function allPgids(name: string): string[] {
  const s = loadSnap(name);
  return [...s.placement.pools.values()].flatMap((p) => p.pgs.map((_, ps) => `${p.poolId}.${ps.toString(16)}`));
}

describe('buildHeatPlan', () => {
  it.each(snapNames())('equal heats give exactly the count plan (%s)', (name) => {
    const s = loadSnap(name);
    const heat = new Map(allPgids(name).map((p) => [p, 5]));
    const count = planOf(s, { policy: evenPolicy });
    const plan = buildHeatPlan({ ...s, poolIds: [], policy: evenPolicy, heat, heatLabel: 'test' });
    expect(plan.ops).toEqual(count.ops);
    expect(plan.heat?.engine).toBe('count');
  });

  it.each(snapNames())('skewed heats: a valid plan within the bound, never busier (%s)', (name) => {
    const s = loadSnap(name);
    const r = mulberry32(name.length * 7919);
    const heat = new Map(allPgids(name).map((p) => [p, r() < 0.1 ? 100 * r() : r()]));
    const plan = buildHeatPlan({ ...s, poolIds: [], policy: heatPolicy, heat, heatLabel: 'test' });
    checkPlan(s, plan, { policy: heatPolicy, countObjective: false });
    const h = plan.heat!;
    expect(h.engine).toBe('weighted');
    expect(h.maxAfter).toBeLessThanOrEqual(h.maxBefore + 1e-9);
    expect(h.maxAfter).toBeLessThanOrEqual(h.lpBound + h.heaviest + 1e-9);
    // the predicted load is the heat of the PGs each OSD leads in the predicted map
    const load = new Float64Array(s.osdmap.maxOsd);
    for (const pp of plan.placementAfter.pools.values()) {
      if (s.osdmap.pools.get(pp.poolId)?.type !== 'replicated') continue;
      pp.pgs.forEach((pg, ps) => {
        if (pg.actingPrimary >= 0) load[pg.actingPrimary]! += heat.get(`${pp.poolId}.${ps.toString(16)}`) ?? 0;
      });
    }
    load.forEach((l, o) => expect(l).toBeCloseTo(h.loadAfter[o]!, 6));
    // planned again on the predicted map, nothing moves
    const again = buildHeatPlan({
      ...s,
      osdmap: plan.osdmapAfter,
      placement: plan.placementAfter,
      poolIds: [],
      policy: heatPolicy,
      heat,
      heatLabel: 'test',
    });
    expect(again.ops.filter((o) => o.reason === 'balance')).toEqual([]);
  });
});
