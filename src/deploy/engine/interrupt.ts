import { InterruptedError } from '../handler.js';
import type { EngineOptions } from './services.js';

/**
 * Interrupting a run (Ctrl-C, or any abort of `EngineOptions.signal`): no operation starts after it, those under way
 * finish (a handler may give up a create, leaving nothing), and the run then does what it does after a failure — a
 * deploy rolls back, with the signal no longer heard, so the rollback itself is never cut short by it.
 */

/** How an interrupted run reports itself. */
export const INTERRUPTED = 'interrupted (Ctrl-C)';

/** Whether a handler gave up on the signal: heatstack's own error, or the platform's `AbortError`. */
export function isInterruption(err: unknown): boolean {
  return err instanceof InterruptedError || (err instanceof Error && err.name === 'AbortError');
}

/** The options without the signal: what a rollback runs with. */
export function unstoppable(options: EngineOptions): EngineOptions {
  return { ...options, signal: undefined };
}

/**
 * Tells the listener once, when the signal aborts (at once if it has already), what the run does about it; `notice`
 * is asked then, so it can depend on how far the run got. Returns the function that stops watching.
 */
export function watchInterrupt(options: EngineOptions, notice: () => string): () => void {
  const signal = options.signal;
  if (signal === undefined || options.onInterrupt === undefined) return () => undefined;
  const tell = (): void => options.onInterrupt?.(notice());
  if (signal.aborted) {
    tell();
    return () => undefined;
  }
  signal.addEventListener('abort', tell, { once: true });
  return () => signal.removeEventListener('abort', tell);
}
