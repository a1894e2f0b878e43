import { HeatstackError } from '../../errors.js';
import { evaluate } from '../../template/evaluate/index.js';
import type { Expr, Template } from '../../template/model.js';

/**
 * A value the expansion must know before the deploy starts (a group's `count`, a member's type), from the
 * parameters alone: a reference to a resource there is a user error naming where it is.
 */
export function staticValue(
  expr: Expr | undefined,
  template: Template,
  parameters: Readonly<Record<string, unknown>>,
  where: string,
): unknown {
  if (expr === undefined) return undefined;
  const unknown = (): never => {
    throw new HeatstackError(`${where}: must be known before the deploy starts (from parameters, not resources)`);
  };
  return evaluate(expr, { template, parameters, resourceId: unknown, attribute: unknown });
}
