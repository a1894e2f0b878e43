import type { Construct } from 'constructs';
import { call, type Expr, type ExprMap } from '../template/model.js';
import { TokenError } from '../tokens/errors.js';
import { Intrinsic, type ResolveContext } from '../tokens/resolvable.js';
import { resolveValue } from '../tokens/resolve.js';
import { Token } from '../tokens/token.js';
import { type ElementDefinition, type ReportProblem, StackElement } from './element.js';

export interface MappingProps {
  /** Two levels of keys, then the value: `{ 'm1.small': { cpus: 1 }, 'm1.large': { cpus: 4 } }`. */
  readonly mapping: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

/**
 * A table of values looked up by two keys (CFN's `Mappings` and `Fn::FindInMap`). HOT has no mappings: there, a
 * lookup whose keys are known at synth is replaced by its value, and one whose keys are known only at deploy time
 * (a parameter) is a synth error naming the construct.
 */
export class Mapping extends StackElement {
  readonly section = 'mappings' as const;

  constructor(
    scope: Construct,
    id: string,
    private readonly props: MappingProps,
  ) {
    super(scope, id);
  }

  /** The value at `key1`, `key2`, as a string token (`Fn::FindInMap: [Mapping, key1, key2]`). */
  findInMap(key1: string, key2: string): string {
    return Token.asString(new FindInMap(this, key1, key2));
  }

  /** @internal The value at two literal keys, or undefined. */
  _valueAt(key1: string, key2: string): unknown {
    const row = Object.hasOwn(this.props.mapping, key1) ? this.props.mapping[key1] : undefined;
    return row !== undefined && Object.hasOwn(row, key2) ? row[key2] : undefined;
  }

  /** @internal */
  _synthesize(ctx: ResolveContext, report: ReportProblem): ElementDefinition {
    if (ctx.dialect === 'hot') return { section: 'mappings', def: undefined };
    const def = resolveValue(this.props.mapping, ctx, 'Mapping');
    if (def === undefined || typeof def !== 'object' || def === null) report('the mapping must be a map of maps');
    return { section: 'mappings', def: def as ExprMap };
  }
}

class FindInMap extends Intrinsic {
  readonly displayHint: string;
  constructor(
    private readonly mapping: Mapping,
    private readonly key1: string,
    private readonly key2: string,
  ) {
    super();
    this.displayHint = `${mapping.node.id}.FindInMap`;
  }

  resolve(ctx: ResolveContext): Expr {
    const { mapping, key1, key2 } = this;
    if (mapping.stack !== ctx.stack) {
      throw new TokenError(`${ctx.referrerPath} looks up ${mapping.node.path}, which is in another stack`);
    }
    const literal = !Token.isUnresolved(key1) && !Token.isUnresolved(key2);
    if (ctx.dialect === 'cfn') {
      if (literal && mapping._valueAt(key1, key2) === undefined) throw this.missing(ctx);
      ctx.functions?.add('find_in_map');
      const keys = [resolveValue(key1, ctx, this.displayHint, 1), resolveValue(key2, ctx, this.displayHint, 2)];
      return call('find_in_map', mapping.logicalId, ...keys.map((k) => k ?? null));
    }
    if (!literal) {
      throw new TokenError(
        `${ctx.referrerPath}: ${mapping.node.path}.findInMap with a key known only at deploy time cannot be written in HOT, which has no mappings: use literal keys, the cfn dialect, or a parameter with allowed values`,
      );
    }
    const value = mapping._valueAt(key1, key2);
    if (value === undefined) throw this.missing(ctx);
    // The lookup is a string token, used as a string (inside a join, Heat refuses a number).
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    return resolveValue(value, ctx, this.displayHint) ?? null;
  }

  private missing(ctx: ResolveContext): TokenError {
    return new TokenError(`${ctx.referrerPath}: ${this.mapping.node.path} has no value at ${this.key1}.${this.key2}`);
  }

  override toString(): string {
    return Token.asString(this);
  }
}
