/**
 * A custom rule: a JavaScript module (named by path in the policy file) whose default export (or export `policy`)
 * is a pure function (snapshot, latency history, options) → desired share per OSD. The CLI or daemon loads the module
 * and hands the function to the evaluator; this file says what the function sees and checks what it returns.
 */
import type { OsdMap } from '../cluster/osdmap.js';
import { FIXED_ONE } from '../cluster/osdmap.js';
import type { LatencyRound } from './policy-env.js';

/** What a custom function sees of the cluster: plain data, safe to keep or log. */
export interface CustomSnapshot {
  /** ms since the epoch (the round's instant). */
  now: number;
  osds: Array<{
    id: number;
    /** Device class, null when none. */
    class: string | null;
    up: boolean;
    in: boolean;
    primaryAffinity: number;
    /** The share factor the rules before this one give it (1: untouched, 0: drained or taken off). */
    factor: number;
  }>;
  pools: Array<{ id: number; name: string; size: number; pgNum: number }>;
}

/**
 * Returns the desired share of each OSD, relative to the others: an object keyed by OSD id (`"7"` or `"osd.7"`) or
 * an array indexed by OSD id. OSDs it leaves out keep the factor they had (`snapshot.osds[i].factor`).
 */
export type CustomPolicyFn = (snapshot: CustomSnapshot, history: readonly LatencyRound[], options: unknown) => unknown;

export function customSnapshot(
  osdmap: OsdMap,
  classOf: readonly string[],
  factors: Float64Array,
  now: number,
): CustomSnapshot {
  const osds: CustomSnapshot['osds'] = [];
  for (let o = 0; o < osdmap.maxOsd; o++) {
    if (osdmap.exists[o] !== 1) continue;
    osds.push({
      id: o,
      class: classOf[o] ? (classOf[o] as string) : null,
      up: osdmap.up[o] === 1,
      in: (osdmap.weight[o] ?? 0) > 0,
      primaryAffinity: (osdmap.primaryAffinity?.[o] ?? FIXED_ONE) / FIXED_ONE,
      factor: factors[o] ?? 1,
    });
  }
  const pools = [...osdmap.pools.values()].map((p) => ({ id: p.id, name: p.name, size: p.size, pgNum: p.pgNum }));
  return { now, osds, pools };
}

/** The factors a custom function's result sets, or what is wrong with it (one line). */
export function customFactors(
  result: unknown,
  osdmap: OsdMap,
  factors: Float64Array,
): { factors: Float64Array } | { error: string } {
  const out = Float64Array.from(factors);
  let entries: Array<[string, unknown]>;
  if (Array.isArray(result)) entries = result.map((v, i) => [String(i), v]);
  else if (result !== null && typeof result === 'object' && !(result instanceof Promise))
    entries = Object.entries(result as Record<string, unknown>);
  else
    return {
      error: `returned ${result instanceof Promise ? 'a Promise' : typeof result}, not an object {osd id: share} or an array (the function must be synchronous)`,
    };
  for (const [k, v] of entries) {
    if (Array.isArray(result) && v === undefined) continue;
    const m = /^(?:osd\.)?(\d+)$/.exec(k);
    const osd = m ? Number(m[1]) : -1;
    if (osd < 0 || osd >= osdmap.maxOsd || osdmap.exists[osd] !== 1)
      return { error: `returned a share for "${k}", not an OSD of this cluster` };
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
      return {
        error: `returned ${JSON.stringify(v) ?? String(v)} for osd.${osd}: a share must be a finite number ≥ 0`,
      };
    out[osd] = v;
  }
  return { factors: out };
}
