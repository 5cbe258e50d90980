/**
 * A simulated cluster behind the transport interface, built from a snapshot file (`loadshift gather`): it answers
 * the commands a gather, an apply and the watch daemon send from the snapshot's recorded replies, and it accepts
 * `osd pg-upmap-primary` / `rm-pg-upmap-primary` as the monitor does (the entry changes; each batch, or each single
 * command, is one new osdmap epoch; a target outside the acting set is refused with the monitor's words). `pg map`
 * is answered with the exact placement model. For benchmarks and replay tests; never a stand-in for a real reply
 * the snapshot does not hold (such a command is refused with ENOTSUP).
 */
import { CephFloat } from '../ceph/command-args.js';
import { parseCrushMap } from '../ceph/read-crush.js';
import { parseOsdMap } from '../ceph/read-osdmap.js';
import type { Snapshot } from '../ceph/snapshot-file.js';
import { parsePgid, type OsdMap } from '../cluster/osdmap.js';
import { mapPg } from '../cluster/pg-mapping.js';
import type { CrushMap } from '../crush/types.js';
import type { CephCommand, CephReply, CephTarget, CephTransport } from './transport.js';

type Obj = Record<string, unknown>;

export class ReplayTransport implements CephTransport {
  readonly kind = 'rados' as const;
  readonly fsid: string;
  private osdDump: Obj;
  private parsed: { epoch: number; osdmap: OsdMap } | undefined;
  private crushDump: Obj;
  private crush: CrushMap;
  /** Every mutating command received, in order (what a test or bench checks). */
  readonly sent: CephCommand[] = [];

  constructor(private readonly snap: Snapshot) {
    this.fsid = snap.fsid;
    this.osdDump = structuredClone(snap.osd_dump);
    this.crushDump = structuredClone(snap.osd_crush_dump);
    this.crush = parseCrushMap(this.crushDump, 'replay (osd_crush_dump)');
  }

  get epoch(): number {
    return this.osdDump.epoch as number;
  }

  /** Changes the osdmap as an outside actor would (a new epoch): for tests and benches. */
  mutate(f: (osdDump: Obj) => void): void {
    f(this.osdDump);
    this.osdDump.epoch = this.epoch + 1;
  }

  /** Changes the CRUSH map as an outside actor would (`ceph osd crush reweight` ...: a new epoch). */
  mutateCrush(f: (crushDump: Obj) => void): void {
    f(this.crushDump);
    this.crush = parseCrushMap(this.crushDump, 'replay (osd_crush_dump)');
    this.osdDump.epoch = this.epoch + 1;
  }

  private osdmap(): OsdMap {
    if (this.parsed?.epoch !== this.epoch)
      this.parsed = { epoch: this.epoch, osdmap: parseOsdMap(this.osdDump, 'replay (osd_dump)') };
    return this.parsed.osdmap;
  }

  async command(target: CephTarget, cmd: CephCommand): Promise<CephReply> {
    const mutating = MUTATING.has(cmd.prefix);
    if (!mutating) return this.read(target, cmd);
    const [r] = await this.batch([cmd]);
    return r as CephReply;
  }

  async batch(cmds: readonly CephCommand[]): Promise<CephReply[]> {
    if (cmds.some((c) => c.prefix === 'osd primary-affinity')) return this.affinity(cmds);
    const om = this.osdmap();
    const entries = new Map(
      ((this.osdDump.pg_upmap_primaries as Array<{ pgid: string; primary_osd: number }>) ?? []).map((e) => [
        e.pgid,
        e.primary_osd,
      ]),
    );
    const replies = cmds.map((c) => this.upmap(om, entries, c));
    if (replies.some((r) => r.rc === 0))
      this.mutate((d) => {
        d.pg_upmap_primaries = [...entries].map(([pgid, primary_osd]) => ({ pgid, primary_osd }));
      });
    return replies;
  }

  /** `osd primary-affinity`: the monitor stores trunc(weight × 0x10000); `osd dump` shows it as a fraction. */
  private affinity(cmds: readonly CephCommand[]): CephReply[] {
    const osds = (this.osdDump.osds ?? []) as Array<{ osd: number; primary_affinity?: number }>;
    const set = new Map<number, number>();
    const replies = cmds.map((c): CephReply => {
      this.sent.push(c);
      const w = c.weight instanceof CephFloat ? c.weight.value : Number(c.weight);
      const osd = Number(c.id);
      if (c.prefix !== 'osd primary-affinity' || !osds.some((o) => o.osd === osd) || !(w >= 0 && w <= 1))
        return { rc: -22, out: '', status: `Error EINVAL: bad or missing field 'id' or 'weight'` };
      set.set(osd, Math.trunc(w * 0x10000) / 0x10000);
      return { rc: 0, out: '', status: `set osd.${osd} primary-affinity to ${w}` };
    });
    if (set.size > 0)
      this.mutate((d) => {
        for (const o of d.osds as Array<{ osd: number; primary_affinity?: number }>)
          if (set.has(o.osd)) o.primary_affinity = set.get(o.osd) as number;
      });
    return replies;
  }

  private upmap(om: OsdMap, entries: Map<string, number>, c: CephCommand): CephReply {
    this.sent.push(c);
    const pgid = String(c.pgid);
    const id = parsePgid(pgid);
    const pool = id && om.pools.get(id.pool);
    if (!id || !pool || id.ps >= pool.pgNum)
      return { rc: -2, out: '', status: `Error ENOENT: pgid '${pgid}' does not exist` };
    if (c.prefix === 'osd rm-pg-upmap-primary') {
      entries.delete(pgid);
      return { rc: 0, out: '', status: `clear ${pgid} pg_upmap_primary mapping` };
    }
    const osd = Number(c.id);
    const acting = mapPg(om, this.crush, pool, id.ps).acting;
    if (!acting.includes(osd))
      return { rc: -22, out: '', status: `Error EINVAL: osd.${osd} is not in acting set for pg ${pgid}` };
    entries.set(pgid, osd);
    return { rc: 0, out: '', status: `change primary for pg ${pgid} to osd.${osd}` };
  }

  private read(target: CephTarget, cmd: CephCommand): CephReply {
    const ok = (v: unknown): CephReply => ({ rc: 0, out: JSON.stringify(v), status: '' });
    if (typeof target === 'object') {
      const c = this.snap.osd_perf[String(target.osd)];
      return c
        ? ok({ osd: c })
        : { rc: -95, out: '', status: `Error ENOTSUP: no recorded perf dump of osd.${target.osd}` };
    }
    switch (cmd.prefix) {
      case 'osd dump':
        return ok(this.osdDump);
      case 'osd stat':
        return ok({ epoch: this.epoch, num_osds: 0 });
      case 'osd crush dump':
        return ok(this.crushDump);
      case 'osd pool ls':
        return ok(this.snap.pool_ls_detail);
      case 'pg dump':
        return ok(this.snap.pg_dump);
      case 'features':
        return this.snap.features ? ok(this.snap.features) : this.missing(cmd);
      case 'health':
        return this.snap.health_detail ? ok(this.snap.health_detail) : this.missing(cmd);
      case 'status':
        return ok({ ...(this.snap.status ?? {}), osdmap: { epoch: this.epoch } });
      case 'balancer status':
        return this.snap.balancer_status ? ok(this.snap.balancer_status) : this.missing(cmd);
      case 'pg map': {
        const id = parsePgid(String(cmd.pgid));
        const om = this.osdmap();
        const pool = id && om.pools.get(id.pool);
        if (!id || !pool) return { rc: -2, out: '', status: `Error ENOENT: pgid '${String(cmd.pgid)}' does not exist` };
        const m = mapPg(om, this.crush, pool, id.ps);
        return ok({ epoch: this.epoch, pgid: cmd.pgid, up: m.up, acting: m.acting });
      }
      default:
        return this.missing(cmd);
    }
  }

  private missing(cmd: CephCommand): CephReply {
    return { rc: -95, out: '', status: `Error ENOTSUP: the snapshot holds no reply to '${cmd.prefix}'` };
  }

  async close(): Promise<void> {}
}

const MUTATING = new Set(['osd pg-upmap-primary', 'osd rm-pg-upmap-primary', 'osd primary-affinity']);
