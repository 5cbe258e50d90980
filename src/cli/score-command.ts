import type { Command } from 'commander';
import { oneOf, repeatable } from './cli-options.js';
import { loadClusterFor, type SnapshotFlags, snapshotOptions } from './load-cluster.js';
import { emitOutput } from './output.js';
import { selectPools } from './pool-selection.js';
import { renderScoreText, scorePools } from './score-report.js';
import { optimumMaxPrimaries } from '../balance/optimum.js';

interface ScoreOptions extends SnapshotFlags {
  pool: string[];
  format: 'text' | 'json';
}

export function registerScore(program: Command): void {
  snapshotOptions(
    program
      .command('score')
      .description("Ceph's read_balance scores per pool (as Reef computes them) and loadshift's primary figures"),
  )
    .addOption(repeatable('--pool <id|name>', 'only this pool', 'every pool'))
    .addOption(oneOf('--format <format>', 'output format: text, json', ['text', 'json'], 'text'))
    .action(async (opts: ScoreOptions) => {
      const cluster = await loadClusterFor(opts);
      const poolIds =
        opts.pool.length > 0 ? selectPools(cluster.osdmap, { include: opts.pool }, cluster.subject) : undefined;
      const report = scorePools(cluster, {
        ...(poolIds ? { poolIds } : {}),
        optimumOf: (id) => optimumMaxPrimaries(cluster.osdmap, cluster.crush, cluster.placement, id),
      });
      emitOutput(opts.format === 'json' ? JSON.stringify(report, null, 2) + '\n' : renderScoreText(report), undefined);
    });
}
