import type { Command } from 'commander';
import type { AffinityOp } from '../balance/affinity-plan.js';
import type { PrimaryOp } from '../balance/primary-op.js';
import { parsePlanFile } from '../ceph/plan-file.js';
import { guardError, usageError } from '../errors.js';
import { type ApplyReport, applyPlan } from '../transport/apply-plan.js';
import { renderApplyReport } from './apply-report.js';
import { type ApplyFlags, applyFlags } from './apply-flags.js';
import { connectWith } from './connection-flags.js';
import { loadClusterFrom } from './load-cluster.js';
import { emitOutput } from './output.js';
import { applyProgress } from './progress.js';
import { readInput } from './read-input.js';

/** Applies ops (from a plan file or a plan just made) with the flags; prints the report; guard refusals exit 5. */
export async function runApply(
  f: ApplyFlags & { report?: 'text' | 'json' },
  plan: {
    source: string;
    fsid: string;
    epoch: number;
    ops: readonly PrimaryOp[];
    affinity?: readonly AffinityOp[];
  },
): Promise<ApplyReport> {
  const batch = f.batch === 'pool' ? 'pool' : /^[1-9]\d*$/.test(f.batch) ? Number(f.batch) : undefined;
  if (batch === undefined) throw usageError('--batch', `expected a positive number or 'pool', got '${f.batch}'`);
  if (!/^\d+(\.\d+)?$/.test(f.verifyTimeout))
    throw usageError('--verify-timeout', `expected seconds, got '${f.verifyTimeout}'`);
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '');
  const journalPath = f.journal ?? `loadshift-journal-e${plan.epoch}-${stamp}.json`;
  const t = await connectWith(f);
  try {
    const report = await applyPlan(t, {
      planSource: plan.source,
      fsid: plan.fsid,
      epoch: plan.epoch,
      ops: plan.ops,
      affinity: plan.affinity ?? [],
      batch,
      strict: f.strict === true,
      allowOldClients: f.allowOldClients === true,
      dryRun: f.dryRun === true,
      journalPath,
      verifyTimeoutMs: Number(f.verifyTimeout) * 1000,
      map: loadClusterFrom,
      progress: applyProgress(),
    });
    emitOutput(f.report === 'json' ? `${JSON.stringify(report, null, 1)}\n` : renderApplyReport(report), undefined);
    const refused = report.checks.find((c) => !c.ok);
    if (report.status === 'dry-run' && refused)
      throw guardError(plan.source, `${refused.detail}; ${refused.fix ?? ''} (dry run: nothing sent)`);
    return report;
  } finally {
    await t.close();
  }
}

export function registerApply(program: Command): void {
  applyFlags(
    program
      .command('apply')
      .description(
        'apply a plan (loadshift plan --format json; pg-upmap-primary, affinity or both) to the live cluster: guarded, batched, verified, journaled',
      )
      .argument('<plan.json>', 'the plan file'),
  ).action(async (file: string, f: ApplyFlags & { report: 'text' | 'json' }) => {
    const doc = readInput(file);
    const plan = parsePlanFile(doc);
    await runApply(f, { source: doc.source, ...plan });
  });
}
