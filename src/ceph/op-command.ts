import type { AffinityOp } from '../balance/affinity-plan.js';
import type { PrimaryOp } from '../balance/primary-op.js';
import { CephFloat, cephCliWords } from './command-args.js';

/** The one encoding of an op as a monitor command, in Ceph's JSON form (what librados sends). */
export function opMonCommand(op: PrimaryOp): { prefix: string; pgid: string; id?: number } {
  return op.op === 'set'
    ? { prefix: 'osd pg-upmap-primary', pgid: op.pgid, id: op.osd }
    : { prefix: 'osd rm-pg-upmap-primary', pgid: op.pgid };
}

/** The same command as `ceph` CLI arguments (after `ceph`). */
export function opArgs(op: PrimaryOp): string[] {
  return cephCliWords(opMonCommand(op));
}

/** The op as one shell line, as `osdmaptool --read` writes them. */
export function opShellLine(op: PrimaryOp, prefix = 'ceph'): string {
  return [prefix, ...opArgs(op)].join(' ');
}

/** What the monitor answers when it accepted the op (Reef 18.2.7). */
export function opAcceptedStatus(op: PrimaryOp): string {
  return op.op === 'set'
    ? `change primary for pg ${op.pgid} to osd.${op.osd}`
    : `clear ${op.pgid} pg_upmap_primary mapping`;
}

/**
 * A 16.16 affinity as the decimal `ceph osd primary-affinity` reads back to exactly that value: the monitor keeps
 * trunc(x * 0x10000), and v / 0x10000 prints (shortest round trip) as a decimal that parses to the same double.
 */
export function affinityValueText(v: number): string {
  return String(v / 0x10000);
}

/**
 * The one encoding of an affinity op as a monitor command: `id` is the OSD number (a CephOsdName travels as its
 * integer; the monitor answers "bad or missing field 'id'" to `"osd.3"`), `weight` the decimal of affinityValueText
 * sent as a JSON real (1.0, not 1).
 */
export function affinityMonCommand(op: Pick<AffinityOp, 'osd' | 'to'>): {
  prefix: string;
  id: number;
  weight: CephFloat;
} {
  return { prefix: 'osd primary-affinity', id: op.osd, weight: new CephFloat(Number(affinityValueText(op.to))) };
}

/** The same command as `ceph` CLI arguments (after `ceph`), with the OSD named `osd.N` as operators write it. */
export function affinityOpArgs(op: Pick<AffinityOp, 'osd' | 'to'>): string[] {
  const words = cephCliWords(affinityMonCommand(op)); // osd primary-affinity <id> <weight>
  return [...words.slice(0, 2), `osd.${op.osd}`, ...words.slice(3)];
}
