import type { Command } from 'commander';
import { guardError, usageError } from '../errors.js';
import { parseListen } from '../daemon/http-server.js';
import { jsonLog } from '../daemon/json-log.js';
import { builtinPolicySource, filePolicySource, type PolicySource } from '../daemon/policy-source.js';
import { chartLib } from './chart-lib.js';
import { isPolicyFile, loadPolicyFile } from './policy-file-load.js';
import { runWatch } from '../daemon/watch-loop.js';
import { loadWatchState } from '../daemon/watch-state.js';
import { POLICY_NAMES } from '../policy/policy-registry.js';
import { intOption, oneOf, repeatable, single } from './cli-options.js';
import { type ConnectionFlags, connectionFlags, connectWith } from './connection-flags.js';
import { osdCountersOption } from './gather.js';
import { boundHeapGrowth } from './heap-growth.js';
import { loadClusterFrom } from './load-cluster.js';
import { selectPools } from './pool-selection.js';

interface WatchFlags extends ConnectionFlags {
  policy: string;
  interval: string;
  once?: boolean;
  maxChangesPerRound: number;
  minImprovement: string;
  state: string;
  listen?: string;
  adopt?: boolean;
  allowOldClients?: boolean;
  method: 'auto' | 'upmap-primary' | 'affinity';
  latencyOsds: string;
  latencyHistory: number;
  verifyTimeout: string;
  pool: string[];
  excludePool: string[];
}

const DEFAULT_LISTEN = '127.0.0.1:9433';

/** `10s`, `500ms`, `2m`, `1h`, or plain seconds → ms (at least 100 ms). */
export function parseDuration(flag: string, value: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(value);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(m?.[2] ?? 's') as 'ms' | 's' | 'm' | 'h'];
  const ms = m === null ? Number.NaN : Number(m[1]) * unit;
  if (!(ms >= 100))
    throw usageError(flag, `expected a duration like 10s, 500ms or 2m (at least 100ms), got '${value}'`);
  return ms;
}

/** A built-in policy by name, or a policy file (.yaml/.yml or a path), read and checked before connecting. */
async function policySource(value: string): Promise<PolicySource> {
  if (isPolicyFile(value)) return filePolicySource(await loadPolicyFile(value));
  const p = builtinPolicySource(value);
  if (p !== undefined) return p;
  throw usageError(
    '--policy',
    `'${value}' is not a built-in policy (${POLICY_NAMES.filter((n) => n !== 'heat').join(', ')}) nor a policy file (.yaml/.yml)`,
  );
}

export function registerWatch(program: Command): void {
  connectionFlags(
    program
      .command('watch')
      .description(
        'a controller: every interval, gather → policy → engine → bounded, guarded changes (JSON logs on stderr)',
      ),
  )
    .addOption(single('--policy <name|file>', 'a built-in policy (even, ceph, ...) or a policy file').default('even'))
    .addOption(single('--interval <duration>', 'time between rounds (10s, 500ms, 2m)').default('10s'))
    .option('--once', 'run one round and exit (cron, systemd timers)')
    .addOption(
      single(
        '--max-changes-per-round <n>',
        'at most this many primary changes per round, most valuable first',
        intOption('--max-changes-per-round'),
      ).default(50),
    )
    .addOption(
      single(
        '--min-improvement <x>',
        "a pool's changes are made only when its busiest OSD's overload drops by more than this (primaries)",
      ).default('0.5'),
    )
    .addOption(
      single('--state <file>', 'state file: metric history, policy conditions, entries made').default(
        'loadshift-watch-state.json',
      ),
    )
    .addOption(
      single(
        '--listen <addr>',
        `serve /metrics, /healthz, /api/state on HOST:PORT, or 'off' (default ${DEFAULT_LISTEN}; with --once: off)`,
      ),
    )
    .option('--adopt', 'also manage pg_upmap_primaries entries this daemon did not make')
    .option('--allow-old-clients', 'act although kernel or pre-Reef clients are connected (they may hang)')
    .addOption(
      oneOf(
        '--method <method>',
        'auto (primary-affinity values while ceph features shows clients that ignore pg-upmap-primary), upmap-primary, affinity',
        ['auto', 'upmap-primary', 'affinity'],
        'auto',
      ),
    )
    .addOption(
      single(
        '--latency-osds <which>',
        'OSDs whose read latency is read each round: auto (all up to 200), all, none, ids',
      ).default('auto'),
    )
    .addOption(
      single(
        '--latency-history <rounds>',
        'latency rounds kept for the policy',
        intOption('--latency-history'),
      ).default(60),
    )
    .addOption(single('--verify-timeout <seconds>', 'how long a batch may take to show its primaries').default('30'))
    .addOption(repeatable('--pool <id|name>', 'balance only this pool', 'every replicated pool'))
    .addOption(repeatable('--exclude-pool <id|name>', 'leave this pool as it is', 'none'))
    .action(async (f: WatchFlags) => {
      const policy = await policySource(f.policy);
      const intervalMs = parseDuration('--interval', f.interval);
      if (!/^\d+(\.\d+)?$/.test(f.minImprovement))
        throw usageError('--min-improvement', `expected a non-negative number, got '${f.minImprovement}'`);
      if (!/^\d+(\.\d+)?$/.test(f.verifyTimeout))
        throw usageError('--verify-timeout', `expected seconds, got '${f.verifyTimeout}'`);
      if (f.maxChangesPerRound < 1) throw usageError('--max-changes-per-round', 'expected at least 1');
      const listenValue = f.listen ?? (f.once ? 'off' : DEFAULT_LISTEN);
      const listen = listenValue === 'off' ? undefined : parseListen(listenValue);
      const latencyOsds = osdCountersOption(f.latencyOsds, '--latency-osds');
      const state = loadWatchState(f.state);
      boundHeapGrowth();
      const t = await connectWith(f);
      try {
        const summary = await runWatch({
          t,
          map: (docs) => loadClusterFrom(docs, true),
          policy,
          config: {
            method: f.method,
            maxChanges: f.maxChangesPerRound,
            minImprovement: Number(f.minImprovement),
            adopt: f.adopt === true,
            allowOldClients: f.allowOldClients === true,
            latencyOsds,
            verifyTimeoutMs: Number(f.verifyTimeout) * 1000,
            latencyHistory: f.latencyHistory,
            selectPools: (osdmap) =>
              selectPools(osdmap, { include: f.pool, exclude: f.excludePool }, `cluster ${osdmap.fsid}`),
          },
          statePath: f.state,
          state,
          intervalMs,
          once: f.once === true,
          ...(listen ? { listen, chartLib: chartLib() } : {}),
          log: jsonLog(),
        });
        if (f.once) {
          if (summary.lastError !== undefined) throw summary.lastError;
          if (summary.last?.status === 'guarded')
            throw guardError('watch', `${summary.last.guards[0] ?? 'a guard refused'} (nothing sent)`);
        }
      } finally {
        await t.close();
      }
    });
}
