import type { Command } from 'commander';

/** Each CLI command lives in its own file and registers itself on the program. */
export type RegisterCommand = (program: Command) => void;

/**
 * The commands by name, in the order `--help` lists them. Each is imported only when needed: a command line that
 * names one loads just that file (and what it imports); the program's help and unknown names load them all. Loading
 * every command costs ~0.3–0.5 s of start-up (the daemon's HTTP and metrics libraries, the report's charts), which a
 * one-shot `plan` or `apply` does not need.
 */
export const COMMANDS: ReadonlyArray<readonly [string, () => Promise<RegisterCommand>]> = [
  ['crush', async () => (await import('./crush-test.js')).registerCrushTest],
  ['pgs', async () => (await import('./pgs.js')).registerPgs],
  ['score', async () => (await import('./score-command.js')).registerScore],
  ['plan', async () => (await import('./plan.js')).registerPlan],
  ['demo', async () => (await import('./demo.js')).registerDemo],
  ['gather', async () => (await import('./gather.js')).registerGather],
  ['apply', async () => (await import('./apply.js')).registerApply],
  ['revert', async () => (await import('./revert.js')).registerRevert],
  ['report', async () => (await import('./report.js')).registerReport],
  ['simulate', async () => (await import('./simulate.js')).registerSimulate],
  ['watch', async () => (await import('./watch.js')).registerWatch],
  ['policy', async () => (await import('./policy-check.js')).registerPolicy],
  ['generate', async () => (await import('./generate.js')).registerGenerate],
  ['whatif', async () => (await import('./whatif.js')).registerWhatIf],
];

/** The registrations a command line needs: the command it names first, or every command when it names none. */
export async function commandsFor(argv: readonly string[]): Promise<RegisterCommand[]> {
  const first = argv.find((a) => !a.startsWith('-'));
  const named = COMMANDS.find(([name]) => name === first);
  const wanted = named !== undefined && first === argv[0] ? [named] : COMMANDS;
  return Promise.all(wanted.map(([, load]) => load()));
}
