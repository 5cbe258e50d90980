/**
 * The primary-affinity optimiser: per-OSD affinity values (16.16, 0..0x10000) that lower the busiest OSD's share of
 * primaries in every pool at once, exact in its predictions (affinity-pgs.ts reproduces Ceph's choice per PG) and
 * incremental (a value change re-evaluates only the PGs of that OSD).
 *
 * Local search on a smooth potential Φ = Σ_pools Σ_osds (primaries / pool mean share)^4, which is dominated by the
 * hot spots: each step takes the best of a few moves (lower a hot OSD's value just below the draws of the PGs it
 * leads, so it rejects 1, 2, ... of them; raise a lowered OSD to take some back) and stops when no move lowers Φ.
 * Then each changed OSD is put back to its old value when that does not worsen the figures (fewest OSDs changed),
 * and the result is kept only if it beats the current values (never worse than the cluster as it is).
 */
import { type AffinityPgs, primaryUnder } from './affinity-pgs.js';

const ONE = 0x10000;
const HOT = 16;
const STEPS_PER_OSD = 12;

export interface AffinityFigures {
  /** Largest primaries / mean share over pools and OSDs (Ceph's score when affinities are 1). */
  worst: number;
  /** Σ over pools of the busiest OSD's primaries. */
  sumMax: number;
}

export interface AffinityResult {
  affinity: Uint32Array;
  primary: Int32Array;
  before: AffinityFigures;
  after: AffinityFigures;
  changed: number[];
}

class State {
  readonly counts: Float64Array;
  readonly mean: Float64Array;
  readonly primary: Int32Array;
  /** Per pool: the busiest OSD's primaries with the current values; no move may take any OSD above it. */
  cap: Float64Array = new Float64Array(0);

  constructor(
    readonly m: AffinityPgs,
    readonly aff: Uint32Array,
  ) {
    const pools = m.poolIds.length;
    this.counts = new Float64Array(pools * m.osdCount);
    this.primary = new Int32Array(m.poolOf.length);
    const eligible = new Uint8Array(pools * m.osdCount);
    const pgs = new Float64Array(pools);
    for (let pg = 0; pg < m.poolOf.length; pg++) {
      const k = m.poolOf[pg] as number;
      const p = primaryUnder(m, pg, aff);
      this.primary[pg] = p;
      pgs[k]!++;
      if (p >= 0) this.counts[k * m.osdCount + p]!++;
      if (p >= 0) eligible[k * m.osdCount + p] = 1;
      for (let i = m.memberStart[pg] as number; i < (m.memberStart[pg + 1] as number); i++)
        eligible[k * m.osdCount + (m.member[i] as number)] = 1;
    }
    this.mean = new Float64Array(pools);
    for (let k = 0; k < pools; k++) {
      let n = 0;
      for (let o = 0; o < m.osdCount; o++) n += eligible[k * m.osdCount + o] as number;
      this.mean[k] = n > 0 && (pgs[k] as number) > 0 ? (pgs[k] as number) / n : 1;
    }
  }

  weight(cell: number, c: number): number {
    const r = c / (this.mean[Math.floor(cell / this.m.osdCount)] as number);
    return r * r * r * r;
  }

  /** Scratch for evaluate: per cell its pending change, and the cells touched. */
  private diff = new Float64Array(0);
  private readonly cells: number[] = [];

  /** Φ change and the primaries that change if OSD `o` takes value `v` (nothing is modified). */
  evaluate(o: number, v: number): { delta: number; moves: Array<[number, number]> } {
    const { m, aff } = this;
    if (this.diff.length !== this.counts.length) this.diff = new Float64Array(this.counts.length);
    const diff = this.diff;
    const old = aff[o] as number;
    aff[o] = v;
    const moves: Array<[number, number]> = [];
    const cells = this.cells;
    cells.length = 0;
    for (const pg of m.pgsOf[o] ?? []) {
      const p = primaryUnder(m, pg, aff);
      const was = this.primary[pg] as number;
      if (p === was) continue;
      moves.push([pg, p]);
      const base = (m.poolOf[pg] as number) * m.osdCount;
      if (was >= 0) {
        if (diff[base + was] === 0) cells.push(base + was);
        diff[base + was]!--;
      }
      if (p >= 0) {
        if (diff[base + p] === 0) cells.push(base + p);
        diff[base + p]!++;
      }
    }
    aff[o] = old;
    let delta = 0;
    for (const cell of cells) {
      const d = diff[cell] as number;
      diff[cell] = 0;
      if (delta === Infinity || d === 0) continue;
      const c = this.counts[cell] as number;
      if (d > 0 && c + d > (this.cap[Math.floor(cell / m.osdCount)] ?? Infinity)) delta = Infinity;
      else delta += this.weight(cell, c + d) - this.weight(cell, c);
    }
    return { delta, moves };
  }

  /** The OSD's largest primaries / mean share over pools. */
  heat(o: number): number {
    let h = 0;
    for (let k = 0; k < this.mean.length; k++)
      h = Math.max(h, (this.counts[k * this.m.osdCount + o] as number) / (this.mean[k] as number));
    return h;
  }

  apply(o: number, v: number, moves: Array<[number, number]>): void {
    this.aff[o] = v;
    for (const [pg, p] of moves) {
      const base = (this.m.poolOf[pg] as number) * this.m.osdCount;
      const was = this.primary[pg] as number;
      if (was >= 0) this.counts[base + was]!--;
      if (p >= 0) this.counts[base + p]!++;
      this.primary[pg] = p;
    }
  }

  /** Per pool, the busiest OSD's primaries. */
  maxima(): Float64Array {
    const n = this.m.osdCount;
    const out = new Float64Array(this.mean.length);
    for (let k = 0; k < out.length; k++)
      for (let o = 0; o < n; o++) out[k] = Math.max(out[k] as number, this.counts[k * n + o] as number);
    return out;
  }

  figures(): AffinityFigures {
    const n = this.m.osdCount;
    let worst = 0;
    let sumMax = 0;
    for (let k = 0; k < this.mean.length; k++) {
      let max = 0;
      for (let o = 0; o < n; o++) max = Math.max(max, this.counts[k * n + o] as number);
      sumMax += max;
      worst = Math.max(worst, max / (this.mean[k] as number));
    }
    return { worst, sumMax };
  }

  /** The hottest (pool, OSD) cells, hottest first (one pass, a small sorted list). */
  hot(limit: number): number[] {
    const n = this.m.osdCount;
    const top: Array<[number, number]> = [];
    for (let cell = 0; cell < this.counts.length; cell++) {
      const c = this.counts[cell] as number;
      if (c === 0) continue;
      const r = c / (this.mean[Math.floor(cell / n)] as number);
      if (top.length === limit && r <= (top[limit - 1] as [number, number])[1]) continue;
      let i = top.length;
      while (i > 0 && (top[i - 1] as [number, number])[1] < r) i--;
      top.splice(i, 0, [cell, r]);
      if (top.length > limit) top.pop();
    }
    return top.map(([cell]) => cell);
  }
}

export function better(a: AffinityFigures, b: AffinityFigures): boolean {
  if (a.worst < b.worst - 1e-9) return true;
  return Math.abs(a.worst - b.worst) <= 1e-9 && a.sumMax < b.sumMax;
}

/** Values to try for OSD `o`: just below the draws of the PGs of `pool` it leads (reject 1, 2, ... of them). */
function lowerings(s: State, o: number, pool: number): number[] {
  const { m, aff } = s;
  const draws = new Set<number>();
  for (const pg of m.pgsOf[o] ?? []) {
    if (s.primary[pg] !== o || m.poolOf[pg] !== pool) continue;
    for (let i = m.memberStart[pg] as number; i < (m.memberStart[pg + 1] as number); i++)
      if (m.member[i] === o && (m.draw[i] as number) < (aff[o] as number)) draws.add(m.draw[i] as number);
  }
  return [...draws].sort((a, b) => b - a).slice(0, STEPS_PER_OSD);
}

/** Values to try to give a lowered OSD some PGs back: just above the next draws, and 1.0. */
function raisings(s: State, o: number): number[] {
  const { m, aff } = s;
  const draws = new Set<number>();
  for (const pg of m.pgsOf[o] ?? []) {
    for (let i = m.memberStart[pg] as number; i < (m.memberStart[pg + 1] as number); i++)
      if (m.member[i] === o && (m.draw[i] as number) >= (aff[o] as number)) draws.add((m.draw[i] as number) + 1);
  }
  return [...[...draws].sort((a, b) => a - b).slice(0, 2), ONE];
}

/** Local search from the current values, then fewest changed OSDs; see the file comment. True if anything changed. */
function descend(s: State, start: Uint32Array, maxSteps: number, touched: Set<number>): boolean {
  const m = s.m;
  let moved = false;
  for (let step = 0; step < maxSteps; step++) {
    // first improvement, hottest first: the best value for the hottest OSD that has an improving one; else give some
    // PGs back to the coldest lowered OSDs (a bounded few: every step stays cheap on 1,000s of OSDs)
    const pick = (o: number, values: number[]) => {
      let best: { o: number; v: number; delta: number; moves: Array<[number, number]> } | undefined;
      for (const v of values) {
        if (v === s.aff[o]) continue;
        const e = s.evaluate(o, v);
        if (e.delta < -1e-9 && (best === undefined || e.delta < best.delta)) best = { o, v, ...e };
      }
      return best;
    };
    let chosen: ReturnType<typeof pick>;
    for (const cell of s.hot(HOT)) {
      chosen = pick(cell % m.osdCount, lowerings(s, cell % m.osdCount, Math.floor(cell / m.osdCount)));
      if (chosen) break;
    }
    if (!chosen) {
      const lowered = [...touched].filter((o) => (s.aff[o] as number) < ONE);
      const coldest = lowered.length <= HOT ? lowered : lowered.sort((a, b) => s.heat(a) - s.heat(b)).slice(0, HOT);
      for (const o of coldest) {
        chosen = pick(o, raisings(s, o));
        if (chosen) break;
      }
    }
    if (!chosen) break;
    s.apply(chosen.o, chosen.v, chosen.moves);
    touched.add(chosen.o);
    moved = true;
  }
  // fewest OSDs changed: put values back where that does not worsen the figures
  for (const o of [...touched].sort((a, b) => a - b)) {
    if (s.aff[o] === start[o]) continue;
    const now = s.figures();
    const keep = s.aff[o] as number;
    const e = s.evaluate(o, start[o] as number);
    if (e.delta === Infinity) continue;
    s.apply(o, start[o] as number, e.moves);
    if (better(now, s.figures())) s.apply(o, keep, s.evaluate(o, keep).moves);
    else moved = true;
  }
  return moved;
}

function improveOnce(m: AffinityPgs, current: Uint32Array, maxSteps: number): AffinityResult {
  const start = Uint32Array.from(current);
  const s = new State(m, Uint32Array.from(current));
  s.cap = s.maxima();
  const before = s.figures();
  const touched = new Set<number>();
  // a few rounds until nothing moves: re-planning from the result then finds nothing to do
  for (let round = 0; round < 8 && descend(s, start, maxSteps, touched); round++);
  const after = s.figures();
  if (!better(after, before)) {
    const back = new State(m, start);
    return { affinity: start, primary: back.primary, before, after: before, changed: [] };
  }
  const changed: number[] = [];
  for (let o = 0; o < m.osdCount; o++) if (s.aff[o] !== start[o]) changed.push(o);
  return { affinity: s.aff, primary: s.primary, before, after, changed };
}

/**
 * The optimiser: improve until a pass from its own result finds nothing (each pass strictly improves the figures, so
 * this ends), which makes re-planning the applied result empty. `changed` is against `current`.
 */
export function optimiseAffinity(m: AffinityPgs, current: Uint32Array, maxSteps = 40 * m.osdCount): AffinityResult {
  let r = improveOnce(m, current, maxSteps);
  const before = r.before;
  for (let pass = 0; pass < 16 && r.changed.length > 0; pass++) {
    const next = improveOnce(m, r.affinity, maxSteps);
    if (next.changed.length === 0) break;
    r = next;
  }
  const changed: number[] = [];
  for (let o = 0; o < m.osdCount; o++) if (r.affinity[o] !== current[o]) changed.push(o);
  return { ...r, before, changed };
}
