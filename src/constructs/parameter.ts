import type { Construct } from 'constructs';
import { call, type Expr, type ParameterConstraint, type ParameterType, type Scalar } from '../template/model.js';
import { Intrinsic, type IResolvable, type ResolveContext } from '../tokens/resolvable.js';
import { requireKnown, resolveValue } from '../tokens/resolve.js';
import { Token } from '../tokens/token.js';
import { type ElementDefinition, type ReportProblem, StackElement } from './element.js';
import { _checkReference } from './resource.js';

export interface ParameterProps {
  /** The parameter's type. @default 'string' */
  readonly type?: ParameterType;
  /**
   * The value used when none is given at deploy (a list's items as Heat keeps them: `[4, 5, 6]` stays numbers).
   * @default - a value must be given
   */
  readonly default?: string | number | boolean | readonly unknown[] | Readonly<Record<string, unknown>>;
  /** What the parameter is for. @default - none */
  readonly description?: string;
  /** A short name shown to people. @default - none */
  readonly label?: string;
  /** Never show the value (`NoEcho` / `hidden`): for passwords. @default false */
  readonly hidden?: boolean;
  /** The only values allowed. @default - any */
  readonly allowedValues?: readonly Scalar[];
  /** A regular expression the whole value must match. @default - any */
  readonly allowedPattern?: string;
  /** The shortest length allowed (strings, lists). @default - no minimum */
  readonly minLength?: number;
  /** The longest length allowed (strings, lists). @default - no maximum */
  readonly maxLength?: number;
  /** The smallest number allowed. @default - no minimum */
  readonly minValue?: number;
  /** The largest number allowed. @default - no maximum */
  readonly maxValue?: number;
  /** Shown when a value breaks a constraint, instead of the constraint itself. @default - the constraint */
  readonly constraintDescription?: string;
  /**
   * Constraints as Heat lists them (any kind, each with its own description), after those of the props above:
   * `[{ kind: 'modulo', step: 2, offset: 0 }, { kind: 'custom_constraint', name: 'nova.flavor' }]`. @default - none
   */
  readonly constraints?: readonly ParameterConstraint[];
  /** The value cannot change once the stack exists (HOT `immutable`). @default false */
  readonly immutable?: boolean;
  /** Tags (HOT `tags`). @default - none */
  readonly tags?: readonly string[];
}

/** An input of the stack, given at deploy. Its value is a token: use it wherever the value goes. */
export class Parameter extends StackElement {
  readonly section = 'parameters' as const;
  readonly type: ParameterType;
  private readonly reference: ParameterReference;

  constructor(
    scope: Construct,
    id: string,
    private readonly props: ParameterProps = {},
  ) {
    super(scope, id);
    this.type = props.type ?? 'string';
    this.reference = new ParameterReference(this);
  }

  /** The value, as a string token. */
  get valueAsString(): string {
    return Token.asString(this.reference);
  }

  /** The value, as a number token (for `number` parameters). */
  get valueAsNumber(): number {
    return Token.asNumber(this.reference);
  }

  /** The value, as a list token (for `comma_delimited_list` parameters). */
  get valueAsList(): string[] {
    return Token.asList(this.reference);
  }

  /** The value, as a resolvable of any type (for `json` and `boolean` parameters). */
  get value(): IResolvable {
    return this.reference;
  }

  /** @internal */
  _synthesize(ctx: ResolveContext, report: ReportProblem): ElementDefinition {
    const p = this.props;
    requireKnown(p.description, 'the description');
    requireKnown(p.label, 'the label');
    if (!PARAMETER_TYPES.includes(this.type)) {
      report(`the type '${this.type}' is not one of ${PARAMETER_TYPES.join(', ')}`);
    }
    const dflt = resolveValue(p.default, ctx, 'Default');
    const constraints = [...constraintsOf(p), ...(p.constraints ?? [])];
    if (dflt !== undefined) for (const message of checkDefault(dflt, constraints)) report(message);
    return {
      section: 'parameters',
      def: {
        type: this.type,
        ...(dflt !== undefined && { default: dflt }),
        ...(p.description !== undefined && { description: p.description }),
        ...(p.label !== undefined && { label: p.label }),
        ...(p.hidden && { hidden: true }),
        ...(p.immutable !== undefined && { immutable: p.immutable }),
        ...(p.tags !== undefined && { tags: p.tags }),
        constraints,
        ...(constraints.length === 0 &&
          p.constraintDescription !== undefined && {
            constraintDescription: p.constraintDescription,
          }),
      },
    };
  }
}

class ParameterReference extends Intrinsic {
  readonly displayHint: string;
  constructor(private readonly parameter: Parameter) {
    super();
    this.displayHint = `${parameter.node.id}.Value`;
  }
  get numberValued(): boolean {
    return this.parameter.type === 'number';
  }
  resolve(ctx: ResolveContext): Expr {
    if (ctx.section !== 'parameters') _checkReference(this.parameter, 'its value', ctx);
    return call('get_param', this.parameter.logicalId);
  }
  override toString(): string {
    return Token.asString(this);
  }
}

const PARAMETER_TYPES: readonly ParameterType[] = ['string', 'number', 'comma_delimited_list', 'json', 'boolean'];

function constraintsOf(p: ParameterProps): ParameterConstraint[] {
  const description = p.constraintDescription !== undefined ? { description: p.constraintDescription } : {};
  const out: ParameterConstraint[] = [];
  if (p.allowedValues !== undefined) out.push({ kind: 'allowed_values', values: p.allowedValues, ...description });
  if (p.allowedPattern !== undefined) out.push({ kind: 'allowed_pattern', pattern: p.allowedPattern, ...description });
  if (p.minLength !== undefined || p.maxLength !== undefined) {
    out.push({ kind: 'length', ...optional('min', p.minLength), ...optional('max', p.maxLength), ...description });
  }
  if (p.minValue !== undefined || p.maxValue !== undefined) {
    out.push({ kind: 'range', ...optional('min', p.minValue), ...optional('max', p.maxValue), ...description });
  }
  return out;
}

function optional<K extends string>(key: K, value: number | undefined): { [k in K]?: number } {
  return (value === undefined ? {} : { [key]: value }) as { [k in K]?: number };
}

/** A default that breaks the parameter's own constraints would fail every deploy that relies on it. */
function checkDefault(value: Expr, constraints: readonly ParameterConstraint[]): string[] {
  if (typeof value !== 'string' && typeof value !== 'number') return [];
  const problems: string[] = [];
  const length = String(value).length;
  for (const c of constraints) {
    if (c.kind === 'allowed_values' && !c.values.includes(value)) {
      problems.push(`the default '${value}' is not one of the allowed values ${c.values.join(', ')}`);
    } else if (c.kind === 'allowed_pattern' && !new RegExp(`^(?:${c.pattern})$`).test(String(value))) {
      problems.push(`the default '${value}' does not match the allowed pattern ${c.pattern}`);
    } else if (
      c.kind === 'length' &&
      ((c.min !== undefined && length < c.min) || (c.max !== undefined && length > c.max))
    ) {
      problems.push(`the default's length ${length} is outside ${c.min ?? ''}..${c.max ?? ''}`);
    } else if (
      c.kind === 'range' &&
      typeof value === 'number' &&
      ((c.min !== undefined && value < c.min) || (c.max !== undefined && value > c.max))
    ) {
      problems.push(`the default ${value} is outside ${c.min ?? ''}..${c.max ?? ''}`);
    }
  }
  return problems;
}
