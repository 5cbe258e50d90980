/**
 * One reconcile round's decision (the watch daemon): the engine's plan within the round's budget, then only the pools
 * whose objective improves by more than the threshold keep their moves (every move stalls that PG's I/O for about
 * a second, so small gains are not worth it), most valuable pool first. Pure.
 */
import { buildPlan, type PlanRequest } from './build-plan.js';
import { parsePgid } from '../cluster/osdmap.js';
import type { Plan } from './plan.js';
import type { PrimaryOp } from './primary-op.js';

export interface RoundRequest extends PlanRequest {
  maxChanges: number;
  /** A pool's moves are kept only when its largest overload (primaries − desired) drops by more than this. */
  minImprovement: number;
}

export interface RejectedPool {
  poolId: number;
  poolName: string;
  ops: number;
  improvement: number;
  why: string;
}

export interface RoundDecision {
  plan: Plan;
  /** What to send this round, the most valuable pool first (cleanups of entries that do nothing last). */
  ops: PrimaryOp[];
  rejected: RejectedPool[];
  /** Pool id → largest overload drop the kept ops bring. */
  improvement: Map<number, number>;
}

export function planRound(req: RoundRequest): RoundDecision {
  const plan = buildPlan(req);
  const byPool = new Map<number, PrimaryOp[]>();
  const cleanups: PrimaryOp[] = [];
  for (const op of plan.ops) {
    if (op.reason !== 'balance') {
      cleanups.push(op);
      continue;
    }
    const id = parsePgid(op.pgid)?.pool ?? -1;
    byPool.set(id, [...(byPool.get(id) ?? []), op]);
  }
  const drained = new Set(req.policy.drained ?? []);
  const rejected: RejectedPool[] = [];
  const kept: Array<{ gain: number; poolId: number; ops: PrimaryOp[] }> = [];
  const improvement = new Map<number, number>();
  for (const p of plan.pools) {
    const ops = byPool.get(p.poolId);
    if (ops === undefined || ops.length === 0) continue;
    const gain = p.overloadBefore - p.overloadAfter;
    // moves off drained OSDs are a hard constraint: a pool that has any keeps its whole plan, first
    const forced = drained.size > 0 && ops.some((o) => drained.has(o.from));
    if (forced || gain > req.minImprovement) {
      kept.push({ gain: forced ? Number.POSITIVE_INFINITY : gain, poolId: p.poolId, ops });
      improvement.set(p.poolId, gain);
    } else
      rejected.push({
        poolId: p.poolId,
        poolName: p.poolName,
        ops: ops.length,
        improvement: gain,
        why: `improves the busiest OSD's overload by ${round3(gain)} (threshold ${req.minImprovement})`,
      });
  }
  kept.sort((a, b) => b.gain - a.gain || a.poolId - b.poolId);
  return { plan, ops: [...kept.flatMap((k) => k.ops), ...cleanups], rejected, improvement };
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000;
