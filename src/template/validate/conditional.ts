import { HeatstackError } from '../../errors.js';
import { conditionHolds } from '../evaluate/index.js';
import type { Expr, Template } from '../model.js';
import type { Report } from './report.js';
import { forEachCall } from './walk.js';

/**
 * A resource whose condition is false is not in the stack: Heat refuses a `get_resource`/`get_attr` of it from
 * an enabled resource or output (`depends_on` on it is allowed, and an `if` branch not taken is never read).
 * Conditions are judged with the parameter values known before a deploy; one that needs a missing value is
 * left alone.
 */
export function checkReferencesToDisabledResources(
  template: Template,
  known: ReadonlyMap<string, unknown>,
  report: Report,
): void {
  if (Object.keys(template.conditions).length === 0) return;
  const parameters = Object.fromEntries(known);
  const holds = (condition: Expr) => staticCondition(template, condition, parameters);
  const disabled = new Map<string, string>();
  for (const [name, res] of Object.entries(template.resources)) {
    if (res.condition !== undefined && holds(res.condition) === false) disabled.set(name, describe(res.condition));
  }
  if (disabled.size === 0) return;
  for (const [name, res] of Object.entries(template.resources)) {
    if (disabled.has(name)) continue;
    walk(res.properties, report.paths.resource(name, 'properties'), disabled, holds, report);
    if (res.metadata !== undefined)
      walk(res.metadata, report.paths.resource(name, 'metadata'), disabled, holds, report);
  }
  for (const [name, out] of Object.entries(template.outputs)) {
    if (out.condition !== undefined && holds(out.condition) === false) continue;
    walk(out.value, report.paths.output(name, 'value'), disabled, holds, report);
  }
}

function staticCondition(
  template: Template,
  condition: Expr,
  parameters: Record<string, unknown>,
): boolean | undefined {
  try {
    return conditionHolds(template, condition, parameters);
  } catch (e) {
    if (e instanceof HeatstackError) return undefined;
    throw e;
  }
}

function describe(condition: Expr): string {
  return typeof condition === 'string' ? `its condition "${condition}"` : 'its condition';
}

function walk(
  expr: Expr,
  path: string,
  disabled: ReadonlyMap<string, string>,
  holds: (condition: Expr) => boolean | undefined,
  report: Report,
): void {
  forEachCall(
    expr,
    path,
    report.paths,
    (e, argPaths, p) => {
      const [first] = e.args;
      if ((e.fn === 'get_resource' || e.fn === 'get_attr') && typeof first === 'string' && disabled.has(first)) {
        report.error(
          argPaths[0] ?? p,
          `"${first}" is not in the stack: ${disabled.get(first)} is false with the parameters' values; give the referring resource or output the same condition, or guard the reference with if`,
        );
      }
    },
    holds,
  );
}
