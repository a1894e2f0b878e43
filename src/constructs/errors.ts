import { HeatstackError } from '../errors.js';

/** One problem found at synth: the construct it is about and what is wrong. */
export interface SynthProblem {
  /** The construct path, `BlogStack/Blog`. */
  readonly path: string;
  /** Where the construct was created, `examples/site.ts:14:5`. */
  readonly source?: string;
  readonly message: string;
}

/** Every problem found while synthesizing an app, each naming its construct and where it was created. */
export class SynthError extends HeatstackError {
  override name = 'SynthError';
  constructor(readonly problems: readonly SynthProblem[]) {
    super(
      problems.length === 1
        ? formatProblem(problems[0]!)
        : `${problems.length} problems:\n${problems.map((p) => `  ${formatProblem(p)}`).join('\n')}`,
    );
  }
}

export function formatProblem(p: SynthProblem): string {
  return `${p.path}${p.source ? ` (created at ${p.source})` : ''}: ${p.message}`;
}
