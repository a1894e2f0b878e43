/**
 * THE catalogue of intrinsic functions: for each canonical `FnName`, every way Heat spells it — in the CFN
 * dialect and in each HOT version — and how the raw arguments of that spelling convert to and from the
 * canonical positional arguments (`model.ts`). Taken from Heat's own tables (`heat/engine/hot/template.py`,
 * `heat/engine/cfn/template.py`) and argument checks (`heat/engine/{hot,cfn}/functions.py`).
 */

import { pyStr } from '../evaluate/python.js';
import { digestAlgorithmMessage, isDigestAlgorithm } from '../evaluate/strings.js';
import { isListOrMap } from '../exact-number.js';
import { type Call, call, type Expr, type FnName, isCall, isExprMap } from '../model.js';
import type { CfnVersionKey } from '../versions.js';
import { walkCalls } from '../walk-calls.js';

/** Where in a template a function is being read: Heat parses conditions with a different function table. */
export type FnContext = 'value' | 'condition';

/** What reading a spelling's raw arguments needs to know. */
export interface ReadContext {
  /** The HOT date of the template (`undefined` for CFN). */
  readonly hotDate?: string;
  readonly context: FnContext;
  /** `Ref` names a resource when the template has one of that name, else a parameter (Heat's rule). */
  readonly isResource: (name: string) => boolean;
}

export interface WriteContext {
  readonly hotDate?: string;
}

/**
 * The canonical call a spelling's raw arguments stand for (with a `warning` where Heat ignores part of them), or why
 * they are wrong (Heat's message). `atResolution`: Heat makes this check only when it resolves the value — so in an
 * output, which Heat resolves only after the stack is created, it is no reason to refuse the template.
 */
export type ReadResult =
  | { readonly fn: FnName; readonly args: Expr[]; readonly warning?: string }
  | { readonly error: string; readonly atResolution?: true };

/** A check Heat makes only when it resolves the function (in `result()`, not when it parses or validates it). */
function atResolution(error: string): ReadResult {
  return { error, atResolution: true };
}

/** Whether a value holds a `get_resource` of a name that is no resource (as Heat meets it: depth first). */
function holdsUnknownResource(value: Expr, ctx: ReadContext): boolean {
  return walkCalls([value], (e) => {
    const [name] = e.args;
    if (e.fn !== 'get_resource') return undefined;
    const unknown = typeof name === 'string' ? !ctx.isResource(name) : !isListOrMap(name);
    return unknown ? 'stop' : undefined;
  });
}

/** A canonical call this spelling cannot express. */
export class WriteError extends Error {}

export interface Spelling {
  /** The key as written in a template: `list_join`, `Fn::Join`. */
  readonly name: string;
  readonly fn: FnName;
  /** In the CFN dialect: `true` for every version key, or the keys that have it. */
  readonly cfn?: true | readonly CfnVersionKey[];
  /** In HOT: the first version with it. */
  readonly hotSince?: string;
  /** In HOT: the first version where Heat answers it with "not supported in this version of HOT". */
  readonly hotRemovedIn?: string;
  /** Whether Heat parses it as a function in values (resource properties, outputs…). Default `true`. */
  readonly inValues?: boolean;
  /**
   * Whether Heat parses it as a function inside conditions: `true`, or (HOT) the first version where it may
   * appear there. Default `false`.
   */
  readonly inConditions?: boolean | string;
  /** For `if`: its first argument is read as a condition. */
  readonly firstArgIsCondition?: boolean;
  readonly read: (raw: Expr, ctx: ReadContext) => ReadResult;
  /** Absent when the spelling is only read, never written (`Ref` in HOT 2013-05-23). */
  readonly write?: (args: readonly Expr[], ctx: WriteContext) => Expr;
  /**
   * When `write` gives the arguments just as they are, for some counts of them (and leaves them to be written): a
   * writer may then skip `write`, and its copy of the arguments. A test checks it against `write`, for every
   * spelling in every version.
   */
  readonly writesAsIs?: (ctx: WriteContext) => ArgumentsAsIs;
}

/** How a spelling's `write` gives the arguments as they are, when it is given from `min` to `max` of them. */
export interface ArgumentsAsIs {
  /** `list`: all the arguments in order, as a list; `first`: the one argument itself. */
  readonly form: 'list' | 'first';
  readonly min: number;
  readonly max: number;
}

// ---------------------------------------------------------------------------------------------------------------
// Argument shapes

function isList(x: Expr): x is readonly Expr[] {
  return Array.isArray(x);
}

function ok(fn: FnName, args: Expr[]): ReadResult {
  return { fn, args };
}

function listOf(name: string, fn: FnName, count: number, form: string): (raw: Expr) => ReadResult {
  return (raw) => {
    if (!isList(raw) || raw.length !== count) return { error: `Arguments to "${name}" must be of the form ${form}` };
    return ok(fn, [...raw]);
  };
}

function single(fn: FnName): (raw: Expr) => ReadResult {
  return (raw) => ok(fn, [raw]);
}

/** A copy of the arguments, as a list (`slice` is a builtin: quick even before the JIT has compiled the caller). */
function asList(args: readonly Expr[]): Expr {
  return args.slice();
}

function first(args: readonly Expr[]): Expr {
  return args[0] as Expr;
}

/** `write` gives the arguments, from `min` to `max` of them, as a list, in every version. */
function listAsIs(min: number, max = min): (ctx: WriteContext) => ArgumentsAsIs {
  const asIs: ArgumentsAsIs = { form: 'list', min, max };
  return () => asIs;
}

const FIRST_AS_IS: ArgumentsAsIs = { form: 'first', min: 1, max: 1 };

/** `write` gives its one argument itself, in every version. */
function firstAsIs(): ArgumentsAsIs {
  return FIRST_AS_IS;
}

function exactly(name: string, count: number, form: string, args: readonly Expr[]): void {
  if (args.length !== count) throw new WriteError(`"${name}" takes arguments of the form ${form}`);
}

/** A string where a condition is expected names a condition of the `conditions` section. */
export function conditionRef(x: Expr): Expr {
  return typeof x === 'string' ? call('condition', x) : x;
}

/** The inverse of `conditionRef`, for writing. */
function conditionOut(x: Expr): Expr {
  return x;
}

const PSEUDO_CFN_TO_HOT: Readonly<Record<string, string>> = {
  'AWS::StackId': 'OS::stack_id',
  'AWS::StackName': 'OS::stack_name',
  'AWS::Region': 'OS::region',
};
const PSEUDO_HOT_TO_CFN: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(PSEUDO_CFN_TO_HOT).map(([k, v]) => [v, k]),
);

/** A pseudo parameter's name in the other dialect (`AWS::StackName` ↔ `OS::stack_name`), or the name unchanged. */
export function pseudoParameterFor(name: string, dialect: 'cfn' | 'hot'): string {
  // Own keys only: a parameter named `constructor` must not find Object.prototype's member.
  const names = dialect === 'hot' ? PSEUDO_CFN_TO_HOT : PSEUDO_HOT_TO_CFN;
  if (dialect === 'cfn' && name === 'OS::project_id')
    throw new WriteError('the pseudo parameter OS::project_id has no CFN equivalent');
  return Object.hasOwn(names, name) ? (names[name] as string) : name;
}

const FACADE_CFN_TO_HOT: Readonly<Record<string, string>> = {
  Metadata: 'metadata',
  DeletionPolicy: 'deletion_policy',
  UpdatePolicy: 'update_policy',
};
const FACADE_HOT_TO_CFN: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(FACADE_CFN_TO_HOT).map(([k, v]) => [v, k]),
);

function replaceMapping(name: string, params: Expr): string | undefined {
  if (isExprMap(params) || isCall(params)) return undefined;
  return `"${name}" parameters must be a mapping`;
}

function readStrReplace(name: string, fn: FnName): (raw: Expr) => ReadResult {
  return (raw) => {
    if (!isExprMap(raw)) return { error: `Arguments to "${name}" must be a map` };
    if (!('params' in raw) || !('template' in raw)) {
      return { error: `"${name}" syntax should be a map of "template" (a string) and "params" (a map)` };
    }
    const params = raw.params as Expr;
    const problem = replaceMapping(name, params);
    if (problem) return { error: problem };
    return ok(fn, [params, raw.template as Expr]);
  };
}

function writeStrReplace(args: readonly Expr[]): Expr {
  exactly('str_replace', 2, '[params, template]', args);
  return { template: args[1] as Expr, params: args[0] as Expr };
}

/** Functions whose one argument is a list literal or a function that gives one. */
function listArgument(name: string, fn: FnName): (raw: Expr) => ReadResult {
  return (raw) => {
    if (isList(raw) || isCall(raw)) return ok(fn, [raw]);
    return atResolution(`Incorrect arguments to "${name}": it takes a list`);
  };
}

function mapArgument(name: string, fn: FnName, required: readonly string[], allowed?: readonly string[]) {
  return (raw: Expr): ReadResult => {
    if (!isExprMap(raw)) return { error: `Arguments to "${name}" must be a map` };
    const missing = required.filter((k) => !(k in raw));
    if (missing.length > 0) return { error: `"${name}" needs the key(s) ${missing.join(', ')}` };
    if (allowed) {
      const extra = Object.keys(raw).filter((k) => !allowed.includes(k));
      if (extra.length > 0) return { error: `Invalid arguments to "${name}": ${extra.join(', ')}` };
    }
    return ok(fn, [raw]);
  };
}

function conditionList(name: string, fn: FnName): (raw: Expr) => ReadResult {
  return (raw) => {
    if (!isList(raw)) return { error: `Arguments to "${name}" must be a list of conditions` };
    if (raw.length < 2) return { error: `The minimum number of condition arguments to "${name}" is 2.` };
    return ok(fn, raw.map(conditionRef));
  };
}

function writeConditionList(name: string): (args: readonly Expr[]) => Expr {
  return (args) => {
    if (args.length < 2) throw new WriteError(`"${name}" takes at least 2 conditions`);
    return args.map(conditionOut);
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The catalogue

const FN_REMOVED_FROM_HOT = '2014-10-16';

/** `get_attr` of a resource's attribute (and a path into it); from HOT 2015-10-15, also of all its attributes. */
const ATTRIBUTES: ArgumentsAsIs = { form: 'list', min: 2, max: Number.POSITIVE_INFINITY };
const ATTRIBUTES_OR_ALL: ArgumentsAsIs = { form: 'list', min: 1, max: Number.POSITIVE_INFINITY };
/** `list_join` of one list; from HOT 2015-10-15, of several. */
const JOIN_ONE: ArgumentsAsIs = { form: 'list', min: 2, max: 2 };
const JOIN_SEVERAL: ArgumentsAsIs = { form: 'list', min: 2, max: Number.POSITIVE_INFINITY };
/** `if` with both values; from HOT 2021-04-16, the second may be left out. */
const IF_ELSE: ArgumentsAsIs = { form: 'list', min: 3, max: 3 };
const IF_ELSE_OPTIONAL: ArgumentsAsIs = { form: 'list', min: 2, max: 3 };

export const SPELLINGS: readonly Spelling[] = [
  // --- references
  {
    name: 'get_param',
    fn: 'get_param',
    hotSince: '2013-05-23',
    inConditions: '2016-10-14',
    read: (raw) => {
      if (typeof raw === 'string' || isCall(raw)) return ok('get_param', [raw]);
      if (isList(raw)) {
        if (raw.length === 0) return atResolution('Function "get_param" must have arguments');
        return ok('get_param', [...raw]);
      }
      return atResolution('Argument to "get_param" must be string or list');
    },
    write: (args) => {
      if (args.length === 0) throw new WriteError('"get_param" needs a parameter name');
      const name = first(args);
      const hotName = typeof name === 'string' ? pseudoParameterFor(name, 'hot') : name;
      return args.length === 1 ? hotName : [hotName, ...args.slice(1)];
    },
  },
  {
    name: 'Ref',
    fn: 'get_param',
    cfn: true,
    hotSince: '2013-05-23',
    hotRemovedIn: FN_REMOVED_FROM_HOT,
    inConditions: true,
    read: (raw, ctx) => {
      if (typeof raw === 'string') {
        const isRes = ctx.context === 'value' && ctx.isResource(raw);
        return ok(isRes ? 'get_resource' : 'get_param', [raw]);
      }
      // Heat looks the name up as it parses (`args in stack.parameters`): a function is no key (`unhashable type`).
      if (isCall(raw))
        return { error: '"Ref" takes the name of a parameter or a resource, not a function (unhashable type)' };
      // A number, boolean or null is a key Heat looks up and misses, as it misses an unknown name: when it resolves.
      if (!isListOrMap(raw)) return atResolution(`The specified reference "${pyStr(raw)}" (in unknown) is incorrect.`);
      return { error: '"Ref" takes the name of a parameter or a resource' };
    },
    write: (args) => {
      if (args.length !== 1) throw new WriteError('CFN cannot express get_param with a path (Ref takes only a name)');
      const name = first(args);
      if (isCall(name)) throw new WriteError('CFN cannot express get_param of a computed name (Ref takes only a name)');
      return typeof name === 'string' ? pseudoParameterFor(name, 'cfn') : name;
    },
  },
  {
    name: 'get_resource',
    fn: 'get_resource',
    writesAsIs: firstAsIs,
    hotSince: '2013-05-23',
    read: (raw, ctx) => {
      if (typeof raw === 'string' || isCall(raw)) return ok('get_resource', [raw]);
      const message = 'Argument to "get_resource" must be the name of a resource';
      // Heat looks a list or map up as a name, which fails as it validates (`unhashable type`) — unless a reference
      // inside it to no resource fails first, which Heat then leaves to the resolution.
      const unhashable = isListOrMap(raw) && !holdsUnknownResource(raw as Expr, ctx);
      return unhashable ? { error: message } : atResolution(message);
    },
    write: (args) => {
      exactly('get_resource', 1, '<resource name>', args);
      return first(args);
    },
  },
  {
    name: 'Ref',
    fn: 'get_resource',
    writesAsIs: firstAsIs,
    cfn: true,
    read: (raw) => ok('get_resource', [raw]),
    write: (args) => {
      exactly('Ref', 1, '<resource name>', args);
      return first(args);
    },
  },
  {
    name: 'get_attr',
    fn: 'get_attr',
    writesAsIs: (ctx) => ((ctx.hotDate ?? '') >= '2015-10-15' ? ATTRIBUTES_OR_ALL : ATTRIBUTES),
    hotSince: '2013-05-23',
    read: (raw, ctx) => {
      if (!isList(raw)) return { error: 'Argument to "get_attr" must be a list' };
      const allAttributes = (ctx.hotDate ?? '') >= '2015-10-15';
      if (raw.length === 0 || (raw.length === 1 && !allAttributes)) {
        return {
          error: allAttributes
            ? 'Arguments to "get_attr" can be of the next forms: [resource_name] or [resource_name, attribute, (path), ...]'
            : 'Arguments to "get_attr" must be of the form [resource_name, attribute, (path), ...]',
        };
      }
      // A list or map as the attribute name or in the path is validation's to refuse (not in a branch Heat skips).
      return ok('get_attr', [...raw]);
    },
    write: (args, ctx) => {
      if (args.length === 0) throw new WriteError('"get_attr" needs a resource name');
      if (args.length === 1 && (ctx.hotDate ?? '') < '2015-10-15') {
        throw new WriteError('"get_attr" of all attributes needs heat_template_version 2015-10-15 or newer');
      }
      return asList(args);
    },
  },
  {
    name: 'Fn::GetAtt',
    fn: 'get_attr',
    writesAsIs: listAsIs(2),
    cfn: true,
    read: (raw) => {
      const read = listOf('Fn::GetAtt', 'get_attr', 2, '[resource_name, attribute]')(raw);
      return read;
    },
    write: (args) => {
      if (args.length !== 2)
        throw new WriteError('CFN cannot express get_attr with a path (Fn::GetAtt takes [resource, attribute])');
      return asList(args);
    },
  },
  // --- strings and lists
  {
    name: 'list_join',
    fn: 'join',
    writesAsIs: (ctx) => ((ctx.hotDate ?? '') >= '2015-10-15' ? JOIN_SEVERAL : JOIN_ONE),
    hotSince: '2013-05-23',
    read: (raw, ctx) => {
      const multiple = (ctx.hotDate ?? '') >= '2015-10-15';
      if (!isList(raw) || raw.length < 2 || (!multiple && raw.length !== 2)) {
        return {
          error: `Incorrect arguments to "list_join" should be: "list_join" : [ " ", [ "str1", "str2"]${multiple ? ' ...' : ''}]`,
        };
      }
      return ok('join', [...raw]);
    },
    write: (args, ctx) => {
      if (args.length < 2) throw new WriteError('"list_join" takes [delimiter, list, ...]');
      if (args.length > 2 && (ctx.hotDate ?? '') < '2015-10-15') {
        throw new WriteError('"list_join" of several lists needs heat_template_version 2015-10-15 or newer');
      }
      return asList(args);
    },
  },
  {
    name: 'Fn::Join',
    fn: 'join',
    writesAsIs: listAsIs(2),
    cfn: true,
    hotSince: '2013-05-23',
    hotRemovedIn: FN_REMOVED_FROM_HOT,
    read: (raw) => {
      if (!isList(raw) || raw.length !== 2) {
        return { error: 'Incorrect arguments to "Fn::Join" should be: "Fn::Join" : [ " ", [ "str1", "str2"]]' };
      }
      return ok('join', [...raw]);
    },
    write: (args) => {
      if (args.length !== 2) throw new WriteError('CFN cannot join several lists (Fn::Join takes [delimiter, list])');
      return asList(args);
    },
  },
  {
    name: 'Fn::Select',
    fn: 'select',
    writesAsIs: listAsIs(2),
    cfn: true,
    hotSince: '2013-05-23',
    hotRemovedIn: '2015-10-15',
    read: listOf('Fn::Select', 'select', 2, '[index, collection]'),
    write: (args) => {
      exactly('Fn::Select', 2, '[index, collection]', args);
      return asList(args);
    },
  },
  {
    name: 'Fn::Split',
    fn: 'split',
    writesAsIs: listAsIs(2),
    cfn: true,
    hotSince: '2013-05-23',
    hotRemovedIn: FN_REMOVED_FROM_HOT,
    read: (raw) => {
      if (!isList(raw) || raw.length !== 2) {
        return { error: 'Incorrect arguments to "Fn::Split" should be: "Fn::Split" : [ ",", "str1,str2"]]' };
      }
      return ok('split', [...raw]);
    },
    write: (args) => {
      if (args.length !== 2)
        throw new WriteError('CFN cannot split with an index (Fn::Split takes [delimiter, string])');
      return asList(args);
    },
  },
  {
    name: 'str_split',
    fn: 'split',
    writesAsIs: listAsIs(2, 3),
    hotSince: '2015-10-15',
    read: (raw) => {
      const usage = 'Incorrect arguments to "str_split" should be: "str_split" : [ ",", "apples,pears", <index>]';
      if (!isList(raw)) return { error: usage };
      if (raw.length < 2) return atResolution(usage);
      if (raw.length === 2 || raw.length === 3) return ok('split', [...raw]);
      // Heat reads the first three and ignores the rest.
      return {
        fn: 'split',
        args: raw.slice(0, 3),
        warning: `"str_split" takes [delimiter, string, (index)]: Heat ignores the ${raw.length - 3} argument(s) after them`,
      };
    },
    write: (args) => {
      if (args.length < 2 || args.length > 3) throw new WriteError('"str_split" takes [delimiter, string, (index)]');
      return asList(args);
    },
  },
  {
    name: 'Fn::Replace',
    fn: 'replace',
    writesAsIs: listAsIs(2),
    cfn: true,
    hotSince: '2013-05-23',
    hotRemovedIn: FN_REMOVED_FROM_HOT,
    read: (raw) => {
      if (!isList(raw) || raw.length !== 2) {
        return {
          error:
            'Incorrect arguments to "Fn::Replace" should be: {"Fn::Replace": [ {"$var1": "foo", "%var2%": "bar"}, "$var1 is %var2%"]}',
        };
      }
      const problem = replaceMapping('Fn::Replace', raw[0] as Expr);
      return problem ? { error: problem } : ok('replace', [...raw]);
    },
    write: (args) => {
      exactly('Fn::Replace', 2, '[params, template]', args);
      return asList(args);
    },
  },
  {
    name: 'str_replace',
    fn: 'replace',
    hotSince: '2013-05-23',
    read: readStrReplace('str_replace', 'replace'),
    write: writeStrReplace,
  },
  {
    name: 'str_replace_strict',
    fn: 'replace_strict',
    hotSince: '2017-02-24',
    read: readStrReplace('str_replace_strict', 'replace_strict'),
    write: writeStrReplace,
  },
  {
    name: 'str_replace_vstrict',
    fn: 'replace_vstrict',
    hotSince: '2017-09-01',
    read: readStrReplace('str_replace_vstrict', 'replace_vstrict'),
    write: writeStrReplace,
  },
  {
    name: 'Fn::Base64',
    fn: 'base64',
    writesAsIs: firstAsIs,
    cfn: true,
    hotSince: '2013-05-23',
    hotRemovedIn: FN_REMOVED_FROM_HOT,
    read: single('base64'),
    write: first,
  },
  {
    name: 'Fn::FindInMap',
    fn: 'find_in_map',
    writesAsIs: listAsIs(3),
    cfn: true,
    inConditions: true,
    read: listOf('Fn::FindInMap', 'find_in_map', 3, '[mapping, key, value]'),
    write: (args) => {
      exactly('Fn::FindInMap', 3, '[mapping, key, value]', args);
      return asList(args);
    },
  },
  {
    name: 'Fn::GetAZs',
    fn: 'get_azs',
    writesAsIs: firstAsIs,
    cfn: true,
    hotSince: '2013-05-23',
    hotRemovedIn: FN_REMOVED_FROM_HOT,
    read: single('get_azs'),
    write: first,
  },
  {
    name: 'Fn::MemberListToMap',
    fn: 'member_list_to_map',
    writesAsIs: listAsIs(3),
    cfn: true,
    hotSince: '2013-05-23',
    hotRemovedIn: FN_REMOVED_FROM_HOT,
    read: (raw) => {
      if (!isList(raw) || raw.length !== 3) {
        return {
          error:
            'Wrong Arguments try: {"Fn::MemberListToMap": ["Name", "Value", [".member.0.Name=key", ".member.0.Value=door"]]}',
        };
      }
      if (typeof raw[0] !== 'string') return { error: 'Fn::MemberListToMap Key Name must be a string' };
      if (typeof raw[1] !== 'string') return { error: 'Fn::MemberListToMap Value Name must be a string' };
      return ok('member_list_to_map', [...raw]);
    },
    write: (args) => {
      exactly('Fn::MemberListToMap', 3, '[key name, value name, list]', args);
      return asList(args);
    },
  },
  {
    name: 'resource_facade',
    fn: 'resource_facade',
    writesAsIs: firstAsIs,
    hotSince: '2013-05-23',
    read: (raw) => {
      if (typeof raw === 'string' && raw in FACADE_HOT_TO_CFN) return ok('resource_facade', [raw]);
      return {
        error: 'Incorrect arguments to "resource_facade" should be one of: metadata, deletion_policy, update_policy',
      };
    },
    write: first,
  },
  {
    name: 'Fn::ResourceFacade',
    fn: 'resource_facade',
    cfn: true,
    hotSince: '2013-05-23',
    hotRemovedIn: FN_REMOVED_FROM_HOT,
    read: (raw) => {
      const hot = typeof raw === 'string' && Object.hasOwn(FACADE_CFN_TO_HOT, raw) ? FACADE_CFN_TO_HOT[raw] : undefined;
      if (hot) return ok('resource_facade', [hot]);
      return {
        error: 'Incorrect arguments to "Fn::ResourceFacade" should be one of: Metadata, DeletionPolicy, UpdatePolicy',
      };
    },
    write: (args) => {
      const section = first(args);
      const cfn =
        typeof section === 'string' && Object.hasOwn(FACADE_HOT_TO_CFN, section)
          ? FACADE_HOT_TO_CFN[section]
          : undefined;
      if (!cfn) throw new WriteError('"Fn::ResourceFacade" takes one of Metadata, DeletionPolicy, UpdatePolicy');
      return cfn;
    },
  },
  {
    name: 'get_file',
    fn: 'get_file',
    writesAsIs: firstAsIs,
    hotSince: '2013-05-23',
    read: single('get_file'),
    write: first,
  },
  {
    name: 'digest',
    fn: 'digest',
    writesAsIs: listAsIs(2),
    hotSince: '2015-04-30',
    read: (raw) => {
      if (!isList(raw)) return atResolution('Argument to function "digest" must be a list of strings');
      if (raw.length !== 2) return atResolution('Function "digest" usage: ["<algorithm>", "<value>"]');
      // Heat checks the algorithm only as it resolves the value (`Digest.result`): in an output, only once created.
      if (typeof raw[0] === 'string' && !isDigestAlgorithm(raw[0])) return atResolution(digestAlgorithmMessage());
      return ok('digest', [...raw]);
    },
    write: (args) => {
      exactly('digest', 2, '[algorithm, value]', args);
      return asList(args);
    },
  },
  {
    name: 'repeat',
    fn: 'repeat',
    writesAsIs: firstAsIs,
    hotSince: '2015-04-30',
    read: (raw) => {
      if (!isExprMap(raw)) return { error: 'Arguments to "repeat" must be a map' };
      if (!('for_each' in raw) || !('template' in raw)) {
        return {
          error: '"repeat" syntax should be a map of "template" and "for_each" (a map of placeholders to lists)',
        };
      }
      const forEach = raw.for_each as Expr;
      if (!isCall(forEach) && !isExprMap(forEach))
        return { error: 'The "for_each" argument to "repeat" must contain a map' };
      const permutations = raw.permutations;
      if (permutations !== undefined && typeof permutations !== 'boolean') {
        return { error: '"permutations" should be boolean type for repeat function.' };
      }
      return ok('repeat', [raw]);
    },
    write: first,
  },
  {
    name: 'map_merge',
    fn: 'map_merge',
    writesAsIs: firstAsIs,
    hotSince: '2016-04-08',
    read: listArgument('map_merge', 'map_merge'),
    write: first,
  },
  {
    name: 'map_replace',
    fn: 'map_replace',
    writesAsIs: listAsIs(2),
    hotSince: '2016-10-14',
    read: (raw) => {
      if (!isList(raw) || raw.length !== 2) {
        return atResolution(
          'Incorrect arguments to "map_replace" should be: "map_replace" : [ { "key1": "val1" }, {"keys": {"key1": "key2"}, "values": {"val1": "val2"}}]',
        );
      }
      const repl = raw[1] as Expr;
      if (isExprMap(repl) && Object.keys(repl).some((k) => k !== 'keys' && k !== 'values')) {
        return atResolution('Incorrect arguments to "map_replace": the second map takes only "keys" and "values"');
      }
      return ok('map_replace', [...raw]);
    },
    write: (args) => {
      exactly('map_replace', 2, '[map, {keys, values}]', args);
      return asList(args);
    },
  },
  {
    name: 'list_concat',
    fn: 'list_concat',
    writesAsIs: firstAsIs,
    hotSince: '2017-09-01',
    read: listArgument('list_concat', 'list_concat'),
    write: first,
  },
  {
    name: 'list_concat_unique',
    fn: 'list_concat_unique',
    writesAsIs: firstAsIs,
    hotSince: '2017-09-01',
    read: listArgument('list_concat_unique', 'list_concat_unique'),
    write: first,
  },
  {
    name: 'contains',
    fn: 'contains',
    writesAsIs: listAsIs(2),
    hotSince: '2017-09-01',
    inConditions: '2017-09-01',
    read: (raw) => {
      if (!isList(raw))
        return {
          error: 'Incorrect arguments to "contains" should be: "contains" : [ "value1", [ "value1", "value2"]]',
        };
      if (raw.length !== 2) return { error: 'Arguments to "contains" must be of the form: [value1, [value1, value2]]' };
      return ok('contains', [...raw]);
    },
    write: (args) => {
      exactly('contains', 2, '[value, list]', args);
      return asList(args);
    },
  },
  {
    name: 'filter',
    fn: 'filter',
    writesAsIs: listAsIs(2),
    hotSince: '2017-02-24',
    read: (raw) => {
      if (!isList(raw)) return { error: 'Argument to "filter" must be a list' };
      if (raw.length !== 2) {
        return {
          error: `"filter" expected 2 arguments of the form [values, sequence] but got ${raw.length} arguments instead`,
        };
      }
      return ok('filter', [...raw]);
    },
    write: (args) => {
      exactly('filter', 2, '[values, list]', args);
      return asList(args);
    },
  },
  {
    name: 'make_url',
    fn: 'make_url',
    writesAsIs: firstAsIs,
    hotSince: '2017-09-01',
    read: mapArgument(
      'make_url',
      'make_url',
      [],
      ['scheme', 'username', 'password', 'host', 'port', 'path', 'query', 'fragment'],
    ),
    write: first,
  },
  {
    name: 'yaql',
    fn: 'yaql',
    writesAsIs: firstAsIs,
    hotSince: '2016-10-14',
    inConditions: '2017-09-01',
    read: mapArgument('yaql', 'yaql', ['expression'], ['expression', 'data']),
    write: first,
  },
  // --- conditions
  {
    name: 'equals',
    fn: 'equals',
    writesAsIs: listAsIs(2),
    hotSince: '2016-10-14',
    inValues: false,
    inConditions: '2016-10-14',
    read: (raw) => {
      if (!isList(raw) || raw.length !== 2)
        return { error: 'Arguments to "equals" must be of the form: [value_1, value_2]' };
      return ok('equals', [...raw]);
    },
    write: (args) => {
      exactly('equals', 2, '[value_1, value_2]', args);
      return asList(args);
    },
  },
  {
    name: 'Fn::Equals',
    fn: 'equals',
    writesAsIs: listAsIs(2),
    cfn: ['AWSTemplateFormatVersion'],
    inValues: false,
    inConditions: true,
    read: (raw) => {
      if (!isList(raw) || raw.length !== 2)
        return { error: 'Arguments to "Fn::Equals" must be of the form: [value_1, value_2]' };
      return ok('equals', [...raw]);
    },
    write: (args) => {
      exactly('Fn::Equals', 2, '[value_1, value_2]', args);
      return asList(args);
    },
  },
  {
    name: 'if',
    fn: 'if',
    writesAsIs: (ctx) => ((ctx.hotDate ?? '') >= '2021-04-16' ? IF_ELSE_OPTIONAL : IF_ELSE),
    hotSince: '2016-10-14',
    firstArgIsCondition: true,
    read: (raw, ctx) => {
      const nullable = (ctx.hotDate ?? '') >= '2021-04-16';
      if (!isList(raw) || raw.length > 3 || raw.length < (nullable ? 2 : 3)) {
        return { error: 'Arguments to "if" must be of the form: [condition_name, value_if_true, value_if_false]' };
      }
      return ok('if', [conditionRef(raw[0] as Expr), ...raw.slice(1)]);
    },
    write: (args, ctx) => {
      if (args.length === 2 && (ctx.hotDate ?? '') < '2021-04-16') {
        throw new WriteError('"if" without a value_if_false needs heat_template_version 2021-04-16 or newer');
      }
      if (args.length < 2 || args.length > 3)
        throw new WriteError('"if" takes [condition, value_if_true, value_if_false]');
      return [conditionOut(args[0] as Expr), ...args.slice(1)];
    },
  },
  {
    name: 'Fn::If',
    fn: 'if',
    writesAsIs: listAsIs(3),
    cfn: ['AWSTemplateFormatVersion'],
    firstArgIsCondition: true,
    read: (raw) => {
      if (!isList(raw) || raw.length !== 3) {
        return { error: 'Arguments to "Fn::If" must be of the form: [condition_name, value_if_true, value_if_false]' };
      }
      return ok('if', [conditionRef(raw[0] as Expr), ...raw.slice(1)]);
    },
    write: (args) => {
      exactly('Fn::If', 3, '[condition, value_if_true, value_if_false]', args);
      return [conditionOut(args[0] as Expr), ...args.slice(1)];
    },
  },
  {
    name: 'not',
    fn: 'not',
    writesAsIs: firstAsIs,
    hotSince: '2016-10-14',
    inValues: false,
    inConditions: '2016-10-14',
    read: (raw) => (raw === null ? { error: 'Argument to "not" must be a condition' } : ok('not', [conditionRef(raw)])),
    write: (args) => {
      exactly('not', 1, '<condition>', args);
      return conditionOut(first(args));
    },
  },
  {
    name: 'Fn::Not',
    fn: 'not',
    writesAsIs: listAsIs(1),
    cfn: ['AWSTemplateFormatVersion'],
    inValues: false,
    inConditions: true,
    read: (raw) => {
      if (!isList(raw) || raw.length !== 1) return { error: 'Arguments to "Fn::Not" must be of the form: [condition]' };
      return ok('not', [conditionRef(raw[0] as Expr)]);
    },
    write: (args) => {
      exactly('Fn::Not', 1, '[condition]', args);
      return [conditionOut(first(args))];
    },
  },
  {
    name: 'and',
    fn: 'and',
    writesAsIs: listAsIs(2, Number.POSITIVE_INFINITY),
    hotSince: '2016-10-14',
    inValues: false,
    inConditions: '2016-10-14',
    read: conditionList('and', 'and'),
    write: writeConditionList('and'),
  },
  {
    name: 'Fn::And',
    fn: 'and',
    writesAsIs: listAsIs(2, Number.POSITIVE_INFINITY),
    cfn: ['AWSTemplateFormatVersion'],
    inValues: false,
    inConditions: true,
    read: conditionList('Fn::And', 'and'),
    write: writeConditionList('Fn::And'),
  },
  {
    name: 'or',
    fn: 'or',
    writesAsIs: listAsIs(2, Number.POSITIVE_INFINITY),
    hotSince: '2016-10-14',
    inValues: false,
    inConditions: '2016-10-14',
    read: conditionList('or', 'or'),
    write: writeConditionList('or'),
  },
  {
    name: 'Fn::Or',
    fn: 'or',
    writesAsIs: listAsIs(2, Number.POSITIVE_INFINITY),
    cfn: ['AWSTemplateFormatVersion'],
    inValues: false,
    inConditions: true,
    read: conditionList('Fn::Or', 'or'),
    write: writeConditionList('Fn::Or'),
  },
];

/** A reference to a named condition is written as the bare name, wherever a condition is expected. */
export function writeConditionReference(c: Call): Expr {
  const name = c.args[0];
  if (typeof name !== 'string') throw new WriteError('a condition reference takes the name of a condition');
  return name;
}
