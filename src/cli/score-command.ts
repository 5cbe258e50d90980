import { type Command, Option } from 'commander';
import { emitOutput } from './output.js';
import { loadClusterFor, resolvePools, snapshotOptions, type SnapshotFlags } from './load-cluster.js';
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
    .addOption(
      new Option('--pool <id|name>', 'only this pool (repeatable)')
        .argParser((v: string, acc: string[]) => [...acc, v])
        .default([], 'every pool'),
    )
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (opts: ScoreOptions) => {
      const cluster = await loadClusterFor(opts);
      const poolIds = opts.pool.length > 0 ? resolvePools(cluster.osdmap, opts.pool, cluster.subject) : undefined;
      const report = scorePools(cluster, {
        ...(poolIds ? { poolIds } : {}),
        optimumOf: (id) => optimumMaxPrimaries(cluster.osdmap, cluster.crush, cluster.placement, id),
      });
      emitOutput(opts.format === 'json' ? JSON.stringify(report, null, 2) + '\n' : renderScoreText(report), undefined);
    });
}
