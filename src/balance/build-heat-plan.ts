/**
 * The `heat` plan: the primaries that even out the measured read load (heat per PG) instead of PG counts, across all
 * planned pools at once (an OSD serves the reads of every pool). Each OSD's desired load is its policy share of each
 * pool's heat. Equal heats are the count problem, which the count engine solves exactly: the plan is then buildPlan's.
 */
import { balanceWeighted } from './balance-weighted.js';
import { buildPlan, type PlanRequest } from './build-plan.js';
import { buildPoolGraph } from './flow-graph.js';
import type { HeatFigures, Plan, PoolPlan } from './plan.js';
import { finishPlan, maxPrimaries, planParts, poolOps } from './plan-parts.js';
import { optimumFromWork } from './optimum.js';
import { currentOf } from './pool-choices.js';
import { poolFigures } from './pool-figures.js';
import type { PrimaryOp } from './primary-op.js';
import type { WeightedPg } from './weighted-graph.js';

export interface HeatRequest extends PlanRequest {
  /** Measured heat per PG; PGs without one get their pool's mean (reported in the plan's notes). */
  heat: ReadonlyMap<string, number>;
  /** What the heat measures, for the report (e.g. "reads/s over 120 s"). */
  heatLabel: string;
}

export function buildHeatPlan(req: HeatRequest): Plan {
  const { osdmap } = req;
  const parts = planParts(req);
  const osdCount = osdmap.maxOsd;
  const target = new Float64Array(osdCount);
  const pgs: WeightedPg[] = [];
  const missing: string[] = [];
  parts.works.forEach((w, i) => {
    const known = w.pgs.map((pg) => req.heat.get(pg.pgid)).filter((h): h is number => h !== undefined);
    const mean = known.length > 0 ? known.reduce((a, b) => a + b, 0) / known.length : 0;
    let poolHeat = 0;
    for (const pg of w.pgs) {
      let h = req.heat.get(pg.pgid);
      if (h === undefined) {
        missing.push(pg.pgid);
        h = mean;
      }
      poolHeat += h;
      pgs.push({ pgid: pg.pgid, choices: pg.choices, current: pg.current, heat: h });
    }
    const desired = parts.enginePools[i]!.desired;
    if (w.pgs.length > 0)
      for (let o = 0; o < osdCount; o++) target[o]! += ((desired[o] ?? 0) * poolHeat) / w.pgs.length;
  });
  const notes =
    missing.length > 0
      ? [`${missing.length} PG(s) without a measured heat (e.g. ${missing[0]}): given their pool's mean heat`]
      : [];
  const heats = pgs.map((p) => p.heat);
  const equal = heats.length > 0 && Math.max(...heats) - Math.min(...heats) <= 1e-12 * Math.max(1, Math.abs(heats[0]!));
  const result = balanceWeighted({ osdCount, pgs, target });
  if (equal) {
    // equal heats: the count engine's plan (exact, with its tie-breaks), reported in heat
    const plan = buildPlan(req);
    const chosen = Int32Array.from(pgs, (p) => p.current);
    const index = new Map(pgs.map((p, i) => [p.pgid, i]));
    for (const op of plan.ops) if (op.reason === 'balance') chosen[index.get(op.pgid)!] = op.to;
    const loadAfter = new Float64Array(osdCount);
    pgs.forEach((p, i) => {
      loadAfter[chosen[i]!]! += p.heat;
    });
    let maxAfter = -Infinity;
    for (let o = 0; o < osdCount; o++)
      if (target[o]! > 0 || loadAfter[o]! > 0) maxAfter = Math.max(maxAfter, loadAfter[o]! - target[o]!);
    return {
      ...plan,
      notes: [...plan.notes, ...notes, "every PG has the same heat: the count engine's plan (exact for equal heats)"],
      heat: figures(req, result, target, {
        loadAfter,
        maxAfter: Math.max(maxAfter, result.lowerBound),
        engine: 'count',
      }),
    };
  }
  const ops: PrimaryOp[] = [];
  const pools: PoolPlan[] = [];
  let offset = 0;
  parts.works.forEach((w, i) => {
    const chosen = result.chosen.slice(offset, offset + w.pgs.length);
    offset += w.pgs.length;
    const moves = poolOps(w, chosen, ops);
    const g = buildPoolGraph(parts.enginePools[i]!, osdCount);
    const before = poolFigures(g, g.orig);
    const after = poolFigures(g, chosen);
    pools.push({
      poolId: w.pool.id,
      poolName: w.pool.name,
      status: 'balanced',
      pgCount: w.pool.pgNum,
      eligibleOsds: w.eligible.reduce((a, b) => a + b, 0),
      maxBefore: maxPrimaries(
        w.pgs.map((_, k) => currentOf(w, k)),
        osdCount,
      ),
      maxAfter: maxPrimaries(chosen, osdCount),
      optimum: optimumFromWork(w, osdCount),
      equalShares: false,
      overloadBefore: before.maxOverload,
      overloadAfter: after.maxOverload,
      overloadOptimum: before.maxOverload,
      moves,
      cleanups: 0,
    });
  });
  const plan = finishPlan(req, parts, pools, ops);
  return {
    ...plan,
    notes: [...plan.notes, ...notes],
    heat: figures(req, result, target, { loadAfter: result.loadAfter, maxAfter: result.maxAfter, engine: 'weighted' }),
  };
}

function figures(
  req: HeatRequest,
  r: ReturnType<typeof balanceWeighted>,
  target: Float64Array,
  after: { loadAfter: Float64Array; maxAfter: number; engine: 'weighted' | 'count' },
): HeatFigures {
  return {
    label: req.heatLabel,
    engine: after.engine,
    target,
    loadBefore: r.loadBefore,
    loadAfter: after.loadAfter,
    maxBefore: r.maxBefore,
    maxAfter: after.maxAfter,
    lpBound: r.lpBound,
    lowerBound: r.lowerBound,
    heaviest: r.heaviest,
    gap: Math.max(0, after.maxAfter - r.lowerBound),
    exact: after.engine === 'count' ? false : r.exact,
  };
}
