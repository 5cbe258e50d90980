import { clusterError } from '../errors.js';
import { CliTransport } from './cli-transport.js';
import type { ConnectionOptions } from './connection-options.js';
import { type HelperStartError, RadosTransport } from './rados-transport.js';
import type { CephTransport } from './transport.js';

/**
 * Connects with the transport asked for; `auto` starts the python3-rados helper and falls back to the `ceph` CLI
 * only when python3-rados (or python) is missing, never when the cluster itself cannot be reached.
 * `note` receives one line saying which transport is used.
 */
export async function connectCeph(
  c: ConnectionOptions,
  note: (line: string) => void = () => {},
): Promise<CephTransport> {
  const subject = c.via.length > 0 ? `--via ${c.via.join(' ')}` : 'cluster';
  if (c.transport === 'cli') return cliChecked(c, subject);
  try {
    return await RadosTransport.start(c);
  } catch (err) {
    const e = err as HelperStartError;
    const missing = e.reason === 'no-rados' || /status 127|not found/.test(e.message);
    if (c.transport === 'auto' && missing) {
      note(`python3-rados not usable (${e.message}); using the ceph CLI (slower, one process per command)`);
      return cliChecked(c, subject);
    }
    throw clusterError(subject, `${e.message}; check --via, --conf, --name/--keyring and that the monitors are up`);
  }
}

async function cliChecked(c: ConnectionOptions, subject: string): Promise<CephTransport> {
  const t = new CliTransport(c);
  const r = await t.command('mon', { prefix: 'fsid', format: 'json' });
  if (r.rc !== 0) throw clusterError(subject, `ceph fsid failed: ${r.status}; check the connection flags`);
  try {
    t.fsid = (JSON.parse(r.out) as { fsid: string }).fsid;
  } catch {
    throw clusterError(subject, `ceph fsid printed no JSON; is '${c.via.join(' ')} ceph' the Ceph CLI?`);
  }
  return t;
}
