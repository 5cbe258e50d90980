/**
 * Option parsers shared by the commands. Commander keeps the last value of a repeated option silently; here an
 * option that takes one value refuses a second one, and repeatable options say so in their help and accumulate.
 */
import { Option } from 'commander';
import { usageError } from '../errors.js';

type Parse<T> = (value: string) => T;

/** An option that takes exactly one value: given twice, it is a usage error naming it. */
export function single<T = string>(flags: string, description: string, parse?: Parse<T>): Option {
  const opt = new Option(flags, description);
  const name = opt.long ?? opt.short ?? flags;
  let seen = false;
  return opt.argParser((value: string) => {
    if (seen) throw usageError(name, 'given more than once (it takes one value)');
    seen = true;
    return parse ? parse(value) : value;
  });
}

/** A one-value option restricted to `choices` (listed in the help and in the error). */
export function oneOf(flags: string, description: string, choices: readonly string[], fallback: string): Option {
  const probe = new Option(flags, description);
  const name = probe.long ?? flags;
  return single(flags, description, (v) => {
    if (!choices.includes(v)) throw usageError(name, `'${v}' is not one of ${choices.join(', ')}`);
    return v;
  }).default(fallback);
}

/** A repeatable option: every value is kept, in order (`--pool a --pool b`). */
export function repeatable(flags: string, description: string, defaultDescription: string): Option {
  return new Option(flags, `${description} (repeatable)`)
    .argParser((v: string, acc: string[]) => [...acc, v])
    .default([], defaultDescription);
}

/** Parses a non-negative integer flag value. */
export function intOption(flag: string): Parse<number> {
  return (value: string): number => {
    if (!/^\d+$/.test(value)) throw usageError(flag, `expected a non-negative integer, got '${value}'`);
    return Number(value);
  };
}
