/**
 * A policy's drained OSDs as a hard constraint on the choices: a PG may not be led by a drained OSD when any other
 * choice is left, so drained OSDs leave its choices. A PG led by a drained OSD starts the engine on one of its other
 * choices (a forced move; the engine may then pick any other); a PG whose every choice is drained keeps its
 * primary and is reported. The engine thus cannot trade a drained OSD off against the others' shares.
 * Forced moves count against the change budget first; PGs beyond it stay on their drained primary (pending).
 */
import type { PoolWork } from './pool-choices.js';

export interface DrainedWork {
  work: PoolWork;
  /** PGs left with only drained choices: they keep their primary. */
  kept: Array<{ pgid: string; osd: number }>;
  /** Per drained OSD, how many PGs of the pool it keeps leading (no other choice, or no budget left). */
  keptPerOsd: Map<number, number>;
  /** PGs moved off a drained primary before the engine runs. */
  forced: number;
  /** PGs that stay on a drained primary (no other choice, or no budget left): Σ keptPerOsd. */
  keptTotal: number;
}

/** `budget.left`: forced moves still allowed (shared by the pools of one plan); decremented. */
export function drainChoices(w: PoolWork, drained: ReadonlySet<number>, budget: { left: number }): DrainedWork {
  const eligible = new Uint8Array(w.eligible.length);
  const kept: Array<{ pgid: string; osd: number }> = [];
  const keptPerOsd = new Map<number, number>();
  const actual = Int32Array.from(w.pgs, (pg) => pg.current);
  let forced = 0;
  const keep = (pg: PoolWork['pgs'][number]) => {
    keptPerOsd.set(pg.current, (keptPerOsd.get(pg.current) ?? 0) + 1);
    eligible[pg.current] = 1;
    return { ...pg, choices: [pg.current] };
  };
  const pgs = w.pgs.map((pg) => {
    const free = pg.choices.filter((o) => !drained.has(o));
    if (!drained.has(pg.current)) {
      for (const o of free) eligible[o] = 1;
      return free.length === pg.choices.length ? pg : { ...pg, choices: free };
    }
    if (free.length === 0) {
      kept.push({ pgid: pg.pgid, osd: pg.current });
      return keep(pg);
    }
    if (budget.left <= 0) return keep(pg);
    budget.left--;
    forced++;
    for (const o of free) eligible[o] = 1;
    return { ...pg, choices: free, current: free[0] as number };
  });
  for (const o of drained) if (!keptPerOsd.has(o) && o < eligible.length) eligible[o] = 0;
  let keptTotal = 0;
  for (const n of keptPerOsd.values()) keptTotal += n;
  return { work: { ...w, pgs, eligible, actual }, kept, keptPerOsd, forced, keptTotal };
}
