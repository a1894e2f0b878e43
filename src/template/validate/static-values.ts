import { HeatstackError } from '../../errors.js';
import { evaluate } from '../evaluate/index.js';
import type { Expr, ExprMap, Template } from '../model.js';
import { isCall } from '../model.js';
import { parseParameterValue, pseudoParameterValues } from '../parameter-values.js';
import { conditionDecider } from './condition-use.js';

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
  /**
   * The properties that need a resource, resolved as before any resource exists: Heat checks their type (not their
   * constraints) then — `{get_resource: db}` in a list property is `"'db'" is not a list`.
   */
  readonly beforeCreate: ExprMap;
}

export function resolveStaticProperties(
  template: Template,
  properties: ExprMap,
  known: ReadonlyMap<string, unknown>,
): ResolvedProperties {
  // A Map, then `fromEntries`: a property named `__proto__` stays a property (and is reported as unknown).
  const out = new Map<string, Expr>();
  const failures: { key: string; message: string }[] = [];
  const beforeCreate = new Map<string, Expr>();
  const parameters = Object.fromEntries(known);
  for (const [key, value] of Object.entries(properties)) {
    const resolvable = resolvability(template, value, known);
    if (resolvable === 'no') {
      out.set(key, value);
      continue;
    }
    // A value that needs a resource is resolved too, as Heat does while no resource exists yet (`get_resource`
    // gives the resource's name, `get_attr` null): a function that fails then fails in Heat as well; the schema
    // check skips the value (`Properties._find_deps_any_in_init`).
    const ctx = resolvable === 'static' ? { resourceId: unreachable, attribute: unreachable } : BEFORE_CREATE;
    try {
      const resolved = evaluate(value, { template, parameters, ...ctx });
      out.set(key, resolvable === 'static' && resolved !== undefined ? (resolved as Expr) : value);
      if (resolvable === 'with resources' && resolved !== undefined) beforeCreate.set(key, resolved as Expr);
    } catch (e) {
      if (!(e instanceof HeatstackError)) throw e;
      if (!awaitsValue(template, e, known)) failures.push({ key, message: e.message });
      out.set(key, value);
    }
  }
  return { properties: Object.fromEntries(out), failures, beforeCreate: Object.fromEntries(beforeCreate) };
}

/** A computed `get_param` name that is a parameter of the template whose value is not known before a deploy. */
function awaitsValue(template: Template, e: HeatstackError, known: ReadonlyMap<string, unknown>): boolean {
  const missing = /The Parameter \((.*)\) was not provided\.$/s.exec(e.message)?.[1];
  return missing !== undefined && Object.hasOwn(template.parameters, missing) && !known.has(missing);
}

/** What Heat's functions give for resources not created yet (`FnGetRefId` of one without an id; `GetAtt.result`). */
const BEFORE_CREATE = { resourceId: (name: string) => name, attribute: () => null, allAttributes: () => null };

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

/**
 * As `tryResolveStatically`, but a value that needs resources resolves too, as Heat resolves it while none exists
 * (`get_resource` gives the name, `get_attr` null).
 */
export function resolveBeforeCreate(
  template: Template,
  value: Expr,
  known: ReadonlyMap<string, unknown>,
): { value: unknown } | { error: string } | undefined {
  const resolvable = resolvability(template, value, known);
  if (resolvable === 'no') return undefined;
  const ctx = resolvable === 'static' ? { resourceId: unreachable, attribute: unreachable } : BEFORE_CREATE;
  try {
    return { value: evaluate(value, { template, parameters: Object.fromEntries(known), ...ctx }) };
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
  return resolvability(template, value, known) === 'static';
}

/**
 * `static`: functions whose inputs are all known before a deploy; `with resources`: the same but for references
 * to resources; `no`: a function heatstack cannot run, an unknown parameter, or no function at all.
 */
function resolvability(
  template: Template,
  value: Expr,
  known: ReadonlyMap<string, unknown>,
): 'static' | 'with resources' | 'no' {
  const stack: Expr[] = [value];
  const conditionsSeen = new Set<string>();
  let calls = 0;
  let resources = false;
  while (stack.length > 0) {
    const e = stack.pop() as Expr;
    if (e === null || typeof e !== 'object') continue;
    if (isCall(e)) {
      calls++;
      const [first] = e.args;
      if (RESOURCE_REFERENCES.has(e.fn)) {
        // A reference the reference checks refuse (no such resource, a name not a string) is theirs to report.
        if (typeof first !== 'string' || !Object.hasOwn(template.resources, first)) return 'no';
        resources = true;
      } else if (UNRESOLVABLE.has(e.fn)) return 'no';
      // A name a function computes is resolved with it (Heat does), unless it names a parameter with no value yet.
      // A name that is no string fails as Heat resolves it (`Parameter name in "get_param" must be string`).
      if (e.fn === 'get_param' && (first === undefined || (typeof first === 'string' && !known.has(first))))
        return 'no';
      if (e.fn === 'condition' && typeof first === 'string' && !conditionsSeen.has(first)) {
        conditionsSeen.add(first);
        if (!Object.hasOwn(template.conditions, first)) return 'no';
        stack.push(template.conditions[first] as Expr);
      }
      // Heat resolves an if's condition as it parses and never reads the branch not taken (its references either).
      const taken = e.fn === 'if' ? takenBranch(template, e.args, known) : undefined;
      for (const [i, a] of e.args.entries()) if (taken === undefined || i === 0 || i === taken) stack.push(a);
    } else if (Array.isArray(e)) {
      for (const a of e) stack.push(a);
    } else {
      for (const a of Object.values(e)) stack.push(a);
    }
  }
  if (calls === 0) return 'no';
  return resources ? 'with resources' : 'static';
}

/** The index of the argument an `if` takes (1 or 2), when its condition is known before a deploy. */
function takenBranch(template: Template, args: readonly Expr[], known: ReadonlyMap<string, unknown>) {
  const [condition] = args;
  if (condition === undefined) return undefined;
  const holds = conditionDecider(template, known)(condition);
  return holds === undefined ? undefined : holds ? 1 : 2;
}

const RESOURCE_REFERENCES = new Set(['get_resource', 'get_attr']);
// `resource_facade` is resolved (and fails: a template heatstack reads has no parent resource, and Heat, resolving
// one there, fails too — `'NoneType' object has no attribute 'metadata_get'`).
const UNRESOLVABLE = new Set(['yaql', 'get_file']);
