import { renameSync, writeFileSync, unlinkSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';
import { inputError } from '../errors.js';

/** Writes the whole text to stdout, or atomically to a file (temp file + rename: never a partial file). */
export function emitOutput(text: string, file: string | undefined): void {
  if (file === undefined || file === '-') {
    process.stdout.write(text);
    return;
  }
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, file);
  } catch (err) {
    try {
      unlinkSync(tmp);
    } catch {
      /* nothing was written */
    }
    throw inputError(file, `cannot write output (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}
