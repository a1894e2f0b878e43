import { Resolvable, type ResolveContext } from './resolvable.js';
import { Token } from './token.js';

/** Computes a value at synth time. */
export interface LazyProducer<T> {
  /** Called at synth for each place the value is written, with that place's context; may return tokens. */
  produce(context: ResolveContext): T;
}

export interface LazyOptions {
  /** Shown inside the token string, for debugging. @default 'Lazy' */
  readonly displayHint?: string;
}

class LazyValue<T> extends Resolvable {
  constructor(
    private readonly producer: LazyProducer<T>,
    readonly displayHint: string,
  ) {
    super();
  }
  resolve(context: ResolveContext): unknown {
    return this.producer.produce(context);
  }
  override toString(): string {
    return Token.asString(this);
  }
}

/**
 * Values computed at synth, after the whole app has been built: useful when a value depends on constructs that are
 * added later (a list of every container's name, a count).
 */
export class Lazy {
  static string(producer: LazyProducer<string>, options: LazyOptions = {}): string {
    return Token.asString(new LazyValue(producer, options.displayHint ?? 'Lazy'));
  }

  static number(producer: LazyProducer<number>, options: LazyOptions = {}): number {
    return Token.asNumber(new LazyValue(producer, options.displayHint ?? 'Lazy'));
  }

  static list(producer: LazyProducer<string[]>, options: LazyOptions = {}): string[] {
    return Token.asList(new LazyValue(producer, options.displayHint ?? 'Lazy'));
  }

  /** Any value (a map, a boolean): pass the returned resolvable where the value goes. */
  static any<T>(producer: LazyProducer<T>, options: LazyOptions = {}): Resolvable {
    return new LazyValue(producer, options.displayHint ?? 'Lazy');
  }

  private constructor() {}
}
