import { resourceType } from '../resource-types/index.js';
import { type FunctionEnv, fail } from './env.js';
import { isMap, pyIndex, pyInt, pyStr } from './python.js';

/** `get_param`, `get_attr`: reading parameters and attributes, with Heat's paths into them. */

/** `get_param: [name, path…]`: a path that does not fit the value gives `''`, as in Heat. */
export function getParam(args: unknown[], env: FunctionEnv): unknown {
  const [name, ...path] = getParamArguments(args, env);
  if (typeof name !== 'string') fail(env, 'get_param', 'Parameter name in "get_param" must be string');
  if (!Object.hasOwn(env.ctx.parameters, name)) fail(env, 'get_param', `The Parameter (${name}) was not provided.`);
  let value: unknown = env.ctx.parameters[name];
  for (const key of path) {
    const next = pathStep(value, key, true);
    if (!next.found) return '';
    value = next.value;
  }
  return value;
}

/**
 * A name computed by a function gives the whole argument, as in Heat (`GetParam.result`): a string is the name, a
 * list the name and the path; anything else, or nothing (Python's falsy: `''`, `0`), fails.
 */
function getParamArguments(args: unknown[], env: FunctionEnv): unknown[] {
  if (args.length !== 1) return args;
  const [only] = args;
  if (only === '' || only === 0 || only === false || only === null || (Array.isArray(only) && only.length === 0))
    fail(env, 'get_param', 'Function "get_param" must have arguments');
  if (typeof only === 'string') return args;
  if (Array.isArray(only)) return only;
  return fail(env, 'get_param', 'Argument to "get_param" must be string or list');
}

/**
 * One step into a map (by key) or a list or string (by index). `get_param` turns an index given as a string
 * into an integer; `get_attr` does not (Heat's `select_from_attribute`).
 */
function pathStep(
  collection: unknown,
  key: unknown,
  parseIndex: boolean,
): { found: true; value: unknown } | { found: false } {
  if (typeof key !== 'string' && typeof key !== 'number') return { found: false };
  if (isMap(collection)) {
    const k = String(key);
    return typeof key === 'string' && Object.hasOwn(collection, k)
      ? { found: true, value: collection[k] }
      : { found: false };
  }
  if (Array.isArray(collection) || typeof collection === 'string') {
    const index = typeof key === 'number' ? key : parseIndex ? pyInt(key) : undefined;
    if (index === undefined || !Number.isInteger(index)) return { found: false };
    const seq = typeof collection === 'string' ? [...collection] : collection;
    return pyIndex(seq, index);
  }
  return { found: false };
}

/** `get_attr: [resource, attribute, path…]`; `[resource]` alone (HOT 2015-10-15+) gives every attribute. */
export function getAttr(args: unknown[], env: FunctionEnv): unknown {
  const [resource, attribute, ...path] = args;
  const { template } = env.ctx;
  if (typeof resource !== 'string' || !Object.hasOwn(template.resources, resource)) {
    fail(env, 'get_attr', `The specified reference "${pyStr(resource)}" is not a resource of the template`);
  }
  if (attribute === undefined || attribute === null)
    return env.ctx.allAttributes !== undefined ? env.ctx.allAttributes(resource) : allAttributes(resource, env);
  if (typeof attribute !== 'string')
    fail(env, 'get_attr', `The attribute name must be a string, not ${pyStr(attribute)}`);
  let value = env.ctx.attribute(resource, attribute);
  for (const key of path) {
    if (value === null || value === undefined) return null;
    const next = pathStep(value, key, false);
    if (!next.found) return null;
    value = next.value;
  }
  return value ?? null;
}

function allAttributes(resource: string, env: FunctionEnv): Record<string, unknown> {
  const type = resourceType(env.ctx.template.resources[resource]?.type ?? '');
  if (type === undefined) fail(env, 'get_attr', `the attributes of "${resource}" are not known`);
  const out: Record<string, unknown> = {};
  for (const name of Object.values(type.name.attributes)) out[name] = env.ctx.attribute(resource, name);
  return out;
}
