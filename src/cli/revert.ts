import type { Command } from 'commander';
import { parseJournal } from '../ceph/journal.js';
import { revertJournal } from '../transport/revert-journal.js';
import { renderRevertReport } from './apply-report.js';
import { type ConnectionFlags, connectionFlags, connectWith } from './connection-flags.js';
import { loadClusterFrom } from './load-cluster.js';
import { emitOutput } from './output.js';
import { readInput } from './read-input.js';

export function registerRevert(program: Command): void {
  connectionFlags(
    program
      .command('revert')
      .description('restore the pg_upmap_primaries entries an apply changed (also after an interrupted apply)')
      .argument('<journal.json>', 'the journal apply wrote'),
  )
    .option('--dry-run', 'print the commands that would restore the entries; send nothing')
    .action(async (file: string, f: ConnectionFlags & { dryRun?: boolean }) => {
      const doc = readInput(file);
      const journal = parseJournal(doc);
      const t = await connectWith(f);
      try {
        const r = await revertJournal(t, journal, {
          source: doc.source,
          dryRun: f.dryRun === true,
          map: loadClusterFrom,
        });
        emitOutput(renderRevertReport(r), undefined);
      } finally {
        await t.close();
      }
    });
}
