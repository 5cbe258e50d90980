import type { Command } from 'commander';
import { join } from 'node:path';
import { buildPlan } from '../balance/build-plan.js';
import { readPlanScript } from '../ceph/read-plan-script.js';
import { mapAllPgs } from '../cluster/pg-mapping.js';
import { withScriptCommands } from '../cluster/with-script-commands.js';
import { usageError } from '../errors.js';
import { affinityShares } from '../policy/affinity-shares.js';
import { findPolicy, POLICY_NAMES } from '../policy/policy-registry.js';
import { simCluster } from '../sim/sim-cluster.js';
import type { SimPlacement } from '../sim/sim-model.js';
import { simPlacement } from '../sim/sim-placement.js';
import { simulatePlans } from '../sim/simulate-plans.js';
import { oneOf, repeatable, single } from './cli-options.js';
import { demoDir } from './demo.js';
import { loadClusterFor, type LoadedCluster, type SnapshotFlags, snapshotOptions } from './load-cluster.js';
import { emitOutput } from './output.js';
import { selectPools } from './pool-selection.js';
import { readInput } from './read-input.js';
import { renderSimText } from './sim-text.js';
import { numberFlag, osdServiceOverrides, parseDist, parseService, type SimFlags, simWorkload } from './sim-flags.js';

interface SimulateOptions extends SnapshotFlags, SimFlags {
  demo?: boolean;
  pool: string[];
  policy: string;
  planScript: string[];
  format: 'text' | 'json';
  output?: string;
}

/** The policies of `--policy a,b` (`none`: no loadshift plan), checked by name. */
function policiesOf(text: string) {
  if (text === 'none') return [];
  return text.split(',').map((name) => {
    const p = findPolicy(name);
    if (p === undefined || p.name === 'heat')
      throw usageError(
        '--policy',
        `unknown policy '${name}' (known: ${POLICY_NAMES.filter((n) => n !== 'heat').join(', ')}, or none)`,
      );
    return p;
  });
}

/** The placements to compare: CRUSH as is, each plan script, each policy's loadshift plan. */
function planPlacements(opts: SimulateOptions, c: LoadedCluster, poolIds: number[]): SimPlacement[] {
  const policies = policiesOf(opts.policy);
  const out = [simPlacement('crush', 0, c.placement, poolIds)];
  for (const spec of opts.planScript) {
    const eq = spec.indexOf('=');
    const [label, file] = eq > 0 ? [spec.slice(0, eq), spec.slice(eq + 1)] : [`script ${spec}`, spec];
    const doc = readInput(file);
    const cmds = readPlanScript(doc.text, doc.source, c.osdmap);
    const after = mapAllPgs(withScriptCommands(c.osdmap, cmds), c.crush, poolIds);
    out.push(simPlacement(label, cmds.length, after, poolIds));
  }
  for (const policy of policies) {
    const plan = buildPlan({
      osdmap: c.osdmap,
      crush: c.crush,
      placement: c.placement,
      poolIds,
      policy: affinityShares(policy),
      hostOf: c.hosts.hostOf,
    });
    out.push(simPlacement(`loadshift ${policy.name}`, plan.ops.length, plan.placementAfter, poolIds));
  }
  return out;
}

export function registerSimulate(program: Command): void {
  const num = numberFlag;
  snapshotOptions(
    program
      .command('simulate')
      .description(
        'simulate client reads on the cluster as is, after plan scripts and after loadshift plans: saturation and latency side by side',
      ),
  )
    .option('--demo', 'simulate the bundled demo cluster (instead of --osdmap/--crush, --from or --live)')
    .addOption(repeatable('--pool <id|name>', 'simulate only this pool', 'every pool'))
    .addOption(
      single(
        '--policy <names>',
        `loadshift plans to compare, comma-separated (${POLICY_NAMES.filter((n) => n !== 'heat').join(', ')}), or none`,
      ).default('even'),
    )
    .addOption(
      repeatable(
        '--plan-script <[label=]file>',
        'a script of ceph osd pg-upmap-primary / rm-pg-upmap-primary / primary-affinity lines (e.g. what osdmaptool --read writes)',
        'none',
      ),
    )
    .addOption(
      single('--reads <n>', 'simulated reads per plan', num('--reads', { min: 1, max: 1e8, int: true })).default(
        200_000,
      ),
    )
    .addOption(
      oneOf(
        '--loop <kind>',
        'open (Poisson arrivals) or closed (clients x depth in flight)',
        ['open', 'closed'],
        'open',
      ),
    )
    .addOption(
      single(
        '--rate <reads/s>',
        'open loop: read arrival rate (default: --load x the saturation of CRUSH as is)',
        num('--rate', { above: 0 }),
      ),
    )
    .addOption(
      single(
        '--load <fraction>',
        'open loop without --rate: fraction of the saturation of CRUSH as is',
        num('--load', { above: 0, max: 10 }),
      ).default(0.8),
    )
    .addOption(
      single('--clients <n>', 'closed loop: clients', num('--clients', { min: 1, max: 1e6, int: true })).default(64),
    )
    .addOption(
      single(
        '--depth <n>',
        'closed loop: ops in flight per client',
        num('--depth', { min: 1, max: 1e4, int: true }),
      ).default(4),
    )
    .addOption(
      single(
        '--zipf <s>',
        'Zipf exponent of object popularity (0: uniform over PGs)',
        num('--zipf', { min: 0, max: 5 }),
      ).default(0),
    )
    .addOption(
      single(
        '--objects-per-pg <n>',
        'objects per PG for --zipf',
        num('--objects-per-pg', { min: 1, max: 10_000, int: true }),
      ).default(64),
    )
    .addOption(
      single(
        '--write-ratio <fraction>',
        'fraction of ops that are writes (to every replica)',
        num('--write-ratio', { min: 0, max: 0.99 }),
      ).default(0),
    )
    .addOption(
      single(
        '--service <class:time,...>',
        'mean service time per device class (defaults hdd:8ms,ssd:0.5ms,nvme:0.1ms)',
        parseService,
      ).default(parseService('hdd:8ms')),
    )
    .addOption(single('--default-class <class>', 'class of OSDs without one in CRUSH').default('hdd'))
    .addOption(
      single('--service-dist <dist>', 'service time distribution: exp, det or lognormal[:CV]', parseDist).default(
        { kind: 'exp' },
        'exp',
      ),
    )
    .addOption(
      repeatable('--osd-service <osd.N:time>', "one OSD's mean service time, whatever its class (a slow OSD)", 'none'),
    )
    .addOption(
      repeatable(
        '--noisy <osd.N:util>',
        'background load on an OSD (noisy neighbour), fraction of its capacity',
        'none',
      ),
    )
    .addOption(
      repeatable(
        '--slow-host <host:extra[:MBps]>',
        'a degraded host NIC: added latency per op, and bandwidth in MB/s',
        'none',
      ),
    )
    .addOption(
      single(
        '--io-size <bytes>',
        'bytes per op (for --slow-host bandwidth)',
        num('--io-size', { min: 1, int: true }),
      ).default(4096),
    )
    .addOption(
      single(
        '--osd-threads <n>',
        'ops an OSD serves at once',
        num('--osd-threads', { min: 1, max: 1024, int: true }),
      ).default(1),
    )
    .addOption(
      single(
        '--shared-cores <n>',
        'all OSDs share this many CPU cores (memstore test clusters); 0: off',
        num('--shared-cores', { min: 0, max: 4096, int: true }),
      ).default(0),
    )
    .addOption(
      single(
        '--seed <n>',
        'random seed (same seed, same figures)',
        num('--seed', { min: 0, max: 2 ** 32 - 1, int: true }),
      ).default(1),
    )
    .addOption(oneOf('--format <format>', 'output format: text, json (a SimReport)', ['text', 'json'], 'text'))
    .addOption(single('-o, --output <file>', 'write to this file (atomically) instead of stdout'))
    .action(async (opts: SimulateOptions) => {
      if (opts.demo) {
        if (opts.osdmap !== undefined || opts.crush !== undefined || opts.from !== undefined || opts.live)
          throw usageError('--demo', 'give --demo or a cluster source (--osdmap/--crush, --from, --live), not both');
        opts.osdmap = join(demoDir(), 'osd-dump.json');
        opts.crush = join(demoDir(), 'osd-crush-dump.json');
      }
      const c = await loadClusterFor(opts);
      const poolIds = selectPools(c.osdmap, { include: opts.pool }, c.subject);
      const workload = simWorkload(opts, c.osdmap, c.hosts);
      const overrides = osdServiceOverrides(c.osdmap, opts.osdService);
      if (!opts.service.has(opts.defaultClass))
        throw usageError('--default-class', `no service time for '${opts.defaultClass}'; add it to --service`);
      const plans = planPlacements(opts, c, poolIds);
      if (plans[0]!.primary.length === 0) throw usageError('--pool', 'the selected pools have no PGs to read');
      const cluster = simCluster(c.osdmap, c.crush, c.hosts, opts.service, opts.defaultClass);
      for (const { osd, ms } of overrides) if (cluster.serviceMs[osd]! > 0) cluster.serviceMs[osd] = ms;
      const report = simulatePlans({ cluster, plans, workload });
      emitOutput(opts.format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : renderSimText(report), opts.output);
    });
}
