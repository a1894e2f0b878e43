import type { Construct } from 'constructs';
import type { ResolveContext } from '../tokens/resolvable.js';
import { requireKnown, resolveValue } from '../tokens/resolve.js';
import { type ConditionKey, conditionKeyOf } from './condition.js';
import { type ElementDefinition, type ReportProblem, StackElement } from './element.js';

export interface OutputProps {
  /** The value: a string (tokens inside it become a join), a token, a list or a map. */
  readonly value: unknown;
  /** What the output is. @default - none */
  readonly description?: string;
  /**
   * The output exists only when this condition holds: a `Condition`, a boolean, or an expression written in place
   * (`Fn.conditionNot(isProd)`, `Fn.conditionEquals(env.valueAsString, 'prod')`). @default - always
   */
  readonly condition?: ConditionKey;
}

/** A value the stack gives back once deployed (`heatstack outputs`), such as the URL of a site. */
export class Output extends StackElement {
  readonly section = 'outputs' as const;

  constructor(
    scope: Construct,
    id: string,
    private readonly props: OutputProps,
  ) {
    super(scope, id);
  }

  /** @internal */
  _synthesize(ctx: ResolveContext, report: ReportProblem): ElementDefinition {
    requireKnown(this.props.description, 'the description');
    const value = resolveValue(this.props.value, ctx, 'Value');
    if (value === undefined) report('the output has no value');
    return {
      section: 'outputs',
      def: {
        value: value ?? null,
        ...(this.props.description !== undefined && { description: this.props.description }),
        ...(this.props.condition !== undefined && { condition: conditionKeyOf(this.props.condition, ctx) }),
      },
    };
  }
}
