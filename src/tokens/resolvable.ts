import type { Dialect, Expr, FnName } from '../template/model.js';

/**
 * Where a value is being resolved: which stack's template, in which dialect, for which element (a resource,
 * parameter or output construct) and at which template path. Tokens use it to spell their function (attribute
 * names differ per resource type) and to refuse references they cannot make (another stack, themselves).
 */
export interface ResolveContext {
  readonly dialect: Dialect;
  /** The stack whose template is being written. */
  readonly stack: object;
  /** The construct whose value is resolved (for messages and self-references). */
  readonly referrer: object;
  /** A readable name of the referrer, its construct path (`BlogStack/Blog`). */
  readonly referrerPath: string;
  /** The template section: references to resources are not allowed in parameters. */
  readonly section: 'parameters' | 'resources' | 'outputs' | 'conditions' | 'mappings';
  /** Collects the functions beyond references and joins that the template uses, to choose its version. */
  readonly functions?: Set<FnName>;
  /** Collects the logical ids of the resources the value refers to (`get_attr`, `get_resource`), for dependencies. */
  readonly references?: string[];
}

const RESOLVABLE = Symbol.for('heatstack.IResolvable');

/**
 * A value known only at synth (`Lazy`) or deploy time (an attribute, a parameter, a function of them).
 * `resolve` returns a template expression, or a plain value that may itself hold tokens (resolved again).
 */
export interface IResolvable {
  /** A short readable hint shown inside the token string (`Database.network_ip`). */
  readonly displayHint: string;
  /**
   * Its value at deploy time is a number (a `number` parameter's): inside a string it is written through
   * `Fn::Replace`/`str_replace`, which turns numbers into text, because Heat's join refuses non-string items.
   */
  readonly numberValued?: boolean;
  resolve(context: ResolveContext): Expr | unknown;
  toString(): string;
}

/**
 * The base of heatstack's resolvables. The brand (a registered symbol on the prototype) tells them apart from user
 * objects that happen to have a `resolve` method, and works across two copies of the library.
 */
export abstract class Resolvable implements IResolvable {
  declare readonly [RESOLVABLE]: true;
  abstract readonly displayHint: string;
  /** @internal Its string token, once asked for (cheaper than a map from resolvables to strings). */
  _tokenString?: string = undefined;
  abstract resolve(context: ResolveContext): unknown;
}
Object.defineProperty(Resolvable.prototype, RESOLVABLE, { value: true });

/**
 * A resolvable that stands for a Heat function (an attribute, a parameter, `Fn.join`…) and resolves to a finished
 * expression, its arguments already resolved: nothing in it needs walking again.
 */
export abstract class Intrinsic extends Resolvable {
  abstract override resolve(context: ResolveContext): Expr;
}

export function isResolvable(value: unknown): value is IResolvable {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[RESOLVABLE] === true;
}
