/** How to reach a cluster: the `ceph` CLI's own connection flags, a command prefix, a transport and a timeout. */
export interface ConnectionOptions {
  /** `--conf`: ceph.conf path (default: Ceph's own search, CEPH_CONF, CEPH_ARGS). */
  conf?: string;
  /** `--name client.x` (or `--id x`, turned into a name). */
  name?: string;
  keyring?: string;
  cluster?: string;
  /** `--via`: argv prefix the helper and the CLI run through (`cephadm shell --`, `kubectl exec -i ... --`). */
  via: string[];
  transport: 'auto' | 'rados' | 'cli';
  /** Seconds for connecting and for each command. */
  timeoutSec: number;
  /** Commands in flight at once through the CLI fallback. */
  cliParallel: number;
}

/** The connection flags as `ceph` CLI arguments (also used for the CLI fallback). */
export function cephCliConnectionArgs(c: ConnectionOptions): string[] {
  const out: string[] = [];
  if (c.conf !== undefined) out.push('--conf', c.conf);
  if (c.name !== undefined) out.push('--name', c.name);
  if (c.keyring !== undefined) out.push('--keyring', c.keyring);
  if (c.cluster !== undefined) out.push('--cluster', c.cluster);
  return out;
}
