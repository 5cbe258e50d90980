/**
 * Typed errors for the unexpected outcomes; the CLI maps each kind to one exit code (src/cli/exit-codes.ts).
 * Expected outcomes (nothing to do, blocked by a guard the user asked for) are values, not errors.
 */
export type ErrorKind = 'usage' | 'input' | 'cluster' | 'guard' | 'internal';

export class LoadshiftError extends Error {
  constructor(
    readonly kind: ErrorKind,
    /** What the message is about: a file path, a flag, a ceph command. */
    readonly subject: string,
    message: string,
  ) {
    super(message);
    this.name = 'LoadshiftError';
  }
}

/** The input (a file or a document) is malformed, inconsistent or refers to something that does not exist. */
export function inputError(subject: string, message: string): LoadshiftError {
  return new LoadshiftError('input', subject, message);
}

/** The command line itself is wrong. */
export function usageError(subject: string, message: string): LoadshiftError {
  return new LoadshiftError('usage', subject, message);
}

/** The cluster refused a command or could not be reached. */
export function clusterError(subject: string, message: string): LoadshiftError {
  return new LoadshiftError('cluster', subject, message);
}

/** A safety guard refused to act. */
export function guardError(subject: string, message: string): LoadshiftError {
  return new LoadshiftError('guard', subject, message);
}
