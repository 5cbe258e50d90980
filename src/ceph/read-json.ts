import { readFileSync } from 'node:fs';
import { inputError } from '../errors.js';

/** Reads a file and parses it as JSON; every failure is a one-line input error naming the file. */
export function readJsonFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : `cannot read (${code ?? 'error'})`;
    throw inputError(path, why);
  }
  return parseJsonText(text, path);
}

/** Parses JSON text from `source` (a file name or a command) with a one-line error. */
export function parseJsonText(text: string, source: string): unknown {
  if (text.trim() === '') throw inputError(source, 'empty input, expected JSON');
  try {
    return JSON.parse(text);
  } catch (err) {
    const detail = (err as Error).message.split('\n')[0] ?? 'syntax error';
    throw inputError(source, `not valid JSON (${detail}); is the file complete?`);
  }
}
