import type { Construct } from 'constructs';
import { call, type Expr } from '../template/model.js';
import { TokenError } from '../tokens/errors.js';
import type { IResolvable, ResolveContext } from '../tokens/resolvable.js';
import { resolveValue } from '../tokens/resolve.js';
import { Token } from '../tokens/token.js';
import { type ElementDefinition, type ReportProblem, StackElement } from './element.js';

export interface ConditionProps {
  /**
   * What decides it, from parameters only: `Fn.conditionEquals(env.valueAsString, 'prod')`, `Fn.conditionAnd(…)`,
   * `Fn.conditionOr(…)`, `Fn.conditionNot(…)`, `Fn.conditionContains(…)` (HOT), another `Condition`, or a boolean.
   */
  readonly expression: IResolvable | boolean;
}

/**
 * A named condition (`Conditions` / `conditions`), decided from parameter values when the stack is created. A
 * resource or output with `condition: c` exists only when it holds; `Fn.conditionIf(c, a, b)` picks a value by it;
 * it may be part of another condition's expression. In CFN a template with conditions is written as
 * `AWSTemplateFormatVersion: '2010-09-09'` (Heat's `HeatTemplateFormatVersion` has none); in HOT from 2016-10-14.
 */
export class Condition extends StackElement implements IResolvable {
  readonly section = 'conditions' as const;
  readonly displayHint: string;

  constructor(
    scope: Construct,
    id: string,
    private readonly props: ConditionProps,
  ) {
    super(scope, id);
    this.displayHint = `${id}.Condition`;
  }

  /** Used inside another expression: a reference to this condition by name. */
  resolve(ctx: ResolveContext): Expr {
    if (this.stack !== ctx.stack) {
      throw new TokenError(
        `${ctx.referrerPath} uses the condition ${this.node.path}, which is in another stack (${this.stack.stackName})`,
      );
    }
    if (ctx.referrer === this) throw new TokenError(`${this.node.path} is part of its own expression`);
    ctx.functions?.add('condition');
    return call('condition', this.logicalId);
  }

  override toString(): string {
    return Token.asString(this);
  }

  /** @internal */
  _synthesize(ctx: ResolveContext, report: ReportProblem): ElementDefinition {
    // A template with conditions needs a version that has them: the version is chosen when functions are used.
    ctx.functions?.add('condition');
    const def = resolveValue(this.props.expression, ctx, 'Condition');
    if (def === undefined) report('the condition has no expression');
    return { section: 'conditions', def: def ?? false };
  }
}
Object.defineProperty(Condition.prototype, Symbol.for('heatstack.IResolvable'), { value: true });

/**
 * What a resource's or output's `condition` key takes: a named `Condition`, a boolean, or (as Heat reads that key) a
 * condition expression written in place, such as `Fn.conditionNot(isProd)`.
 */
export type ConditionKey = Condition | IResolvable | boolean;

/**
 * The `condition` key's value: a `Condition`'s name, a boolean as it is, or an expression resolved as a condition
 * (from parameters and other conditions only, as in the `conditions` section).
 */
export function conditionKeyOf(condition: ConditionKey, ctx: ResolveContext): Expr {
  if (condition instanceof Condition) return conditionNameOf(condition, ctx);
  if (typeof condition === 'boolean') return condition;
  // An expression needs a template version with conditions, as a named one does.
  ctx.functions?.add('condition');
  const def = resolveValue(condition, { ...ctx, section: 'conditions' }, 'Condition');
  if (def === undefined) throw new TokenError(`${ctx.referrerPath}: the condition has no expression`);
  return def;
}

/**
 * The name a resource's or output's `condition` key holds, for a `Condition` used there (checked to be of the
 * referring element's stack).
 */
export function conditionNameOf(condition: Condition, ctx: ResolveContext): string {
  const resolved = resolveValue(condition, ctx, 'Condition');
  const args = (resolved as { args?: readonly unknown[] }).args;
  return typeof args?.[0] === 'string' ? args[0] : condition.logicalId;
}
