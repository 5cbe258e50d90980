import type { AffinityOp } from '../balance/affinity-plan.js';
import type { PrimaryOp } from '../balance/primary-op.js';

/** The one encoding of an op as a ceph command (arguments after `ceph`). */
export function opArgs(op: PrimaryOp): string[] {
  return op.op === 'set'
    ? ['osd', 'pg-upmap-primary', op.pgid, String(op.osd)]
    : ['osd', 'rm-pg-upmap-primary', op.pgid];
}

/** The op as one shell line, as `osdmaptool --read` writes them. */
export function opShellLine(op: PrimaryOp, prefix = 'ceph'): string {
  return [prefix, ...opArgs(op)].join(' ');
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
