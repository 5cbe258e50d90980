#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { LoadshiftError, usageError } from '../errors.js';
import { commandsFor, type RegisterCommand } from './commands.js';
import { EXIT } from './exit-codes.js';

const REPORT = 'this is a bug in loadshift; please report it with the command line and input files';

/** Every command refuses arguments it does not take, naming the first one. */
function strictArguments(cmd: Command): void {
  cmd.hook('preAction', (_self, action) => {
    const extra = action.args.slice(action.registeredArguments.length);
    if (extra.length > 0) {
      throw usageError(
        commandPath(action),
        `unexpected argument '${extra[0]}' (an option that takes one value takes exactly one)`,
      );
    }
  });
}

/** The subcommand's names below the program (`crush test`); '' for the program itself. */
function commandPath(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c?.parent; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

export function buildProgram(commands: readonly RegisterCommand[]): Command {
  const program = new Command('loadshift')
    .description('Balance the read load of a Ceph cluster by moving PG primaries (no data movement).')
    .version('0.1.0')
    .showHelpAfterError(false)
    .configureOutput({ outputError: () => {} })
    .exitOverride();
  for (const register of commands) register(program);
  const all = (c: Command): Command[] => [c, ...c.commands.flatMap(all)];
  for (const c of all(program)) {
    c.exitOverride().configureOutput({ outputError: () => {} });
    if (c !== program) c.allowExcessArguments(true);
  }
  strictArguments(program);
  return program;
}

/** The (sub)command a command line names, as far as it names one: `loadshift crush test`. */
function invokedPath(program: Command, argv: readonly string[]): string {
  let cmd = program;
  for (const a of argv) {
    if (a.startsWith('-')) break;
    const sub = cmd.commands.find((c) => c.name() === a || c.aliases().includes(a));
    if (sub === undefined) break;
    cmd = sub;
  }
  return commandPath(cmd);
}

function fail(code: number, message: string): number {
  process.stderr.write(`loadshift: ${message}\n`);
  return code;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram(await commandsFor(argv));
  const path = () => invokedPath(program, argv);
  const help = () => `see 'loadshift ${path() ? `${path()} ` : ''}--help'`;
  try {
    await program.parseAsync(argv, { from: 'user' });
    return EXIT.ok;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return EXIT.ok;
      // no (sub)command given: commander has printed the help on stderr
      if (err.code === 'commander.help') return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
      const msg = (err.message.replace(/^error: /, '').split('\n')[0] ?? err.message).replace(/\.$/, '');
      return fail(EXIT.usage, `${path() ? `${path()}: ` : ''}${msg}; ${help()}`);
    }
    if (err instanceof LoadshiftError) {
      const hint = err.kind === 'usage' && !err.message.includes(';') ? `; ${help()}` : '';
      return fail(EXIT[err.kind], `${err.subject}: ${err.message}${hint}`);
    }
    const e = err as Error;
    const where = e.stack?.split('\n')[1]?.trim() ?? '';
    return fail(EXIT.internal, `internal error: ${e.message} (${where}); ${REPORT}`);
  }
}

// A reader that stops early (`loadshift pgs ... | head`) closes the pipe: stop quietly, as Unix tools do.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(EXIT.ok);
  process.stderr.write(`loadshift: stdout: ${err.message}\n`);
  process.exit(EXIT.internal);
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  () => {
    process.exitCode = EXIT.internal;
  },
);
