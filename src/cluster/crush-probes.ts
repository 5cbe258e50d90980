/**
 * What CRUSH read while mapping each PG of a pool that a later epoch can change: the OSDs whose reweight it read,
 * and its straw2 choices. CRUSH reads the reweight vector in one place only, is_out, on the devices a descent lands
 * on (accepted or rejected); a PG whose mapping read none of the OSDs whose reweight changed takes exactly the same
 * steps again and gets the same output. So a reweight, `ceph osd out` or `in` remaps only the PGs that probed those
 * OSDs (a few hundred of 320,000 for one OSD), not every PG. Likewise a CRUSH map whose only change is straw2 item
 * weights (`ceph osd crush reweight`) gives a PG the same output when each of its choices in a reweighted bucket is
 * drawn the same again (crush/straw2-choice-kept.ts): a few hashes per PG instead of its whole descent.
 */
import { type ChoiceLayout, readChoice } from '../crush/choice-record.js';
import { straw2ChoiceKept, type Straw2Reweighted } from '../crush/straw2-choice-kept.js';

/**
 * Per PG, in compressed rows: PG ps read osds[start[ps]] .. osds[start[ps + 1] − 1] in order: a device id (≥ 0)
 * whose reweight was read, or a straw2 choice (< 0, crush/choice-record.ts).
 */
export interface PoolProbes {
  start: Int32Array;
  osds: Int32Array;
}

/** Builds a pool's PoolProbes, PG after PG in ps order. */
export class ProbesBuilder {
  private osds = new Int32Array(1024);
  private n = 0;
  private ps = 0;
  private readonly start: Int32Array;

  constructor(readonly pgNum: number) {
    this.start = new Int32Array(pgNum + 1);
  }

  /** The next PG's probed OSDs. */
  add(list: ArrayLike<number>): void {
    this.addSlice(list, 0, list.length);
  }

  /** The next PG's probed OSDs: src[from] .. src[to − 1] (no view of the source is made). */
  addSlice(src: ArrayLike<number>, from: number, to: number): void {
    if (this.ps >= this.pgNum) throw new Error(`probes: more than ${this.pgNum} PGs added`);
    const len = to - from;
    if (this.n + len > this.osds.length) {
      const bigger = new Int32Array(Math.max(this.osds.length * 2, this.n + len));
      bigger.set(this.osds.subarray(0, this.n));
      this.osds = bigger;
    }
    for (let i = from; i < to; i++) this.osds[this.n++] = src[i]!;
    this.start[++this.ps] = this.n;
  }

  /** The next PG's probed OSDs: those PG `ps` of `from` probed. */
  addFrom(from: PoolProbes, ps: number): void {
    this.addSlice(from.osds, from.start[ps]!, from.start[ps + 1]!);
  }

  finish(): PoolProbes {
    if (this.ps !== this.pgNum) throw new Error(`probes: ${this.ps} of ${this.pgNum} PGs added`);
    return { start: this.start, osds: this.osds.slice(0, this.n) };
  }
}

/** Whether PG `ps` probed an OSD marked in `changed` (indexed by OSD id). */
export function probedAny(p: PoolProbes, ps: number, changed: Uint8Array): boolean {
  const row = p.osds;
  for (let i = p.start[ps] as number; i < (p.start[ps + 1] as number); i++) {
    const v = row[i]!;
    if (v >= 0 && changed[v]) return true;
  }
  return false;
}

const choice = { bucket: 0, r: 0, pos: 0 };

/**
 * Whether every straw2 choice PG `ps` (placement seed x) made in a reweighted bucket is drawn the same again
 * (`reweighted`: per bucket index, crush/crush-weight-change.ts; `layout`: the records' layout, the same for the
 * old and the new map); then its CRUSH output is the same.
 */
export function choicesKept(
  p: PoolProbes,
  ps: number,
  x: number,
  reweighted: readonly (Straw2Reweighted | undefined)[],
  layout: ChoiceLayout,
): boolean {
  const row = p.osds;
  for (let i = p.start[ps] as number; i < (p.start[ps + 1] as number); i++) {
    const v = row[i]!;
    if (v >= 0) continue;
    readChoice(layout, v, choice);
    if (choice.r < 0) return false;
    const rw = reweighted[choice.bucket];
    if (rw !== undefined && !straw2ChoiceKept(rw, x | 0, choice.r, choice.pos)) return false;
  }
  return true;
}

/** The OSDs whose reweight differs between two reweight vectors of the same length, as a mark per OSD id. */
export function changedReweights(a: ArrayLike<number>, b: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(Math.max(a.length, b.length));
  for (let o = 0; o < out.length; o++) if (a[o] !== b[o]) out[o] = 1;
  return out;
}
