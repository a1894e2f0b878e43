import type { EngineOptions } from '../deploy/engine/stack-engine.js';
import type { StackRecord } from '../deploy/state/record.js';
import type { Reporter } from './progress.js';

/** What a verb that changes a stack gives the engine so that Ctrl-C interrupts it cleanly. */
export interface CtrlC {
  /** The engine options to run with: the signal the first Ctrl-C aborts, and where the engine's notice goes. */
  readonly options: Pick<EngineOptions, 'signal' | 'onInterrupt'>;
  dispose(): void;
}

/**
 * The first Ctrl-C interrupts the run: the engine starts nothing new, says what it does about it (a deploy rolls
 * back completely), and the verb ends by saying where the stack is. A second Ctrl-C quits at once; the stack's
 * record keeps the run marked as pending, so the next run finds what it left and recovers.
 */
export function interruptOnCtrlC(verb: string, stackName: string, reporter: Pick<Reporter, 'notice'>): CtrlC {
  const controller = new AbortController();
  const second = (): void => {
    process.stderr.write(
      `\nquit (Ctrl-C twice): the ${verb} of stack '${stackName}' stopped where it was; ` +
        'the next deploy or destroy of the stack recovers it\n',
    );
    process.exit(130);
  };
  const first = (): void => {
    controller.abort();
    process.once('SIGINT', second);
  };
  process.once('SIGINT', first);
  return {
    options: {
      signal: controller.signal,
      onInterrupt: (notice) =>
        reporter.notice(`interrupted (Ctrl-C): ${notice} (Ctrl-C again to quit at once; the next run recovers)`),
    },
    dispose: () => {
      process.off('SIGINT', first);
      process.off('SIGINT', second);
    },
  };
}

/** How an interrupted destroy, suspend or resume ends: where the stack is, and how to go on. */
export function interruptedLine(verb: string, stackName: string, record: StackRecord): string {
  const reason = record.statusReason.replace(/^Stack \w+ /, '');
  return `heatstack: ${verb} of stack '${stackName}' ${reason}\nStack ${stackName}: ${record.status}\n`;
}
