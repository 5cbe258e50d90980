import type { Command } from 'commander';
import { single } from './cli-options.js';
import { heatOptions } from './heat-input.js';
import { snapshotOptions } from './load-cluster.js';
import { computePlan, type PlanOptions, planScopeOptions } from './plan.js';
import { megabytes, writeReport } from './report-file.js';
import { simGainLines, simulatePlanGain } from './report-sim.js';
import { stepProgress } from './steps.js';

export const DEFAULT_REPORT = 'loadshift-report.html';

interface ReportOptions extends Omit<PlanOptions, 'format'> {
  output?: string;
  simulate?: boolean;
}

export function registerReport(program: Command): void {
  const cmd = planScopeOptions(
    snapshotOptions(
      program
        .command('report')
        .description(
          'plan as `loadshift plan` does and write one self-contained HTML report (opens offline): scores, primaries per OSD and per host before/after, the plan',
        ),
    ),
  )
    .option(
      '--simulate',
      "add the read simulator's comparison (as is vs the plan, `loadshift simulate`'s default workload)",
    )
    .addOption(single('-o, --output <file>', `where to write the HTML (atomically; default ${DEFAULT_REPORT})`));
  heatOptions(cmd).action(async (opts: ReportOptions) => {
    const steps = stepProgress();
    const { plan, cluster } = await computePlan({ ...opts, format: 'text', method: 'upmap-primary' }, steps);
    const path = opts.output ?? DEFAULT_REPORT;
    const source = opts.live
      ? 'live cluster'
      : opts.from
        ? `snapshot ${opts.from}`
        : `dumps ${opts.osdmap} ${opts.crush}`;
    const sim = opts.simulate ? await steps.run('simulating reads', () => simulatePlanGain(cluster, plan)) : undefined;
    const simSummary = sim ? simGainLines(sim) : undefined;
    const r = await writeReport(plan, cluster, { path, source, ...(sim ? { sim, simSummary } : {}) }, steps);
    process.stdout.write(
      `loadshift report: wrote ${r.path} (${megabytes(r.bytes)}): ${plan.ops.length} operation(s), status ${plan.status}\n` +
        (simSummary ?? []).map((l) => `simulated: ${l}\n`).join(''),
    );
  });
}
