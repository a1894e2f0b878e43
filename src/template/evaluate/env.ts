import { isExactNumber } from '../exact-number.js';
import { spellingFor } from '../functions/index.js';
import type { FnName, Template } from '../model.js';
import type { EvaluationContext } from './index.js';
import { EvaluationError } from './index.js';
import { isMap, pyStr } from './python.js';

/** What every function implementation shares: its environment, how the template spells it, and its errors. */

/** What a function needs besides its (already resolved) arguments. */
export interface FunctionEnv {
  readonly ctx: EvaluationContext;
  namedCondition(name: string): boolean;
  asCondition(value: unknown, fn: string): boolean;
}

/** HOT from 2015-10-15 (and later) JSON-encodes maps and lists in `list_join` and `str_replace` params. */
export function jsonAware(template: Template): boolean {
  return template.version.dialect === 'hot' && template.version.value >= '2015-10-15';
}

/** How the template's version spells `fn`, for messages: the catalogue's spelling, else the usual one. */
export function spelled(template: Template, fn: FnName): string {
  const known = spellingFor(fn, template.version)?.name;
  if (known !== undefined) return known;
  const cfn = template.version.dialect === 'cfn';
  const names: Partial<Record<FnName, [string, string]>> = {
    get_param: ['Ref', 'get_param'],
    get_resource: ['Ref', 'get_resource'],
    get_attr: ['Fn::GetAtt', 'get_attr'],
    join: ['Fn::Join', 'list_join'],
    select: ['Fn::Select', 'Fn::Select'],
    split: ['Fn::Split', 'str_split'],
    replace: ['Fn::Replace', 'str_replace'],
    replace_strict: ['str_replace_strict', 'str_replace_strict'],
    replace_vstrict: ['str_replace_vstrict', 'str_replace_vstrict'],
    base64: ['Fn::Base64', 'Fn::Base64'],
    find_in_map: ['Fn::FindInMap', 'Fn::FindInMap'],
    get_azs: ['Fn::GetAZs', 'Fn::GetAZs'],
    member_list_to_map: ['Fn::MemberListToMap', 'Fn::MemberListToMap'],
    resource_facade: ['Fn::ResourceFacade', 'Fn::ResourceFacade'],
    equals: ['Fn::Equals', 'equals'],
    if: ['Fn::If', 'if'],
    not: ['Fn::Not', 'not'],
    and: ['Fn::And', 'and'],
    or: ['Fn::Or', 'or'],
  };
  const pair = names[fn];
  return pair ? pair[cfn ? 0 : 1] : fn;
}

export function fail(env: FunctionEnv, fn: FnName, reason: string): never {
  throw new EvaluationError(spelled(env.ctx.template, fn), reason);
}

/** Arguments given as one list (`map_merge: [m1, m2]` may arrive as one argument holding the list, or spread). */
export function oneListArgument(args: unknown[]): unknown {
  return args.length === 1 && (Array.isArray(args[0]) || args[0] === null || args[0] === undefined) ? args[0] : args;
}

/** Python truthiness of a resolved value, for functions that pass falsy input through. */
export function isEmpty(v: unknown): boolean {
  if (v === null || v === undefined || v === false || v === 0 || v === '') return true;
  if (Array.isArray(v)) return v.length === 0;
  if (isExactNumber(v)) return v.value === 0;
  return isMap(v) && Object.keys(v).length === 0;
}

/** A short Python-like rendering of a value for messages. */
export function pyRepr(v: unknown): string {
  const s = typeof v === 'string' ? `'${v}'` : pyStr(v);
  return s.length > 200 ? s.slice(0, 200) : s;
}
