import type { ConditionDecider } from '../dependencies.js';
import { conditionHolds, EvaluationError } from '../evaluate/index.js';
import { type Expr, isCall, type Template } from '../model.js';
import { isPseudoParameter } from '../parameter-values.js';
import { walkCalls } from '../walk-calls.js';
import type { Report } from './report.js';
import { forEachCall } from './walk.js';

/**
 * Conditions as Heat uses them (`heat/engine/conditions.py`, `hot/functions.py` `If`): it resolves each condition a
 * resource, an output or an `if` uses — an `if` as it parses the template, reading only the branch it takes — so a
 * condition that cannot be resolved (`not: [c]`, `and: [{condition: c}, true]`: a list or a map where a condition
 * name or function belongs) fails there, while an unused definition is never resolved.
 */

/** Whether a condition holds with the parameter values known before a deploy; undefined when they do not tell. */
export function conditionDecider(template: Template, known: ReadonlyMap<string, unknown>): ConditionDecider {
  const values = Object.fromEntries(known);
  return (condition) => {
    try {
      return conditionHolds(template, condition as Expr, values);
    } catch {
      return undefined;
    }
  };
}

/** Why Heat cannot resolve this condition, or undefined when it can (or a parameter's value is not known yet). */
function unresolvable(
  template: Template,
  condition: Expr,
  known: Readonly<Record<string, unknown>>,
): string | undefined {
  try {
    conditionHolds(template, condition, known);
    return undefined;
  } catch (e) {
    if (!(e instanceof EvaluationError) || /was not provided/.test(e.reason)) return undefined;
    // An unknown name written as such, a circle of names, a definition that is no condition: the reference checks
    // report those (a name a function computes, `Fn::If: [{Ref: P}, …]`, is this check's).
    if (/Circular definition|The definition of condition/.test(e.reason)) return undefined;
    const invalid = /^Invalid condition "([^"[{]*)"$/.exec(e.reason);
    if (invalid !== null && writtenIn(condition, invalid[1] as string)) return undefined;
    return e.reason;
  }
}

/**
 * A parameter reference in the condition itself (not through a named condition, whose definition is checked where
 * it stands) to a name that is no parameter: Heat resolves the condition as it parses, and fails, even in an output
 * (whose other references it checks only when it resolves it). In CFN a condition's `Ref` reads parameters only.
 * (Also for a `get_attr` name, which Heat resolves as it validates.)
 */
export function unknownParameter(template: Template, condition: Expr): string | undefined {
  let problem: string | undefined;
  walkCalls([condition], (e) => {
    const [name] = e.args;
    if (e.fn !== 'get_param' || typeof name !== 'string' || isParameter(template, name)) return undefined;
    if (Object.hasOwn(template.resources, name))
      problem = `The specified reference "${name}" is incorrect: a condition's Ref names a parameter, and "${name}" is a resource`;
    else
      problem =
        template.version.dialect === 'cfn'
          ? `The specified reference "${name}" is incorrect: it is not a parameter of this template`
          : `The Parameter (${name}) was not provided: it is not a parameter of this template`;
    return 'stop';
  });
  return problem;
}

/** Whether `name` is written as a string anywhere in `expr`. */
function writtenIn(expr: Expr, name: string): boolean {
  const pending: unknown[] = [expr];
  while (pending.length > 0) {
    const e = pending.pop();
    if (e === name) return true;
    if (e !== null && typeof e === 'object')
      pending.push(...(isCall(e as Expr) ? (e as { args: Expr[] }).args : Object.values(e)));
  }
  return false;
}

function isParameter(template: Template, name: string): boolean {
  return Object.hasOwn(template.parameters, name) || isPseudoParameter(template, name);
}

/** Each condition a resource, an output or a taken `if` uses resolves; otherwise an error at its place. */
export function checkConditionsResolve(
  template: Template,
  known: ReadonlyMap<string, unknown>,
  decide: ConditionDecider,
  report: Report,
): void {
  const values = Object.fromEntries(known);
  const check = (condition: Expr, path: string) => {
    const problem = unknownParameter(template, condition) ?? unresolvable(template, condition, values);
    if (problem !== undefined) report.error(path, problem);
  };
  const { paths } = report;
  for (const [name, res] of Object.entries(template.resources)) {
    if (res.condition !== undefined) check(res.condition, paths.resource(name, 'condition'));
    checkIfs(res.properties, paths.resource(name, 'properties'), decide, report, check);
  }
  for (const [name, out] of Object.entries(template.outputs)) {
    if (out.condition !== undefined) check(out.condition, paths.output(name, 'condition'));
    checkIfs(out.value, paths.output(name, 'value'), decide, report, check);
  }
}

/** Every `if` in the branches Heat reads: its condition checked. */
function checkIfs(
  expr: Expr,
  path: string,
  decide: ConditionDecider,
  report: Report,
  check: (condition: Expr, path: string) => void,
): void {
  forEachCall(
    expr,
    path,
    report.paths,
    (c, argPaths, p) => {
      if (c.fn === 'if') check(c.args[0] as Expr, argPaths[0] ?? p);
    },
    decide,
  );
}
