/** The flags of `apply` and `plan --apply` (option definitions only: the apply itself is in apply.ts). */
import { type Command, Option } from 'commander';
import { type ConnectionFlags, connectionFlags } from './connection-flags.js';

export interface ApplyFlags extends ConnectionFlags {
  batch: string;
  strict?: boolean;
  allowOldClients?: boolean;
  dryRun?: boolean;
  journal?: string;
  verifyTimeout: string;
}

/** The apply flags, shared by `apply` and `plan --apply` (which has the connection flags already). */
export function applyOnlyFlags(cmd: Command): Command {
  return cmd
    .option(
      '--batch <n|pool>',
      "ops per batch (each batch commits in one osdmap epoch); 'pool': one batch per pool",
      'pool',
    )
    .option('--strict', 'refuse when any op no longer holds on the current map (default: drop and list it)')
    .option('--allow-old-clients', 'apply although kernel or pre-Reef clients are connected (they may hang)')
    .option('--dry-run', 'print what would be sent and what each preflight check found; send nothing')
    .option(
      '--journal <file>',
      'where to write the journal for revert (default: loadshift-journal-<epoch>-<time>.json)',
    )
    .option('--verify-timeout <seconds>', 'how long each batch may take to show the predicted primaries', '30')
    .addOption(new Option('--report <format>', 'result format').choices(['text', 'json']).default('text'));
}

/** The apply flags with the connection flags: the `apply` command's. */
export function applyFlags(cmd: Command): Command {
  return applyOnlyFlags(connectionFlags(cmd));
}
