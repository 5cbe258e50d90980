import { type Command, Option } from 'commander';
import { usageError } from '../errors.js';
import { gatherSnapshot, type GatherOptions } from '../transport/gather-snapshot.js';
import { type ConnectionFlags, connectionFlags, connectWith } from './connection-flags.js';
import { emitOutput } from './output.js';

interface GatherFlags extends ConnectionFlags {
  output?: string;
  osdCounters: string;
  pgDump: 'pgs' | 'pgs_brief';
}

export function osdCountersOption(value: string, flag = '--osd-counters'): GatherOptions['osdCounters'] {
  if (value === 'auto' || value === 'all' || value === 'none') return value;
  if (/^\d+(,\d+)*$/.test(value)) return value.split(',').map(Number);
  throw usageError(flag, `expected auto, all, none or OSD ids like 0,3,7; got '${value}'`);
}

export function registerGather(program: Command): void {
  connectionFlags(
    program
      .command('gather')
      .description('one consistent snapshot of a live cluster (one osdmap epoch), as JSON for --from'),
  )
    .option('-o, --output <file>', 'write the snapshot to this file (atomically) instead of stdout')
    .option(
      '--osd-counters <which>',
      'per-OSD read counters (one OSD command each): auto (all up to 200 OSDs), all, none, or ids 0,3,7',
      'auto',
    )
    .addOption(
      new Option('--pg-dump <kind>', 'per-PG stats (pgs) or states only').choices(['pgs', 'pgs_brief']).default('pgs'),
    )
    .action(async (f: GatherFlags) => {
      const osdCounters = osdCountersOption(f.osdCounters);
      const t = await connectWith(f);
      try {
        const s = await gatherSnapshot(t, { osdCounters, pgDump: f.pgDump });
        emitOutput(`${JSON.stringify(s)}\n`, f.output);
        const pgs = ((s.pg_dump.pg_stats as unknown[] | undefined) ?? []).length;
        process.stderr.write(
          `loadshift: gathered ${s.fsid} osdmap e${s.epoch} in ${s.gather_ms} ms (${t.kind}): ${pgs} PGs, ` +
            `${Object.keys(s.osd_perf).length} OSD counter sets${s.notes.length ? `; ${s.notes.join('; ')}` : ''}\n`,
        );
      } finally {
        await t.close();
      }
    });
}
