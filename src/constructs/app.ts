import { type StackTemplate, synthesizeStacks } from '../synth/synthesizer.js';
import type { Dialect } from '../template/model.js';
import { Construct } from './private/constructs-lib.js';
import { Stack } from './stack.js';

const APP = Symbol.for('heatstack.App');
/**
 * While an app file loads, the Apps it creates, whichever copy of the library creates them: `loadAppFile` finds
 * them here. Nothing is recorded otherwise, so that tests creating thousands of apps keep none alive.
 */
const RECORDER = Symbol.for('heatstack.appRecorder');

export interface SynthOptions {
  /** The template dialect: `cfn` (`HeatTemplateFormatVersion`, `Fn::GetAtt`) or `hot` (`get_attr`). @default 'cfn' */
  readonly dialect?: Dialect;
}

/** The root of a construct tree: holds the stacks. An app file creates one and adds stacks to it. */
export class App extends Construct {
  static isApp(x: unknown): x is App {
    return typeof x === 'object' && x !== null && (x as Record<symbol, unknown>)[APP] === true;
  }

  /** @internal Runs `load`, returning the Apps created meanwhile with its result. */
  static async _recordCreated<T>(load: () => Promise<T>): Promise<{ result: T; created: App[] }> {
    const g = globalThis as unknown as Record<symbol, App[] | undefined>;
    const outer = g[RECORDER];
    const created: App[] = [];
    g[RECORDER] = created;
    try {
      return { result: await load(), created };
    } finally {
      g[RECORDER] = outer;
      outer?.push(...created);
    }
  }

  constructor() {
    super(undefined as unknown as Construct, '');
    (globalThis as unknown as Record<symbol, App[] | undefined>)[RECORDER]?.push(this);
  }

  /** The app's stacks, in the order they were created. */
  get stacks(): Stack[] {
    return this.node.children.filter((c): c is Stack => Stack.isStack(c));
  }

  /**
   * Each stack's template as the `Template` model, checked: throws a `SynthError` listing every problem (invalid
   * properties, tokens used where they cannot stand, reference cycles), each with its construct path.
   */
  synth(options: SynthOptions = {}): StackTemplate[] {
    return synthesizeStacks(this.stacks, options.dialect ?? 'cfn');
  }
}
Object.defineProperty(App.prototype, APP, { value: true });
