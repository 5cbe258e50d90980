import { usageError } from '../errors.js';

/**
 * Splits a `--via` prefix into argv without a shell: words are separated by whitespace; single or double quotes
 * group words (no escapes, no expansion, no variables). An unclosed quote is a usage error.
 */
export function splitArgv(text: string, flag = '--via'): string[] {
  const out: string[] = [];
  let word = '';
  let inWord = false;
  let quote: string | undefined;
  for (const ch of text) {
    if (quote !== undefined) {
      if (ch === quote) quote = undefined;
      else word += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) out.push(word);
      word = '';
      inWord = false;
    } else {
      word += ch;
      inWord = true;
    }
  }
  if (quote !== undefined) throw usageError(flag, `unclosed ${quote} in '${text}'; close the quote`);
  if (inWord) out.push(word);
  return out;
}
