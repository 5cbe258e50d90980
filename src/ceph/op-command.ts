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
