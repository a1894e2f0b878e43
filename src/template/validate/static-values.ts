import { HeatstackError } from '../../errors.js';
import { evaluate } from '../evaluate/index.js';
import type { Expr, ExprMap, Template } from '../model.js';
import { isCall } from '../model.js';
import { parseParameterValue, pseudoParameterValues } from '../parameter-values.js';

/**
 * Heat, validating a stack it is about to create, resolves each property whose value does not depend on another
 * resource (parameters, conditions and pure functions only) and checks the result against the property schema
 * (`Properties._resolve_user_value`). This does the same with the values known before a deploy: given values,
 * else defaults. A property that needs a resource, or a parameter with no value yet, stays unresolved and is
 * skipped by the schema check.
 */

/** Parameter values known before a deploy: given or default, typed; pseudo parameters get stand-in values. */
export function knownParameterValues(
  template: Template,
  given: Readonly<Record<string, string>>,
): Map<string, unknown> {
  const known = new Map<string, unknown>(
    Object.entries(
      pseudoParameterValues(template, { stackName: 'stack', stackId: '00000000-0000-0000-0000-000000000000' }),
    ),
  );
  for (const [name, def] of Object.entries(template.parameters)) {
    const raw = Object.hasOwn(given, name) ? given[name] : isCall(def.default) ? undefined : def.default;
    if (raw === undefined || raw === null) continue;
    const typed = parseParameterValue(def.type, raw);
    if ('value' in typed) known.set(name, typed.value);
  }
  return known;
}

export interface ResolvedProperties {
  /** The properties with every statically resolvable value resolved; the rest as written. */
  readonly properties: ExprMap;
  /** Properties whose resolution failed the way it would fail in Heat (a join of a number, a bad index…). */
  readonly failures: readonly { readonly key: string; readonly message: string }[];
}

export function resolveStaticProperties(
  template: Template,
  properties: ExprMap,
  known: ReadonlyMap<string, unknown>,
): ResolvedProperties {
  // A Map, then `fromEntries`: a property named `__proto__` stays a property (and is reported as unknown).
  const out = new Map<string, Expr>();
  const failures: { key: string; message: string }[] = [];
  const parameters = Object.fromEntries(known);
  for (const [key, value] of Object.entries(properties)) {
    if (!isResolvable(template, value, known)) {
      out.set(key, value);
      continue;
    }
    try {
      const resolved = evaluate(value, { template, parameters, resourceId: unreachable, attribute: unreachable });
      if (resolved !== undefined) out.set(key, resolved as Expr);
    } catch (e) {
      if (!(e instanceof HeatstackError)) throw e;
      failures.push({ key, message: e.message });
      out.set(key, value);
    }
  }
  return { properties: Object.fromEntries(out), failures };
}

/**
 * One value resolved statically when it needs no resource and no unknown parameter: its value, or the error
 * Heat would meet resolving it; `undefined` when it cannot be resolved before a deploy.
 */
export function tryResolveStatically(
  template: Template,
  value: Expr,
  known: ReadonlyMap<string, unknown>,
): { value: unknown } | { error: string } | undefined {
  if (!isResolvable(template, value, known)) return undefined;
  try {
    return {
      value: evaluate(value, {
        template,
        parameters: Object.fromEntries(known),
        resourceId: unreachable,
        attribute: unreachable,
      }),
    };
  } catch (e) {
    if (!(e instanceof HeatstackError)) throw e;
    return { error: e.message };
  }
}

function unreachable(): never {
  throw new HeatstackError('a statically resolvable value refers to a resource');
}

/** No resource references, no functions heatstack cannot run, and every parameter (in conditions too) known. */
function isResolvable(template: Template, value: Expr, known: ReadonlyMap<string, unknown>): boolean {
  const stack: Expr[] = [value];
  const conditionsSeen = new Set<string>();
  let calls = 0;
  while (stack.length > 0) {
    const e = stack.pop() as Expr;
    if (e === null || typeof e !== 'object') continue;
    if (isCall(e)) {
      calls++;
      if (UNRESOLVABLE.has(e.fn)) return false;
      const [first] = e.args;
      if (e.fn === 'get_param' && (typeof first !== 'string' || !known.has(first))) return false;
      if (e.fn === 'condition' && typeof first === 'string' && !conditionsSeen.has(first)) {
        conditionsSeen.add(first);
        if (!Object.hasOwn(template.conditions, first)) return false;
        stack.push(template.conditions[first] as Expr);
      }
      for (const a of e.args) stack.push(a);
    } else if (Array.isArray(e)) {
      for (const a of e) stack.push(a);
    } else {
      for (const a of Object.values(e)) stack.push(a);
    }
  }
  return calls > 0;
}

const UNRESOLVABLE = new Set(['get_resource', 'get_attr', 'yaql', 'get_file', 'resource_facade']);
