import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { emitOutput } from './output.js';
import { single } from './cli-options.js';
import { runPlan } from './plan.js';
import { DEFAULT_REPORT } from './report.js';
import { megabytes, writeReport } from './report-file.js';
import { simGainLines, simulatePlanGain } from './report-sim.js';
import { stepProgress } from './steps.js';

/** The bundled demo cluster: real dumps of a 12-OSD Reef cluster (weights 0.5-4, hdd+ssd, 5 pools). */
export function demoDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++, dir = dirname(dir)) {
    const candidate = join(dir, 'demo', 'cluster-12osd');
    if (existsSync(join(candidate, 'osd-dump.json'))) return candidate;
  }
  return join(process.cwd(), 'demo', 'cluster-12osd');
}

interface DemoOptions {
  /** --report PATH, or false with --no-report. */
  report?: string | false;
}

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description(
      'plan the bundled demo cluster (real dumps of a heterogeneous 12-OSD Reef cluster), simulate the gain and write the HTML report',
    )
    .addOption(single('--report <file>', `where to write the HTML report (default ${DEFAULT_REPORT})`))
    .option('--no-report', 'write no report')
    .action(async (opts: DemoOptions) => {
      const steps = stepProgress();
      const dir = demoDir();
      const osdmap = join(dir, 'osd-dump.json');
      const crush = join(dir, 'osd-crush-dump.json');
      const { plan, text, cluster } = await runPlan({ osdmap, crush, pool: [], policy: 'even', format: 'text' }, steps);
      const sim = await steps.run('simulating reads', () => simulatePlanGain(cluster, plan));
      const gain = simGainLines(sim);
      const rel = (p: string) => relative(process.cwd(), p) || p;
      const head =
        `demo cluster: ${rel(dir)} (ceph osd dump / ceph osd crush dump of a live Reef 18.2.7 cluster)\n` +
        `same as: loadshift plan --osdmap ${rel(osdmap)} --crush ${rel(crush)}\n\n`;
      const simText =
        '\nsimulated reads, the cluster as is -> after the plan (loadshift simulate --demo varies the workload):\n' +
        `  workload: ${sim.workload}; ${sim.reads} reads per plan\n${gain.map((l) => `  ${l}\n`).join('')}`;
      let reportLine = '';
      if (opts.report !== false) {
        const path = opts.report ?? DEFAULT_REPORT;
        const source = `demo cluster ${rel(dir)}`;
        const r = await writeReport(plan, cluster, { path, source, sim, simSummary: gain }, steps);
        reportLine = `\nreport: ${r.path} (${megabytes(r.bytes)}; open it in a browser)\n`;
      }
      emitOutput(
        `${head}${text}\n${plan.ops.length} command(s); to get them as a script: loadshift plan --osdmap ${rel(osdmap)} --crush ${rel(crush)} --format script -o plan.sh\n${simText}${reportLine}`,
        undefined,
      );
    });
}
