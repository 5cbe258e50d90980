import { readlinkSync, realpathSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { inputError } from '../errors.js';

/** Where writing `file` must land: itself, or the file a symlink points to (even one that does not exist yet). */
function writeTarget(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    try {
      return resolve(dirname(file), readlinkSync(file)); // a dangling link: create its target
    } catch {
      return file;
    }
  }
}

/**
 * Writes the whole text to stdout, or atomically to a file (temp file beside it + rename: never a partial file);
 * a symlink is followed, so the link stays and its target gets the text.
 */
export function emitOutput(text: string, file: string | undefined): void {
  if (file === undefined || file === '-') {
    process.stdout.write(text);
    return;
  }
  const target = writeTarget(file);
  const tmp = join(dirname(target), `.${basename(target)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, target);
  } catch (err) {
    try {
      unlinkSync(tmp);
    } catch {
      /* nothing was written */
    }
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw inputError(file, `cannot write output (${code}); check that the folder exists and is writable`);
  }
}
