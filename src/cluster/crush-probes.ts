/**
 * Which OSDs' reweights CRUSH read while mapping each PG of a pool. CRUSH reads the reweight vector in one place
 * only, is_out, on the devices a descent lands on (accepted or rejected); a PG whose mapping read none of the OSDs
 * whose reweight changed takes exactly the same steps again and gets the same output. So a reweight, `ceph osd out`
 * or `in` remaps only the PGs that probed those OSDs (a few hundred of 320,000 for one OSD), not every PG.
 */

/** Per PG, in compressed rows: PG ps probed osds[start[ps]] .. osds[start[ps + 1] − 1] (in probe order). */
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
  for (let i = p.start[ps] as number; i < (p.start[ps + 1] as number); i++)
    if (changed[p.osds[i] as number]) return true;
  return false;
}

/** The OSDs whose reweight differs between two reweight vectors of the same length, as a mark per OSD id. */
export function changedReweights(a: ArrayLike<number>, b: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(Math.max(a.length, b.length));
  for (let o = 0; o < out.length; o++) if (a[o] !== b[o]) out[o] = 1;
  return out;
}
