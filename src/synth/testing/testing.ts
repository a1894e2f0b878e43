import { App } from '../../constructs/app.js';
import { Stack } from '../../constructs/stack.js';
import { emitTemplate } from '../../template/emit/index.js';
import type { Dialect, Format } from '../../template/model.js';
import { synthesizeStack } from '../synthesizer.js';

export interface TestingSynthOptions {
  /** @default 'cfn' */
  readonly dialect?: Dialect;
  /** @default 'yaml' */
  readonly format?: Format;
}

/** Helpers for tests of stacks: a fresh app or stack, and a stack's template text for snapshots. */
export class Testing {
  /** A new, empty app. */
  static app(): App {
    return new App();
  }

  /** A new stack in a new app (or the one given). */
  static stack(id = 'Test', app: App = Testing.app()): Stack {
    return new Stack(app, id);
  }

  /** The stack's template file text, byte for byte what `heatstack synth` writes: compare it with a snapshot. */
  static synth(stack: Stack, options: TestingSynthOptions = {}): string {
    const dialect = options.dialect ?? 'cfn';
    return emitTemplate(synthesizeStack(stack, dialect), {
      dialect,
      format: options.format ?? 'yaml',
      version: 'auto',
    });
  }

  private constructor() {}
}
