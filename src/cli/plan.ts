import type { Command } from 'commander';
// The other methods, heat, policy files and --apply are imported where they are used: a plain plan loads less.
import type { AffinityPlan } from '../balance/affinity-plan.js';
import type { BothPlan } from '../balance/both-plan.js';
import { buildPlan } from '../balance/build-plan.js';
import type { Plan } from '../balance/plan.js';
import { planJson } from '../ceph/plan-json.js';
import { affinityPlanScript, bothPlanScript, planScript } from '../ceph/plan-script.js';
import { usageError } from '../errors.js';
import { affinityShares } from '../policy/affinity-shares.js';
import { findPolicy, POLICY_NAMES } from '../policy/policy-registry.js';
import { isPolicyFile, loadPolicyFile } from './policy-file-load.js';
import { type ApplyFlags, applyOnlyFlags } from './apply-flags.js';
import { chooseMethod } from '../ceph/plan-method.js';
import { intOption, oneOf, repeatable, single } from './cli-options.js';
import type { ConnectionFlags } from './connection-flags.js';
import { type LoadedCluster, loadClusterFor, type SnapshotFlags, snapshotOptions } from './load-cluster.js';
import { emitOutput } from './output.js';
import { renderPlanText } from './plan-text.js';
import { type HeatFlags, heatOptions, loadHeat } from './heat-input.js';
import { renderHeatText } from './heat-text.js';
import { selectPools } from './pool-selection.js';
import { type ScoreReport, scorePools } from './score-report.js';
import type { Steps } from './steps.js';

export interface PlanOptions
  extends SnapshotFlags,
    Partial<HeatFlags>,
    Partial<Omit<ApplyFlags, keyof ConnectionFlags>> {
  apply?: boolean;
  report?: 'text' | 'json';
  method?: 'auto' | 'upmap-primary' | 'affinity' | 'both';
  pool: string[];
  excludePool?: string[];
  policy: string;
  ignoreAffinity?: boolean;
  maxChanges?: number;
  format: 'text' | 'script' | 'json';
  output?: string;
}

/** The cluster from any source, and the pools the plan covers (`--pool`, `--exclude-pool`); read once per run. */
const inputs = new WeakMap<PlanOptions, ReturnType<typeof readPlanInput>>();
function planInput(opts: PlanOptions): ReturnType<typeof readPlanInput> {
  const known = inputs.get(opts);
  if (known) return known;
  const p = readPlanInput(opts);
  inputs.set(opts, p);
  return p;
}
async function readPlanInput(opts: PlanOptions) {
  const cluster = await loadClusterFor(opts);
  const exclude = opts.excludePool ?? [];
  const poolIds = selectPools(cluster.osdmap, { include: opts.pool, exclude }, cluster.subject);
  return { cluster, request: { osdmap: cluster.osdmap, crush: cluster.crush, placement: cluster.placement, poolIds } };
}

/** `--method affinity`: primary-affinity values instead of pg-upmap-primary entries. */
async function runAffinityPlan(opts: PlanOptions): Promise<{ plan: AffinityPlan; text: string }> {
  if (opts.policy !== 'even' || opts.maxChanges !== undefined || opts.ignoreAffinity) {
    throw usageError(
      '--method',
      'affinity balances primary counts evenly: --policy, --max-changes and --ignore-affinity do not apply',
    );
  }
  const [{ buildAffinityPlan }, { affinityPlanJson }, { renderAffinityPlanText }] = await Promise.all([
    import('../balance/affinity-plan.js'),
    import('../ceph/affinity-plan-json.js'),
    import('./affinity-plan-text.js'),
  ]);
  const plan = buildAffinityPlan((await planInput(opts)).request);
  const text =
    opts.format === 'script'
      ? affinityPlanScript(plan)
      : opts.format === 'json'
        ? affinityPlanJson(plan)
        : renderAffinityPlanText(plan);
  return { plan, text };
}

/** `--method both`: affinity values, then pg-upmap-primary entries on the map they make. */
async function runBothPlan(opts: PlanOptions): Promise<{ plan: BothPlan; text: string }> {
  if ((opts.heat?.length ?? 0) > 0 || opts.maxChanges !== undefined)
    throw usageError('--method', 'both plans without --heat and --max-changes (use --method upmap-primary for those)');
  const [{ buildBothPlan }, { bothPlanJson }, { renderAffinityPlanText }, { policyFromFile }] = await Promise.all([
    import('../balance/both-plan.js'),
    import('../ceph/both-plan-json.js'),
    import('./affinity-plan-text.js'),
    import('./policy-file-plan.js'),
  ]);
  const { cluster, request } = await planInput(opts);
  // a policy file's shares and drain apply to the pg-upmap-primary part
  const base = isPolicyFile(opts.policy)
    ? policyFromFile(await loadPolicyFile(opts.policy), cluster).policy
    : findPolicy(opts.policy);
  if (base === undefined)
    throw usageError('--policy', `unknown policy '${opts.policy}' (known: ${POLICY_NAMES.join(', ')})`);
  const plan = buildBothPlan({
    ...request,
    policy: opts.ignoreAffinity ? base : affinityShares(base),
    hostOf: cluster.hosts.hostOf,
  });
  if (opts.format === 'script') return { plan, text: bothPlanScript(plan) };
  if (opts.format === 'json')
    return {
      plan,
      text: bothPlanJson(plan, {
        osdmapBefore: cluster.osdmap,
        placementBefore: cluster.placement,
        ruleOsdsOf: cluster.ruleOsdsOf,
      }),
    };
  const mid = { ...cluster, osdmap: plan.affinity.osdmapAfter, placement: plan.affinity.placementAfter };
  const summary = `method both: ${plan.affinity.ops.length} primary-affinity value(s), then ${plan.upmap.ops.length} pg-upmap-primary operation(s) on the map they make (pg-upmap-primary alone: ${plan.upmapAloneOps})`;
  return {
    plan,
    text: `${summary}\n\n${renderAffinityPlanText(plan.affinity)}\npg-upmap-primary on top of the affinity values\n${renderPlan(plan.upmap, mid, 'text')}`,
  };
}

/** Reads the snapshot, plans, renders: the shared body of `plan` and `demo`. */
export async function runPlan(
  opts: PlanOptions,
  steps?: Steps,
): Promise<{ plan: Plan; text: string; cluster: LoadedCluster }> {
  const { plan, cluster } = await computePlan(opts, steps);
  const text = steps
    ? await steps.run('rendering the plan', () => renderPlan(plan, cluster, opts.format))
    : renderPlan(plan, cluster, opts.format);
  return { plan, text, cluster };
}

/** Reads the snapshot (once per opts) and plans: what `plan`, `demo` and `report` share. */
export async function computePlan(opts: PlanOptions, steps?: Steps): Promise<{ plan: Plan; cluster: LoadedCluster }> {
  const heatGiven = (opts.heat?.length ?? 0) > 0;
  const file = isPolicyFile(opts.policy) ? await loadPolicyFile(opts.policy) : undefined;
  const fromFile = file
    ? (await import('./policy-file-plan.js')).policyFromFile(file, (await planInput(opts)).cluster)
    : undefined;
  // --heat with the default policy is the heat policy (even shares of the measured read load)
  const base = fromFile?.policy ?? findPolicy(heatGiven && opts.policy === 'even' ? 'heat' : opts.policy);
  if (base === undefined) {
    throw usageError('--policy', `unknown policy '${opts.policy}' (known: ${POLICY_NAMES.join(', ')})`);
  }
  if (base.name === 'heat' && !heatGiven)
    throw usageError(
      '--policy',
      "heat needs the read counters: give --heat SAMPLE SAMPLE... (gather snapshots or 'ceph pg dump pgs -f json' files, oldest first)",
    );
  if (heatGiven && opts.maxChanges !== undefined)
    throw usageError('--max-changes', 'not supported with --heat yet (the weighted engine plans without a budget)');
  const { cluster, request } = steps
    ? await steps.run('reading the cluster and mapping every PG', () => planInput(opts))
    : await planInput(opts);
  const req = {
    ...request,
    policy: opts.ignoreAffinity ? base : affinityShares(base),
    hostOf: cluster.hosts.hostOf,
    ...(opts.maxChanges !== undefined ? { maxChanges: opts.maxChanges } : {}),
  };
  let plan: Plan;
  if (heatGiven) {
    const h = loadHeat(
      { heat: opts.heat ?? [], heatMetric: opts.heatMetric ?? 'ops', heatHalfLife: opts.heatHalfLife ?? 3600 },
      cluster.osdmap.fsid,
    );
    const { buildHeatPlan } = await import('../balance/build-heat-plan.js');
    plan = buildHeatPlan({ ...req, heat: h.heat, heatLabel: h.label });
    plan = { ...plan, notes: [...h.notes, ...plan.notes] };
  } else plan = steps ? await steps.run('planning', () => buildPlan(req)) : buildPlan(req);
  if (fromFile) plan = { ...plan, notes: [...fromFile.notes, ...plan.notes] };
  return { plan, cluster };
}

/** The cluster's primary figures before and after a plan, over the plan's pools. */
export function planScores(plan: Plan, cluster: LoadedCluster): { before: ScoreReport; after: ScoreReport } {
  const poolIds = plan.pools.map((p) => p.poolId);
  const optimum = new Map(plan.pools.filter((p) => p.status !== 'skipped').map((p) => [p.poolId, p.optimum]));
  const before = scorePools(cluster, { poolIds, optimumOf: (id) => optimum.get(id) ?? 0 });
  const after = scorePools({ ...cluster, osdmap: plan.osdmapAfter, placement: plan.placementAfter }, { poolIds });
  return { before, after };
}

export function renderPlan(plan: Plan, cluster: LoadedCluster, format: PlanOptions['format']): string {
  if (format === 'script') return planScript(plan);
  if (format === 'json')
    return planJson(plan, {
      osdmapBefore: cluster.osdmap,
      placementBefore: cluster.placement,
      ruleOsdsOf: cluster.ruleOsdsOf,
    });
  const { before, after } = planScores(plan, cluster);
  const text = renderPlanText(plan, before, after);
  return plan.heat === undefined ? text : `${text}\n${renderHeatText(plan.heat)}`;
}

/** `--policy`: a built-in name or a policy file path (ends in .yaml/.yml or holds a /). */
/** `--policy`: a policy name or a policy file (plan and report). */
export function policyValue(v: string): string {
  if (isPolicyFile(v) || POLICY_NAMES.includes(v)) return v;
  throw usageError('--policy', `'${v}' is not one of ${POLICY_NAMES.join(', ')} nor a policy file (.yaml/.yml)`);
}

/** The options that say what a plan covers and aims at (pools, policy, affinity, budget): `plan` and `report`. */
export function planScopeOptions(cmd: Command): Command {
  return cmd
    .addOption(repeatable('--pool <id|name>', 'plan only this pool', 'every pool'))
    .addOption(repeatable('--exclude-pool <id|name>', 'leave this pool as it is', 'none'))
    .addOption(
      single(
        '--policy <name|file>',
        `what is desired: ${POLICY_NAMES.join(', ')}, or a policy file (.yaml, see 'loadshift policy check')`,
        policyValue,
      ).default('even'),
    )
    .option('--ignore-affinity', 'give OSDs with primary affinity below 1 full shares (default: scaled by it)')
    .addOption(
      single(
        '--max-changes <n>',
        'at most this many operations, given to the worst pools first',
        intOption('--max-changes'),
      ),
    );
}

export function registerPlan(program: Command): void {
  const cmd = planScopeOptions(
    snapshotOptions(
      program
        .command('plan')
        .description('compute the primary changes that balance reads (pg-upmap-primary), as text, a script or JSON'),
    ),
  )
    .addOption(oneOf('--format <format>', 'output format: text, script, json', ['text', 'script', 'json'], 'text'))
    .addOption(single('-o, --output <file>', 'write to this file (atomically) instead of stdout'))
    .addOption(
      oneOf(
        '--method <method>',
        'auto (affinity when ceph features shows clients that ignore pg-upmap-primary, else upmap-primary), upmap-primary, affinity (primary-affinity values: safe for kernel clients), or both (affinity values, then fewer pg-upmap-primary entries)',
        ['auto', 'upmap-primary', 'affinity', 'both'],
        'auto',
      ),
    )
    .option('--apply', 'apply the plan to the live cluster right away (with --live; the flags of apply below)');
  heatOptions(cmd);
  applyOnlyFlags(cmd).action(async (opts: PlanOptions) => {
    if (opts.apply) {
      if (opts.live !== true)
        throw usageError(
          '--apply',
          'plans applied at once must be made from the cluster itself: add --live (and the connection flags)',
        );
    }
    if (opts.method === 'auto') {
      const choice = chooseMethod((await planInput(opts)).cluster.features, opts.live ? '--live' : (opts.from ?? ''));
      opts.method = choice.method;
      if (choice.why) process.stderr.write(`loadshift: note: --method auto chose ${choice.method}: ${choice.why}\n`);
    }
    const applyFlags = { ...(opts as unknown as ApplyFlags), report: opts.report ?? 'text' };
    if (opts.method === 'affinity') {
      const { plan, text } = await runAffinityPlan(opts);
      emitOutput(text, opts.output);
      if (opts.apply) {
        const src = { source: 'plan --apply', fsid: plan.fsid, epoch: plan.epoch };
        await (await import('./apply.js')).runApply(applyFlags, { ...src, ops: [], affinity: plan.ops });
      }
      return;
    }
    if (opts.method === 'both') {
      const { plan, text } = await runBothPlan(opts);
      emitOutput(text, opts.output);
      if (opts.apply) {
        const src = { source: 'plan --apply', fsid: plan.upmap.fsid, epoch: plan.upmap.epoch };
        await (await import('./apply.js')).runApply(applyFlags, {
          ...src,
          ops: plan.upmap.ops,
          affinity: plan.affinity.ops,
        });
      }
      return;
    }
    const { plan, text } = await runPlan(opts);
    emitOutput(text, opts.output);
    // what the operator must know before running the commands reaches the terminal whatever -o says
    if (opts.format !== 'text' || opts.output !== undefined) {
      for (const w of plan.warnings) process.stderr.write(`loadshift: warning: ${w}\n`);
    }
    if (opts.apply) {
      // the same guards, batches, verification and journal as `loadshift apply`
      await (await import('./apply.js')).runApply(applyFlags, {
        source: 'plan --apply',
        fsid: plan.fsid,
        epoch: plan.epoch,
        ops: plan.ops,
      });
    }
  });
}
