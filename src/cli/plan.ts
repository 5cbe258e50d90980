import { type Command, Option } from 'commander';
import { buildPlan } from '../balance/build-plan.js';
import type { Plan } from '../balance/plan.js';
import { planJson } from '../ceph/plan-json.js';
import { planScript } from '../ceph/plan-script.js';
import { policyByName, POLICY_NAMES } from '../policy/policy-registry.js';
import { emitOutput } from './output.js';
import {
  intOption,
  loadClusterFor,
  resolvePools,
  snapshotOptions,
  type LoadedCluster,
  type SnapshotFlags,
} from './load-cluster.js';
import { renderPlanText } from './plan-text.js';
import { scorePools } from './score-report.js';

export interface PlanOptions extends SnapshotFlags {
  pool: string[];
  policy: string;
  maxChanges?: number;
  format: 'text' | 'script' | 'json';
  output?: string;
}

/** Reads the snapshot, plans, renders: the shared body of `plan` and `demo`. */
export async function runPlan(opts: PlanOptions): Promise<{ plan: Plan; text: string }> {
  const cluster = await loadClusterFor(opts);
  const plan = buildPlan({
    osdmap: cluster.osdmap,
    crush: cluster.crush,
    placement: cluster.placement,
    poolIds: resolvePools(cluster.osdmap, opts.pool, cluster.subject),
    policy: policyByName(opts.policy),
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
    .addOption(
      new Option('--pool <id|name>', 'plan only this pool (repeatable)')
        .argParser((v: string, acc: string[]) => [...acc, v])
        .default([], 'every pool'),
    )
    .addOption(new Option('--policy <name>', 'what is desired').choices(POLICY_NAMES).default('even'))
    .option('--max-changes <n>', 'at most this many operations (the most valuable ones)', intOption('--max-changes'))
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'script', 'json']).default('text'))
    .option('-o, --output <file>', 'write to this file (atomically) instead of stdout')
    .action(async (opts: PlanOptions) => {
      const { text } = await runPlan(opts);
      emitOutput(text, opts.output);
    });
}
