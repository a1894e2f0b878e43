import { call, type Expr, type FnName } from '../template/model.js';
import { Intrinsic, type IResolvable, type ResolveContext } from './resolvable.js';
import { resolveJoinItem, resolveValue } from './resolve.js';
import { Token } from './token.js';

/** A Heat function call whose arguments may hold tokens; resolved argument by argument at synth. */
class FnCall extends Intrinsic {
  readonly displayHint: string;
  constructor(
    private readonly fn: FnName,
    private readonly args: readonly unknown[],
  ) {
    super();
    this.displayHint = `Fn.${fn}`;
  }
  resolve(context: ResolveContext): Expr {
    context.functions?.add(this.fn);
    if (this.fn === 'join') return this.resolveJoin(context);
    return call(this.fn, ...this.args.map((a, i) => resolveValue(a, context, this.displayHint, i) ?? null));
  }
  /** Heat's join refuses numbers: an item standing for one (a `number` parameter) is turned into text first. */
  private resolveJoin(context: ResolveContext): Expr {
    const [delimiter, items] = this.args;
    const path = `${this.displayHint}[1]`;
    const list =
      Array.isArray(items) && !Token.isUnresolved(items)
        ? items.map((item, i) => resolveJoinItem(item, context, path, i) ?? null)
        : resolveValue(items, context, this.displayHint, 1);
    return call('join', resolveValue(delimiter, context, this.displayHint, 0) ?? null, list ?? null);
  }
  override toString(): string {
    return Token.asString(this);
  }
}

/**
 * Heat's intrinsic functions, for values known only at deploy time. Each returns a token of the function's result
 * type; when every argument is known at synth, the result is computed right away instead.
 */
export class Fn {
  /**
   * Any Heat function by its dialect-free name (`model.ts`, `FnName`), its arguments as the template has them:
   * `Fn.call('str_replace_strict', { $who: name }, 'hello $who')`. For what has no method here (`heatstack import`
   * writes it where a template uses such a function); wrap it in `Token.asString`/`asList`/`asNumber` for a typed
   * place.
   */
  static call(fn: FnName, ...args: readonly unknown[]): IResolvable {
    return new FnCall(fn, args);
  }

  /** The items joined with a delimiter (`Fn::Join` / `list_join`). */
  static join(delimiter: string, items: readonly string[]): string {
    if (!items.some((i) => Token.isUnresolved(i))) return items.join(delimiter);
    return Token.asString(new FnCall('join', [delimiter, items]));
  }

  /**
   * The item at an index of a list (negative: from the end), or at a key of a map (`Fn::Select`); `''` when there is
   * none.
   */
  static select(index: number | string, list: readonly string[] | Readonly<Record<string, string>>): string {
    if (!Token.isUnresolved(list) && !Token.isUnresolved(index) && Array.isArray(list) && typeof index === 'number') {
      // Python's indexing, as Heat's: negative counts from the end; out of range gives ''.
      return list.at(Math.trunc(index)) ?? '';
    }
    return Token.asString(new FnCall('select', [index, list]));
  }

  /** A string split at a delimiter (`Fn::Split` / `str_split`). */
  static split(delimiter: string, source: string): string[] {
    if (!Token.isUnresolved(source)) return source.split(delimiter);
    return Token.asList(new FnCall('split', [delimiter, source]));
  }

  /** The template with each key of `params` replaced by its value (`Fn::Replace` / `str_replace`). */
  static replace(params: Readonly<Record<string, string>>, template: string): string {
    return Token.asString(new FnCall('replace', [params, template]));
  }

  /**
   * `Fn::Base64`, which — despite its name — gives its string back unchanged: Heat never encoded it
   * (`heat/engine/cfn/functions.py`, `Base64.result`), and refuses only a value that is not a string. Kept for
   * templates that wrap user data in it; to pass base64 text, encode it yourself
   * (`Buffer.from(text).toString('base64')`).
   */
  static base64(value: string): string {
    if (!Token.isUnresolved(value)) return value;
    return Token.asString(new FnCall('base64', [value]));
  }

  /** A digest of the value (`digest`; HOT 2015-04-30 and later). */
  static digest(algorithm: 'md5' | 'sha1' | 'sha224' | 'sha256' | 'sha384' | 'sha512', value: string): string {
    return Token.asString(new FnCall('digest', [algorithm, value]));
  }

  /**
   * The content of a file, by its path or URL relative to the template (`get_file`; HOT only): Heat's client reads it
   * and sends it with the template (user data, a script). A token.
   */
  static getFile(path: string): string {
    return Token.asString(new FnCall('get_file', [path]));
  }

  /** The availability zones of a region, `''` for the stack's own (`Fn::GetAZs` / `get_azs`). A list token. */
  static getAzs(region: string): string[] {
    return Token.asList(new FnCall('get_azs', [region]));
  }

  /** The lists concatenated (`list_concat`; HOT 2017-09-01 and later). */
  static listConcat(...lists: readonly (readonly string[])[]): string[] {
    return Token.asList(new FnCall('list_concat', [lists]));
  }

  /** A condition: the two values are equal (`Fn::Equals` / `equals`). For a `Condition`'s expression. */
  static conditionEquals(a: unknown, b: unknown): IResolvable {
    return new FnCall('equals', [a, b]);
  }

  /** A condition: every one holds (`Fn::And` / `and`). Each is a `Condition` or a condition expression. */
  static conditionAnd(...conditions: readonly (IResolvable | boolean)[]): IResolvable {
    return new FnCall('and', conditions);
  }

  /** A condition: at least one holds (`Fn::Or` / `or`). */
  static conditionOr(...conditions: readonly (IResolvable | boolean)[]): IResolvable {
    return new FnCall('or', conditions);
  }

  /** A condition: it does not hold (`Fn::Not` / `not`). */
  static conditionNot(condition: IResolvable | boolean): IResolvable {
    return new FnCall('not', [condition]);
  }

  /** A condition: the list holds the value (`contains`; HOT 2017-09-01 and later, no CFN spelling). */
  static conditionContains(value: unknown, list: readonly unknown[] | IResolvable): IResolvable {
    return new FnCall('contains', [value, list]);
  }

  /**
   * One of two values, by a condition (`Fn::If` / `if`): `Fn.conditionIf(isProd, 'm1.large', 'm1.small')`. Strings
   * give a string token, lists a list token, anything else a value usable where a property or output takes one.
   */
  static conditionIf(condition: IResolvable, whenTrue: string, whenFalse: string): string;
  static conditionIf(condition: IResolvable, whenTrue: readonly string[], whenFalse: readonly string[]): string[];
  static conditionIf(condition: IResolvable, whenTrue: unknown, whenFalse: unknown): IResolvable;
  static conditionIf(condition: IResolvable, whenTrue: unknown, whenFalse: unknown): unknown {
    const chosen = new FnCall('if', [condition, whenTrue, whenFalse]);
    if (typeof whenTrue === 'string' && typeof whenFalse === 'string') return Token.asString(chosen);
    if (Array.isArray(whenTrue) && Array.isArray(whenFalse)) return Token.asList(chosen);
    return chosen;
  }

  private constructor() {}
}
