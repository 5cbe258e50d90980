import { readFileSync } from 'node:fs';
import type { JsonDocument } from '../ceph/read-json.js';
import { inputError, usageError } from '../errors.js';

/**
 * Reads one input file of a command as text; `-` is standard input (at most one input of a command may be `-`).
 * Every failure is a one-line input error naming the file.
 */
export function readInput(path: string): JsonDocument {
  const source = path === '-' ? 'stdin' : path;
  try {
    return { source, text: readFileSync(path === '-' ? 0 : path, 'utf8') };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'is a directory'
          : code === 'EACCES'
            ? 'permission denied'
            : `cannot read (${code ?? 'error'})`;
    throw inputError(source, `${why}; check the path`);
  }
}

/** Reads several inputs; refuses `-` for more than one of them (stdin can be read once). */
export function readInputs(paths: Record<string, string>): JsonDocument[] {
  const stdin = Object.entries(paths).filter(([, p]) => p === '-');
  if (stdin.length > 1) {
    throw usageError(stdin.map(([f]) => f).join(', '), 'only one input can be read from stdin (-)');
  }
  return Object.values(paths).map(readInput);
}
