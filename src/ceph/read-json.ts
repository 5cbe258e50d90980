import { inputError } from '../errors.js';

/** One input document as read by the I/O layer: its text and where it came from (a file, `-`, a command). */
export interface JsonDocument {
  source: string;
  text: string;
}

/** Parses JSON text from `source` (a file name or a command) with a one-line error. */
export function parseJsonText(text: string, source: string): unknown {
  if (text.trim() === '') throw inputError(source, 'empty input, expected JSON; is it the right file?');
  try {
    return JSON.parse(text);
  } catch (err) {
    const detail = (err as Error).message.split('\n')[0] ?? 'syntax error';
    throw inputError(source, `not valid JSON (${detail}); is the file complete?`);
  }
}
