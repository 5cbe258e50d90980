import type { ErrorKind } from '../errors.js';

/** The one table of exit codes (documented in the README). */
export const EXIT = {
  ok: 0,
  internal: 1,
  usage: 2,
  input: 3,
  cluster: 4,
  guard: 5,
} as const satisfies Record<ErrorKind | 'ok', number>;
