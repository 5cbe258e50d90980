import type { AffinityOp } from '../balance/affinity-plan.js';
import type { PrimaryOp } from '../balance/primary-op.js';
import { cephCliWords } from './command-args.js';

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

/** The one encoding of an affinity op as a ceph command (arguments after `ceph`). */
export function affinityOpArgs(op: AffinityOp): string[] {
  return ['osd', 'primary-affinity', `osd.${op.osd}`, affinityValueText(op.to)];
}
