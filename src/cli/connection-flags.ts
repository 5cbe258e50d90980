import { type Command, Option } from 'commander';
import { usageError } from '../errors.js';
import type { ConnectionOptions } from '../transport/connection-options.js';
import { splitArgv } from '../transport/split-argv.js';
import type { CephTransport } from '../transport/transport.js';

export interface ConnectionFlags {
  conf?: string;
  id?: string;
  name?: string;
  keyring?: string;
  cluster?: string;
  via?: string;
  transport: 'auto' | 'rados' | 'cli';
  timeout: string;
}

/** The `ceph` CLI's connection flags (CEPH_ARGS is honoured too), plus --via, --transport and --timeout. */
export function connectionFlags(cmd: Command): Command {
  return cmd
    .option('--conf <file>', 'ceph.conf of the cluster (default: as the ceph CLI finds it)')
    .option('--id <id>', 'client id (client.<id>)')
    .option('--name <name>', 'client name (client.admin)')
    .option('--keyring <file>', 'keyring of the client')
    .option('--cluster <name>', 'cluster name (ceph)')
    .option('--via <prefix>', "run python3/ceph through this command prefix, e.g. 'cephadm shell --'")
    .addOption(
      new Option('--transport <kind>', 'rados: python3-rados helper; cli: one ceph process per command')
        .choices(['auto', 'rados', 'cli'])
        .default('auto'),
    )
    .option('--timeout <seconds>', 'for connecting and for each command', '30');
}

export function connectionOptions(f: ConnectionFlags): ConnectionOptions {
  if (!/^\d+(\.\d+)?$/.test(f.timeout) || Number(f.timeout) <= 0)
    throw usageError('--timeout', `expected a positive number of seconds, got '${f.timeout}'`);
  if (f.id !== undefined && f.name !== undefined) throw usageError('--id', 'give --id or --name, not both');
  const name = f.name ?? (f.id !== undefined ? `client.${f.id}` : undefined);
  return {
    ...(f.conf !== undefined ? { conf: f.conf } : {}),
    ...(name !== undefined ? { name } : {}),
    ...(f.keyring !== undefined ? { keyring: f.keyring } : {}),
    ...(f.cluster !== undefined ? { cluster: f.cluster } : {}),
    via: f.via === undefined ? [] : splitArgv(f.via),
    transport: f.transport,
    timeoutSec: Number(f.timeout),
    cliParallel: 8,
  };
}

/**
 * Connects with the command's flags; says on stderr when the CLI fallback is used. The transport is loaded here,
 * when a command talks to a cluster: commands on dump files start without it.
 */
export async function connectWith(f: ConnectionFlags): Promise<CephTransport> {
  const { connectCeph } = await import('../transport/connect.js');
  return connectCeph(connectionOptions(f), (line) => process.stderr.write(`loadshift: ${line}\n`));
}
