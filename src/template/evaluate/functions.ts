import type { FnName } from '../model.js';
import { filter, findInMap, listConcat, mapMerge, mapReplace, memberListToMap, repeat, select } from './collections.js';
import { type FunctionEnv, fail, oneListArgument, pyRepr, spelled } from './env.js';
import { EvaluationError } from './index.js';
import { pyContains, pyEqual, pyStr } from './python.js';
import { getAttr, getParam } from './references.js';
import { digest, join, makeUrl, replace, split } from './strings.js';

export type { FunctionEnv } from './env.js';

type Impl = (args: unknown[], env: FunctionEnv) => unknown;

/** Applies one function to resolved arguments. `if` never gets here: the evaluator picks its branch lazily. */
export function applyFunction(fn: FnName, args: unknown[], env: FunctionEnv): unknown {
  // A call built outside the type system (plain JavaScript) may name anything.
  const impl = Object.hasOwn(IMPLS, fn) ? IMPLS[fn] : undefined;
  if (impl === undefined) throw new EvaluationError(String(fn), 'not a function heatstack knows');
  return impl(args, env);
}

const IMPLS: Readonly<Record<FnName, Impl>> = {
  get_param: getParam,
  get_resource: (args, env) => {
    const name = args[0];
    if (typeof name !== 'string' || !Object.hasOwn(env.ctx.template.resources, name)) {
      fail(env, 'get_resource', `The specified reference "${pyStr(name)}" is not a resource of the template`);
    }
    return env.ctx.resourceId(name);
  },
  get_attr: getAttr,
  join,
  select,
  split,
  replace: (args, env) => replace(args, env, 'replace', false, true),
  replace_strict: (args, env) => replace(args, env, 'replace_strict', true, true),
  replace_vstrict: (args, env) => replace(args, env, 'replace_vstrict', true, false),
  base64: (args, env) => {
    // Heat's Fn::Base64 performs no conversion: Heat takes user data in plain text.
    if (typeof args[0] !== 'string') fail(env, 'base64', 'argument must be a string');
    return args[0];
  },
  find_in_map: findInMap,
  get_azs: () => ['nova'],
  member_list_to_map: memberListToMap,
  resource_facade: (_args, env) =>
    fail(
      env,
      'resource_facade',
      'is only available in a provider template of a nested stack, which heatstack does not run',
    ),
  get_file: (args, env) => {
    const url = args[0];
    if (typeof url !== 'string') fail(env, 'get_file', 'Argument to "get_file" must be a string');
    if (env.ctx.readFile === undefined) {
      fail(env, 'get_file', `cannot read "${url}": heatstack does not include files in a deploy; inline the content`);
    }
    return env.ctx.readFile(url);
  },
  digest,
  repeat,
  map_merge: mapMerge,
  map_replace: mapReplace,
  list_concat: (args, env) => listConcat(args, env, false),
  list_concat_unique: (args, env) => listConcat(args, env, true),
  contains: (args, env) => {
    const [value, sequence] = args;
    if (!(Array.isArray(sequence) || typeof sequence === 'string')) {
      fail(env, 'contains', 'Second argument to "contains" should be a sequence.');
    }
    // Python's `in` on a string takes only a string.
    if (typeof sequence === 'string' && typeof value !== 'string') {
      fail(env, 'contains', `'in <string>' requires string as left operand, not ${pyRepr(value)}`);
    }
    return pyContains(sequence, value);
  },
  filter,
  make_url: makeUrl,
  yaql: (_args, env) => fail(env, 'yaql', 'YAQL expressions are not supported by heatstack'),
  equals: (args) => pyEqual(args[0], args[1]),
  if: (_args, env) => fail(env, 'if', 'internal: evaluated lazily'),
  not: (args, env) => !env.asCondition(args[0], spelled(env.ctx.template, 'not')),
  and: (args, env) =>
    conditionList(args, env, 'and').every((c) => env.asCondition(c, spelled(env.ctx.template, 'and'))),
  or: (args, env) => conditionList(args, env, 'or').some((c) => env.asCondition(c, spelled(env.ctx.template, 'or'))),
  condition: (args, env) => {
    if (typeof args[0] !== 'string') fail(env, 'condition', `Invalid condition "${pyStr(args[0])}"`);
    return env.namedCondition(args[0]);
  },
};

function conditionList(args: unknown[], env: FunctionEnv, fn: FnName): unknown[] {
  const list = oneListArgument(args);
  if (!Array.isArray(list))
    fail(env, fn, `Arguments to "${spelled(env.ctx.template, fn)}" must be a list of conditions`);
  return list;
}
