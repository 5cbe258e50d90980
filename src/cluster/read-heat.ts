import type { HeatMetric, HeatSample, PgReadCounters } from './heat-sample.js';
import { parsePgid } from './osdmap.js';
import { stableMod } from './pg-seed.js';

export interface HeatOptions {
  metric: HeatMetric;
  /** Half-life of the exponential smoothing over intervals, seconds. */
  halfLifeS: number;
}

export interface ReadHeat {
  metric: HeatMetric;
  /** Smoothed heat per PG (reads/s, bytes/s, or the mix in read equivalents/s). */
  heat: Map<string, number>;
  /** Seconds between the first and the last sample used. */
  windowS: number;
  intervals: number;
  /** What was noticed and how it was handled (restarted counters, pg_num changes, PGs that came or went). */
  notes: string[];
}

interface Rate {
  ops: number;
  bytes: number;
}

/**
 * Read heat per PG from samples in time order (validated by the caller: one cluster, increasing times, far enough
 * apart). Each interval gives a rate per PG: Δnum_read / Δt over the PG's own report stamps (`last_fresh`) when both
 * samples have them. A PG whose counters restarted in the interval (they went down, or the primary changed: measured
 * on Reef, a new primary starts at 0) counts the reads since the restart over the time since it became active. Where pg_num changed, heat is measured on the common ancestors (ceph_stable_mod) and shared
 * evenly among their PGs. Rates are smoothed in time order: s ← s + α (r − s), α = 1 − 2^(−Δt / half-life), so one
 * burst moves the heat by α of itself. Pure.
 */
export function readHeat(samples: readonly HeatSample[], opts: HeatOptions): ReadHeat {
  const notes: string[] = [];
  const smooth = new Map<string, Rate>();
  let resets = 0;
  const appeared = new Set<string>();
  for (let i = 1; i < samples.length; i++) {
    const a = samples[i - 1]!;
    const b = samples[i]!;
    const dt = (b.timeMs - a.timeMs) / 1000;
    const rates = new Map<string, Rate>();
    const changedPools = new Set<number>();
    for (const [pool, n] of b.pgNum) {
      const na = a.pgNum.get(pool);
      if (na !== undefined && na !== n) {
        changedPools.add(pool);
        notes.push(
          `pool ${pool}: pg_num ${na} -> ${n} between ${a.source} and ${b.source}: heat measured on the ${Math.min(na, n)} common ancestor PGs and shared evenly`,
        );
      }
    }
    for (const [pgid, cb] of b.pgs) {
      const pool = parsePgid(pgid)?.pool ?? -1;
      if (changedPools.has(pool)) continue;
      const ca = a.pgs.get(pgid);
      if (ca === undefined) {
        appeared.add(pgid);
        continue;
      }
      const r = intervalRate(ca, cb, dt, a.timeMs);
      if (r.reset) resets++;
      rates.set(pgid, r);
    }
    for (const pool of changedPools) ancestorRates(a, b, pool, dt, rates);
    const alpha = 1 - 2 ** (-dt / opts.halfLifeS);
    for (const [pgid, r] of rates) {
      const s = smooth.get(pgid);
      if (s === undefined) smooth.set(pgid, { ...r });
      else smooth.set(pgid, { ops: s.ops + alpha * (r.ops - s.ops), bytes: s.bytes + alpha * (r.bytes - s.bytes) });
    }
  }
  if (resets > 0)
    notes.push(
      `${resets} time(s) a PG's read counters restarted (primary change, re-peering or OSD restart): its reads since the restart were counted over the time since it`,
    );
  const gone = [...appeared].filter((p) => !smooth.has(p));
  if (gone.length > 0)
    notes.push(`${gone.length} PG(s) appeared only in the last sample (e.g. ${gone[0]}): no heat yet`);
  return {
    metric: opts.metric,
    heat: metricOf(smooth, opts.metric),
    windowS: samples.length > 1 ? (samples[samples.length - 1]!.timeMs - samples[0]!.timeMs) / 1000 : 0,
    intervals: samples.length - 1,
    notes,
  };
}

/**
 * How long after a PG's reads a sample shows them at the latest: the OSDs publish changed PG stats every 5 s
 * (`last_fresh` moves then). A PG whose `last_fresh` is older than that at a sample had no reads it had not published.
 */
const PUBLISH_S = 5;

function intervalRate(a: PgReadCounters, b: PgReadCounters, dt: number, aTimeMs: number): Rate & { reset: boolean } {
  // Measured on Reef 18.2.7: the counters restart at 0 when the PG gets a new primary (pg-upmap-primary, or its
  // primary going down and up again); a replica going down re-peers the PG (new last_became_active) but keeps them.
  const restarted = b.numRead < a.numRead || b.numReadKb < a.numReadKb || b.actingPrimary !== a.actingPrimary;
  if (restarted) {
    const inside = b.becameActiveMs !== undefined && b.freshMs !== undefined && b.becameActiveMs > (a.freshMs ?? 0);
    const since = inside ? (b.freshMs! - b.becameActiveMs!) / 1000 : dt;
    const d = since > 0 ? Math.min(since, dt) : dt;
    return { ops: b.numRead / d, bytes: (b.numReadKb * 1024) / d, reset: true };
  }
  // The counts are exact at each sample's last_fresh, so the reads fell between the two. A PG idle at the first
  // sample (last_fresh long before it) cannot have read before the sample minus PUBLISH_S: counting from its old
  // last_fresh would spread a burst of reads over the idle time too, and make a PG that was idle before look
  // cooler than one that was busy all along (measured: a plan from such rates put 32% of the reads on one OSD).
  const from = a.freshMs === undefined ? undefined : Math.min(aTimeMs, Math.max(a.freshMs, aTimeMs - PUBLISH_S * 1000));
  const own = from !== undefined && b.freshMs !== undefined ? (b.freshMs - from) / 1000 : 0;
  const d = own > 0 ? own : dt;
  return { ops: (b.numRead - a.numRead) / d, bytes: ((b.numReadKb - a.numReadKb) * 1024) / d, reset: false };
}

/** pg_num changed in `pool`: rates of the common ancestors, shared evenly among the PGs of `b`. */
function ancestorRates(a: HeatSample, b: HeatSample, pool: number, dt: number, out: Map<string, Rate>): void {
  const na = a.pgNum.get(pool)!;
  const nb = b.pgNum.get(pool)!;
  const small = Math.min(na, nb);
  let mask = 1;
  while (mask < small) mask <<= 1;
  mask -= 1;
  const sums = (s: HeatSample) => {
    const m = new Map<number, { ops: number; kb: number }>();
    for (const [pgid, c] of s.pgs) {
      const id = parsePgid(pgid);
      if (id === undefined || id.pool !== pool) continue;
      const anc = stableMod(id.ps, small, mask);
      const e = m.get(anc) ?? { ops: 0, kb: 0 };
      e.ops += c.numRead;
      e.kb += c.numReadKb;
      m.set(anc, e);
    }
    return m;
  };
  const sa = sums(a);
  const sb = sums(b);
  const children = new Map<number, string[]>();
  for (const pgid of b.pgs.keys()) {
    const id = parsePgid(pgid);
    if (id === undefined || id.pool !== pool) continue;
    const anc = stableMod(id.ps, small, mask);
    children.set(anc, [...(children.get(anc) ?? []), pgid]);
  }
  for (const [anc, kids] of children) {
    const x = sb.get(anc) ?? { ops: 0, kb: 0 };
    const y = sa.get(anc) ?? { ops: 0, kb: 0 };
    const dOps = x.ops >= y.ops ? x.ops - y.ops : x.ops;
    const dKb = x.kb >= y.kb ? x.kb - y.kb : x.kb;
    for (const k of kids) out.set(k, { ops: dOps / dt / kids.length, bytes: (dKb * 1024) / dt / kids.length });
  }
}

function metricOf(smooth: Map<string, Rate>, metric: HeatMetric): Map<string, number> {
  const out = new Map<string, number>();
  let ops = 0;
  let bytes = 0;
  for (const r of smooth.values()) {
    ops += r.ops;
    bytes += r.bytes;
  }
  const perOp = ops > 0 ? bytes / ops : 0;
  for (const [pgid, r] of smooth) {
    const v =
      metric === 'ops' ? r.ops : metric === 'bytes' ? r.bytes : perOp > 0 ? (r.ops + r.bytes / perOp) / 2 : r.ops;
    out.set(pgid, Math.max(0, v));
  }
  return out;
}
