import { clusterError } from '../errors.js';
import { targetName, type CephCommand, type CephTarget, type CephTransport } from './transport.js';

/** Sends a command with `format: json` and parses its output; a refusal or non-JSON output is a clusterError. */
export async function cephJson(t: CephTransport, target: CephTarget, cmd: CephCommand): Promise<unknown> {
  const r = await t.command(target, { ...cmd, format: 'json' });
  const what = `ceph ${target === 'mon' ? '' : `${targetName(target)} `}${cmd.prefix}`;
  if (r.rc !== 0) throw clusterError(what, `refused: ${r.status}; check the cluster's state and permissions`);
  try {
    return JSON.parse(r.out);
  } catch {
    throw clusterError(
      what,
      `did not reply JSON (${r.out.slice(0, 60).trim() || 'empty'}); is this a Reef or later cluster?`,
    );
  }
}
