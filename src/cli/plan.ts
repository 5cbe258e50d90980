import type { Command } from 'commander';
import { buildPlan } from '../balance/build-plan.js';
import type { Plan } from '../balance/plan.js';
import { planJson } from '../ceph/plan-json.js';
import { planScript } from '../ceph/plan-script.js';
import { usageError } from '../errors.js';
import { affinityShares } from '../policy/affinity-shares.js';
import { findPolicy, POLICY_NAMES } from '../policy/policy-registry.js';
import { intOption, oneOf, repeatable, single } from './cli-options.js';
import { type LoadedCluster, loadClusterFor, type SnapshotFlags, snapshotOptions } from './load-cluster.js';
import { emitOutput } from './output.js';
import { renderPlanText } from './plan-text.js';
import { selectPools } from './pool-selection.js';
import { scorePools } from './score-report.js';

export interface PlanOptions extends SnapshotFlags {
  pool: string[];
  excludePool?: string[];
  policy: string;
  ignoreAffinity?: boolean;
  maxChanges?: number;
  format: 'text' | 'script' | 'json';
  output?: string;
}

/** Reads the snapshot, plans, renders: the shared body of `plan` and `demo`. */
export async function runPlan(opts: PlanOptions): Promise<{ plan: Plan; text: string }> {
  const base = findPolicy(opts.policy);
  if (base === undefined) {
    throw usageError('--policy', `unknown policy '${opts.policy}' (known: ${POLICY_NAMES.join(', ')})`);
  }
  const cluster = await loadClusterFor(opts);
  const plan = buildPlan({
    osdmap: cluster.osdmap,
    crush: cluster.crush,
    placement: cluster.placement,
    poolIds: selectPools(cluster.osdmap, { include: opts.pool, exclude: opts.excludePool ?? [] }, cluster.subject),
    policy: opts.ignoreAffinity ? base : affinityShares(base),
    hostOf: cluster.hosts.hostOf,
    ...(opts.maxChanges !== undefined ? { maxChanges: opts.maxChanges } : {}),
  });
  return { plan, text: renderPlan(plan, cluster, opts.format) };
}

export function renderPlan(plan: Plan, cluster: LoadedCluster, format: PlanOptions['format']): string {
  if (format === 'script') return planScript(plan);
  if (format === 'json')
    return planJson(plan, {
      osdmapBefore: cluster.osdmap,
      placementBefore: cluster.placement,
      ruleOsdsOf: cluster.ruleOsdsOf,
    });
  const poolIds = plan.pools.map((p) => p.poolId);
  const optimum = new Map(plan.pools.filter((p) => p.status !== 'skipped').map((p) => [p.poolId, p.optimum]));
  const before = scorePools(cluster, { poolIds, optimumOf: (id) => optimum.get(id) ?? 0 });
  const after = scorePools({ ...cluster, osdmap: plan.osdmapAfter, placement: plan.placementAfter }, { poolIds });
  return renderPlanText(plan, before, after);
}

export function registerPlan(program: Command): void {
  snapshotOptions(
    program
      .command('plan')
      .description('compute the primary changes that balance reads (pg-upmap-primary), as text, a script or JSON'),
  )
    .addOption(repeatable('--pool <id|name>', 'plan only this pool', 'every pool'))
    .addOption(repeatable('--exclude-pool <id|name>', 'leave this pool as it is', 'none'))
    .addOption(oneOf('--policy <name>', `what is desired: ${POLICY_NAMES.join(', ')}`, POLICY_NAMES, 'even'))
    .option('--ignore-affinity', 'give OSDs with primary affinity below 1 full shares (default: scaled by it)')
    .addOption(
      single(
        '--max-changes <n>',
        'at most this many operations, given to the worst pools first',
        intOption('--max-changes'),
      ),
    )
    .addOption(oneOf('--format <format>', 'output format: text, script, json', ['text', 'script', 'json'], 'text'))
    .addOption(single('-o, --output <file>', 'write to this file (atomically) instead of stdout'))
    .action(async (opts: PlanOptions) => {
      const { plan, text } = await runPlan(opts);
      emitOutput(text, opts.output);
      // what the operator must know before running the commands reaches the terminal whatever -o says
      if (opts.format !== 'text' || opts.output !== undefined) {
        for (const w of plan.warnings) process.stderr.write(`loadshift: warning: ${w}\n`);
      }
    });
}
