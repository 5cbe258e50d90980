/**
 * The one interface to a cluster: a command to a monitor, the manager or an OSD, with a reply or a typed error.
 * A reply with a non-zero rc (the cluster refused) is a value; a transport failure (unreachable, timeout, dead
 * helper) is a clusterError. Implementations: rados-transport.ts (persistent python3-rados helper) and
 * cli-transport.ts (the `ceph` CLI); connect.ts picks one.
 */

/** A command in Ceph's JSON form (`{"prefix":"osd dump","format":"json"}`), as librados and the monitor take it. */
export type CephCommand = { prefix: string } & Record<string, unknown>;

export type CephTarget = 'mon' | 'mgr' | { osd: number };

export interface CephReply {
  /** 0 on success, a negative errno when the cluster refused (librados convention; the CLI's exit status negated). */
  rc: number;
  /** The command's output (JSON text when `format: json` was asked). */
  out: string;
  /** The status line (`change primary for pg 2.0 to osd.2`, `Error EINVAL: ...`). */
  status: string;
}

export interface CephTransport {
  readonly kind: 'rados' | 'cli';
  /** The fsid of the cluster connected to ('' when not known yet). */
  readonly fsid: string;
  /** Sends one command; commands not awaited before the next is sent are in flight concurrently. */
  command(target: CephTarget, cmd: CephCommand): Promise<CephReply>;
  /** Sends monitor commands so that they reach the monitor together (one osdmap epoch); replies in order. */
  batch(cmds: readonly CephCommand[]): Promise<CephReply[]>;
  close(): Promise<void>;
}

export function targetName(target: CephTarget): string {
  return typeof target === 'string' ? target : `osd.${target.osd}`;
}
