import type { LatencyRound } from '../policy/policy-env.js';

/** An OSD's cumulative read latency counter (`perf dump osd` → `op_r_latency`): reads and their total seconds. */
export interface LatencyCounter {
  avgcount: number;
  sum: number;
}

/**
 * Per-OSD mean read latency over one round: Δ op_r_latency.sum / Δ op_r_latency.avgcount between two readings, in
 * ms. An OSD without reads in the round, missing from either reading, or whose counter went backwards (the OSD
 * restarted: counters start again at 0) is absent.
 */
export function latencyRound(
  before: Readonly<Record<string, LatencyCounter>>,
  after: Readonly<Record<string, LatencyCounter>>,
  at: number,
): LatencyRound {
  const readLatencyMs: Record<string, number> = {};
  for (const [osd, b] of Object.entries(after)) {
    const a = before[osd];
    if (a === undefined) continue;
    const reads = b.avgcount - a.avgcount;
    const secs = b.sum - a.sum;
    if (reads <= 0 || secs < 0) continue;
    readLatencyMs[osd] = (secs / reads) * 1000;
  }
  return { at, readLatencyMs };
}

/** Keeps the newest `max` rounds (oldest first), the history a latency policy reads. */
export function appendLatency(history: readonly LatencyRound[], round: LatencyRound, max: number): LatencyRound[] {
  const out = [...history, round];
  return out.length > max ? out.slice(out.length - max) : out;
}
