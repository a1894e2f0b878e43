import { mayHoldToken, numberTokenIndex, splitFragments } from './private/encoding.js';
import { registerList, registerNumber, registerString } from './private/token-map.js';
import { type IResolvable, isResolvable } from './resolvable.js';

/**
 * Turns a resolvable into a value of the type a property expects. The value stands for the resolvable until
 * synth, which writes the Heat function it means.
 */
export class Token {
  /**
   * A string such as `${Token[Database.network_ip.3123456789]}`; usable in template literals and concatenation.
   * Its text is only a placeholder: its `.length` and characters are not the value's, and a string
   * operation that changes it (`.slice()`, `.replace()`, `new URL()` of it) is an error at synth.
   */
  static asString(value: IResolvable): string {
    return registerString(value);
  }

  /** A number token: use it where a number goes (`memory`, `cpuShares`), not in arithmetic. */
  static asNumber(value: IResolvable): number {
    return registerNumber(value);
  }

  /** A one-element list standing for a whole list: pass it as is, do not index or spread it. */
  static asList(value: IResolvable): string[] {
    return registerList(value);
  }

  /** Whether a value is or holds a token, and so is known only at synth or deploy time. */
  static isUnresolved(value: unknown): boolean {
    if (typeof value === 'string')
      return mayHoldToken(value) && splitFragments(value).some((f) => f.kind !== 'literal');
    if (typeof value === 'number') return numberTokenIndex(value) !== undefined;
    if (Array.isArray(value)) return value.length === 1 && Token.isUnresolved(value[0]);
    return isResolvable(value);
  }

  private constructor() {}
}
