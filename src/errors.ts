/**
 * A mistake a person can act on: the CLI prints its message — never a stack trace — and exits 1.
 * Subclasses name where the mistake is (a construct path, a template path) in the message itself.
 */
export class HeatstackError extends Error {
  override name = 'HeatstackError';
}

/** Bad command-line usage: the CLI prints the message and exits 2. */
export class UsageError extends HeatstackError {
  override name = 'UsageError';
}
