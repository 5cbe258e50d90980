import type { Command } from 'commander';
import { oneOf, repeatable } from './cli-options.js';
import { loadClusterFor, type SnapshotFlags, snapshotOptions } from './load-cluster.js';
import { emitOutput } from './output.js';
import { selectPools } from './pool-selection.js';
import { renderScoreText, scorePools } from './score-report.js';
import { optimumMaxPrimaries } from '../balance/optimum.js';
import { buildHeatPlan } from '../balance/build-heat-plan.js';
import { heatJson } from '../ceph/heat-json.js';
import { affinityShares } from '../policy/affinity-shares.js';
import { heatPolicy } from '../policy/heat-policy.js';
import { type HeatFlags, heatOptions, loadHeat } from './heat-input.js';
import { renderHeatText } from './heat-text.js';

interface ScoreOptions extends SnapshotFlags, Partial<HeatFlags> {
  pool: string[];
  format: 'text' | 'json';
}

export function registerScore(program: Command): void {
  const cmd = snapshotOptions(
    program
      .command('score')
      .description("Ceph's read_balance scores per pool (as Reef computes them) and loadshift's primary figures"),
  )
    .addOption(repeatable('--pool <id|name>', 'only this pool', 'every pool'))
    .addOption(oneOf('--format <format>', 'output format: text, json', ['text', 'json'], 'text'));
  heatOptions(cmd).action(async (opts: ScoreOptions) => {
    const cluster = await loadClusterFor(opts);
    const poolIds =
      opts.pool.length > 0 ? selectPools(cluster.osdmap, { include: opts.pool }, cluster.subject) : undefined;
    const report = scorePools(cluster, {
      ...(poolIds ? { poolIds } : {}),
      optimumOf: (id) => optimumMaxPrimaries(cluster.osdmap, cluster.crush, cluster.placement, id),
    });
    // with --heat: each OSD's measured read load, and the load predicted after the heat plan
    const heat =
      (opts.heat?.length ?? 0) > 0
        ? (() => {
            const h = loadHeat(
              { heat: opts.heat ?? [], heatMetric: opts.heatMetric ?? 'ops', heatHalfLife: opts.heatHalfLife ?? 3600 },
              cluster.osdmap.fsid,
            );
            const plan = buildHeatPlan({
              osdmap: cluster.osdmap,
              crush: cluster.crush,
              placement: cluster.placement,
              poolIds: poolIds ?? [],
              policy: affinityShares(heatPolicy),
              hostOf: cluster.hosts.hostOf,
              heat: h.heat,
              heatLabel: h.label,
            });
            return { figures: plan.heat!, notes: [...h.notes, ...plan.notes], ops: plan.ops.length };
          })()
        : undefined;
    const text =
      opts.format === 'json'
        ? JSON.stringify(
            heat
              ? { ...report, heat: { ...heatJson(heat.figures), plan_operations: heat.ops, notes: heat.notes } }
              : report,
            null,
            2,
          ) + '\n'
        : renderScoreText(report) +
          (heat
            ? `\n${renderHeatText(heat.figures)}${heat.notes.map((n) => `note: ${n}\n`).join('')}(predicted after 'loadshift plan --heat': ${heat.ops} operation(s))\n`
            : '');
    emitOutput(text, undefined);
  });
}
