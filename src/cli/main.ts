#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { LoadshiftError } from '../errors.js';
import { EXIT } from './exit-codes.js';
import { COMMANDS } from './commands.js';

const REPORT = 'this is a bug in loadshift; please report it with the command line and input files';

export function buildProgram(): Command {
  const program = new Command('loadshift')
    .description('Balance the read load of a Ceph cluster by moving PG primaries (no data movement).')
    .version('0.1.0')
    .showHelpAfterError(false)
    .configureOutput({ outputError: () => {} })
    .exitOverride();
  for (const register of COMMANDS) register(program);
  for (const c of program.commands) c.exitOverride().configureOutput({ outputError: () => {} });
  return program;
}

function fail(code: number, message: string): number {
  process.stderr.write(`loadshift: ${message}\n`);
  return code;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return EXIT.ok;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return EXIT.ok;
      // no (sub)command given: commander has printed the help on stderr
      if (err.code === 'commander.help') return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
      const msg = err.message.replace(/^error: /, '').split('\n')[0] ?? err.message;
      return fail(EXIT.usage, `${msg}; see 'loadshift --help'`);
    }
    if (err instanceof LoadshiftError) return fail(EXIT[err.kind], `${err.subject}: ${err.message}`);
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
