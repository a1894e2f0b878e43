import { HeatstackError } from '../../errors.js';
import { findReferences } from '../dependencies.js';
import { type Call, type Expr, isCall, type Template, UnresolvableCall } from '../model.js';
import { hiddenParameterTexts, redactTexts } from '../parameter-values.js';
import { applyFunction, type FunctionEnv } from './functions.js';
import { isMap, pyStr, pyStrOfData } from './python.js';

/**
 * Resolves intrinsic functions with Heat's semantics (`heat/engine/hot/functions.py`, `cfn/functions.py`), for
 * the template's own dialect and version: deploy resolves each resource's properties just before creating it,
 * and the outputs at the end. Iterative, so a deeply nested expression cannot overflow the call stack.
 */

export interface EvaluationContext {
  /** For mappings, conditions and the version (which decides, e.g., whether `list_join` JSON-encodes maps). */
  readonly template: Template;
  /** From `resolveParameters` (pseudo parameters included). */
  readonly parameters: Readonly<Record<string, unknown>>;
  /** `get_resource` / `Ref` of a resource: its physical id. */
  resourceId(name: string): string;
  /** An attribute as spelled in the template, already fetched by the caller; `evaluate` applies paths itself. */
  attribute(resource: string, attribute: string): unknown;
  /**
   * `get_attr: [resource]` (every attribute); without it, a map of each attribute the type lists. Before a resource
   * exists Heat gives `None` for it, as for one attribute.
   */
  allAttributes?(resource: string): unknown;
  /**
   * `get_file`: the contents of a file the template names. Optional — without it, `get_file` is an error
   * (Heat reads files the client sent along; heatstack has no such files map unless the caller gives one).
   */
  readFile?(url: string): string;
}

/** A function could not be resolved: names the function and what was wrong. */
export class EvaluationError extends HeatstackError {
  override name = 'EvaluationError';
  constructor(
    readonly fn: string,
    readonly reason: string,
  ) {
    super(`${fn}: ${reason}`);
  }
}

/** What a 2-argument `if` (HOT 2021-04-16) yields when false: the enclosing item or key is left out. */
export const OMITTED: unique symbol = Symbol('omitted');

type Task =
  | { readonly kind: 'eval'; readonly expr: Expr }
  | { readonly kind: 'list'; readonly count: number }
  | { readonly kind: 'map'; readonly keys: readonly string[] }
  | { readonly kind: 'call'; readonly call: Call }
  | { readonly kind: 'if'; readonly call: Call };

/**
 * The value of `expr` with every function resolved. A 2-argument `if` whose condition is false leaves its
 * enclosing list item or map key out; at the top level it gives `undefined` (the property is not set).
 */
export function evaluate(expr: Expr, ctx: EvaluationContext): unknown {
  const env = environment(ctx);
  const value = withHiddenValuesRedacted(ctx.template, ctx.parameters, () => run(expr, env));
  return value === OMITTED ? undefined : value;
}

/** Runs `work`; an error it throws shows any hidden parameter's value (or part of one) as `******`. */
function withHiddenValuesRedacted<T>(
  template: Template,
  parameters: Readonly<Record<string, unknown>>,
  work: () => T,
): T {
  try {
    return work();
  } catch (e) {
    if (!(e instanceof HeatstackError)) throw e;
    const secrets = hiddenParameterTexts(template, parameters);
    if (secrets.length === 0) throw e;
    if (e instanceof EvaluationError) throw new EvaluationError(e.fn, redactTexts(e.reason, secrets));
    e.message = redactTexts(e.message, secrets);
    throw e;
  }
}

/**
 * Whether a condition holds: a condition name (from the `conditions` section), a boolean, or a condition
 * expression (`equals`, `not`, `and`, `or`, `condition`). Resources and outputs whose condition is false are
 * skipped by deploy.
 */
export function conditionHolds(
  template: Template,
  condition: Expr | string,
  parameters: Readonly<Record<string, unknown>>,
): boolean {
  const env = environment({
    template,
    parameters,
    resourceId: (name) => {
      throw new EvaluationError('get_resource', `conditions cannot refer to resources (${name})`);
    },
    attribute: (name) => {
      throw new EvaluationError('get_attr', `conditions cannot refer to resources (${name})`);
    },
  });
  return withHiddenValuesRedacted(template, parameters, () =>
    typeof condition === 'string' ? env.namedCondition(condition) : env.asCondition(run(condition, env), 'condition'),
  );
}

function environment(ctx: EvaluationContext): FunctionEnv {
  const resolved = new Map<string, boolean | 'in progress'>();
  const env: FunctionEnv = {
    ctx,
    namedCondition(name: string): boolean {
      const known = resolved.get(name);
      if (known === 'in progress')
        throw new EvaluationError('condition', `Circular definition for condition "${name}"`);
      if (known !== undefined) return known;
      if (!Object.hasOwn(ctx.template.conditions, name)) {
        throw new EvaluationError('condition', `Invalid condition "${name}"`);
      }
      // Conditions it names are resolved first, deepest first: a long chain of names never nests calls.
      for (const dependency of namedFirst(ctx.template, name, resolved)) env.namedCondition(dependency);
      resolved.set(name, 'in progress');
      const value = run(ctx.template.conditions[name] as Expr, env);
      if (typeof value !== 'boolean') {
        resolved.delete(name);
        throw new EvaluationError('condition', `The definition of condition "${name}" is invalid: ${pyStr(value)}`);
      }
      resolved.set(name, value);
      return value;
    },
    asCondition(value: unknown, fn: string): boolean {
      if (typeof value === 'boolean') return value;
      if (typeof value === 'string') return env.namedCondition(value);
      if (value === null || value === undefined) return true;
      throw new EvaluationError(fn, `Invalid condition "${pyStrOfData(value)}"`);
    },
  };
  return env;
}

/**
 * The conditions `name` refers to (through `condition`), transitively, in an order where each comes after those
 * it refers to; not `name` itself, nor those already resolved. Iterative; a loop is an EvaluationError.
 */
function namedFirst(template: Template, name: string, resolved: ReadonlyMap<string, unknown>): string[] {
  const order: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: { name: string; next: string[] }[] = [{ name, next: conditionRefs(template, name) }];
  state.set(name, 'open');
  while (stack.length > 0) {
    const top = stack[stack.length - 1] as { name: string; next: string[] };
    const dep = top.next.pop();
    if (dep === undefined) {
      stack.pop();
      state.set(top.name, 'done');
      if (top.name !== name) order.push(top.name);
      continue;
    }
    if (resolved.has(dep) || state.get(dep) === 'done' || !Object.hasOwn(template.conditions, dep)) continue;
    if (state.get(dep) === 'open') throw new EvaluationError('condition', `Circular definition for condition "${dep}"`);
    state.set(dep, 'open');
    stack.push({ name: dep, next: conditionRefs(template, dep) });
  }
  return order;
}

function conditionRefs(template: Template, name: string): string[] {
  return [...findReferences(template.conditions[name] as Expr).conditions];
}

/** Post-order evaluation with an explicit work stack; `if` evaluates only the branch it picks, as Heat does. */
function run(expr: Expr, env: FunctionEnv): unknown {
  const tasks: Task[] = [{ kind: 'eval', expr }];
  const values: unknown[] = [];
  while (tasks.length > 0) {
    const task = tasks.pop() as Task;
    switch (task.kind) {
      case 'eval':
        schedule(task.expr, tasks, values);
        break;
      case 'list': {
        const items = values.splice(values.length - task.count, task.count);
        values.push(items.filter((v) => v !== OMITTED));
        break;
      }
      case 'map': {
        const items = values.splice(values.length - task.keys.length, task.keys.length);
        // `fromEntries` defines own keys: a key named `__proto__` stays a key.
        values.push(Object.fromEntries(task.keys.map((k, i) => [k, items[i]]).filter(([, v]) => v !== OMITTED)));
        break;
      }
      case 'call': {
        const args = values.splice(values.length - task.call.args.length, task.call.args.length);
        values.push(applyFunction(task.call.fn, args, env));
        break;
      }
      case 'if': {
        const condition = env.asCondition(values.pop(), 'if');
        const [, whenTrue, whenFalse] = task.call.args;
        const chosen = condition ? whenTrue : whenFalse;
        if (chosen === undefined) values.push(task.call.args.length === 2 ? OMITTED : null);
        else tasks.push({ kind: 'eval', expr: chosen });
        break;
      }
    }
  }
  return values[0];
}

function schedule(expr: Expr, tasks: Task[], values: unknown[]): void {
  if (isCall(expr)) {
    if (expr instanceof UnresolvableCall) throw new EvaluationError(expr.spelling, expr.reason);
    if (expr.fn === 'if') {
      tasks.push({ kind: 'if', call: expr });
      tasks.push({ kind: 'eval', expr: expr.args[0] ?? null });
      return;
    }
    tasks.push({ kind: 'call', call: expr });
    for (let i = expr.args.length - 1; i >= 0; i--) tasks.push({ kind: 'eval', expr: expr.args[i] as Expr });
  } else if (Array.isArray(expr)) {
    tasks.push({ kind: 'list', count: expr.length });
    for (let i = expr.length - 1; i >= 0; i--) tasks.push({ kind: 'eval', expr: expr[i] as Expr });
  } else if (isMap(expr)) {
    const keys = Object.keys(expr);
    tasks.push({ kind: 'map', keys });
    for (let i = keys.length - 1; i >= 0; i--)
      tasks.push({ kind: 'eval', expr: (expr as Record<string, Expr>)[keys[i] as string] as Expr });
  } else {
    values.push(expr);
  }
}
