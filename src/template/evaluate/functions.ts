import { createHash, getHashes } from 'node:crypto';
import { spellingFor } from '../functions/index.js';
import type { FnName, Template } from '../model.js';
import { resourceType } from '../resource-types/index.js';
import type { EvaluationContext } from './index.js';
import { EvaluationError } from './index.js';
import {
  isMap,
  pyContains,
  pyEqual,
  pyIndex,
  pyInt,
  pyJsonDumps,
  pyQuote,
  pySplit,
  pyStr,
  pyUrlencode,
  pyUrlunsplit,
} from './python.js';

/** What a function needs besides its (already resolved) arguments. */
export interface FunctionEnv {
  readonly ctx: EvaluationContext;
  namedCondition(name: string): boolean;
  asCondition(value: unknown, fn: string): boolean;
}

type Impl = (args: unknown[], env: FunctionEnv) => unknown;

/** Applies one function to resolved arguments. `if` never gets here: the evaluator picks its branch lazily. */
export function applyFunction(fn: FnName, args: unknown[], env: FunctionEnv): unknown {
  const impl = IMPLS[fn];
  return impl(args, env);
}

/** HOT from 2015-10-15 (and later) JSON-encodes maps and lists in `list_join` and `str_replace` params. */
function jsonAware(template: Template): boolean {
  return template.version.dialect === 'hot' && template.version.value >= '2015-10-15';
}

/** How the template's version spells `fn`, for messages: the catalogue's spelling, else the usual one. */
function spelled(template: Template, fn: FnName): string {
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

function fail(env: FunctionEnv, fn: FnName, reason: string): never {
  throw new EvaluationError(spelled(env.ctx.template, fn), reason);
}

/** Arguments given as one list (`map_merge: [m1, m2]` may arrive as one argument holding the list, or spread). */
function oneListArgument(args: unknown[]): unknown {
  return args.length === 1 && (Array.isArray(args[0]) || args[0] === null || args[0] === undefined) ? args[0] : args;
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

/** `get_param: [name, path…]`: a path that does not fit the value gives `''`, as in Heat. */
function getParam(args: unknown[], env: FunctionEnv): unknown {
  const [name, ...path] = args;
  if (typeof name !== 'string') fail(env, 'get_param', 'Parameter name must be a string');
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
function getAttr(args: unknown[], env: FunctionEnv): unknown {
  const [resource, attribute, ...path] = args;
  const { template } = env.ctx;
  if (typeof resource !== 'string' || !Object.hasOwn(template.resources, resource)) {
    fail(env, 'get_attr', `The specified reference "${pyStr(resource)}" is not a resource of the template`);
  }
  if (attribute === undefined || attribute === null) return allAttributes(resource, env);
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

/** `list_join`/`Fn::Join`. Before HOT 2015-10-15 only strings join; later maps and lists join as sorted JSON. */
function join(args: unknown[], env: FunctionEnv): string {
  const [delimiter, ...lists] = args;
  const items: unknown[] = [];
  const json = jsonAware(env.ctx.template);
  for (const list of lists) {
    // From 2015-10-15 Heat skips any empty argument (`''` too); before, only a missing list.
    if (list === null || list === undefined || (json && isEmpty(list))) continue;
    if (!Array.isArray(list)) fail(env, 'join', `"${spelled(env.ctx.template, 'join')}" must operate on a list`);
    for (const item of list) items.push(item);
  }
  if (typeof delimiter !== 'string') {
    fail(env, 'join', `"${spelled(env.ctx.template, 'join')}" delimiter must be a string`);
  }
  const strings = items.map((s) => {
    if (s === null || s === undefined) return '';
    if (typeof s === 'string') return s;
    if (json && typeof s === 'object') return pyJsonDumps(s);
    return fail(env, 'join', `Items to join must be ${json ? 'string, map or list' : 'strings'} not ${pyRepr(s)}`);
  });
  return strings.join(delimiter);
}

/** `Fn::Select`: out of range or a missing key gives `''`; a string is parsed as JSON first. */
function select(args: unknown[], env: FunctionEnv): unknown {
  const [index, collectionArg] = args;
  let collection = collectionArg;
  if (collection === '' || collection === null || collection === undefined) return '';
  if (typeof collection === 'string') {
    try {
      collection = JSON.parse(collection) as unknown;
    } catch (e) {
      fail(env, 'select', (e as Error).message);
    }
  }
  if (isMap(collection)) {
    if (typeof index !== 'string') fail(env, 'select', 'Index to "Fn::Select" must be a string');
    return Object.hasOwn(collection, index) ? collection[index] : '';
  }
  if (Array.isArray(collection)) {
    const i = pyInt(index);
    if (i === undefined || (typeof index === 'number' && !Number.isInteger(index))) {
      fail(env, 'select', 'Index to "Fn::Select" must be an integer');
    }
    const picked = pyIndex(collection, i);
    return picked.found ? picked.value : '';
  }
  if (collection === null) return '';
  return fail(env, 'select', 'Arguments to Fn::Select not fully resolved');
}

/** `Fn::Split` / `str_split` (with an optional index; out of range is an error there, unlike `Fn::Select`). */
function split(args: unknown[], env: FunctionEnv): unknown {
  const [delimiter, value, ...rest] = args;
  const name = spelled(env.ctx.template, 'split');
  if (env.ctx.template.version.dialect === 'hot' && (value === null || value === undefined)) return null;
  if (typeof delimiter !== 'string') fail(env, 'split', `Delimiter for ${name} must be string`);
  if (typeof value !== 'string') fail(env, 'split', `String to split must be string; got ${pyRepr(value)}`);
  const parts = pySplit(value, delimiter);
  if (parts === undefined) fail(env, 'split', 'empty separator');
  if (rest.length === 0) return parts;
  const index = pyInt(rest[0]);
  if (index === undefined) fail(env, 'split', `Incorrect index to "${name}" should be: an integer`);
  const picked = pyIndex(parts, index);
  if (!picked.found) fail(env, 'split', `Incorrect index to "${name}" should be between 0 and ${parts.length - 1}`);
  return picked.value;
}

/**
 * `str_replace` and friends: keys are replaced longest first (equal lengths in code point order), and text a
 * replacement inserted is never scanned again.
 */
function replace(args: unknown[], env: FunctionEnv, fn: FnName, strict: boolean, allowEmpty: boolean): string {
  const [params, template] = args;
  const name = spelled(env.ctx.template, fn);
  if (typeof template !== 'string') fail(env, fn, `"${name}" template must be a string`);
  if (!isMap(params)) fail(env, fn, `"${name}" params must be a map`);
  const json = fn !== 'replace' || jsonAware(env.ctx.template);
  const keys = Object.keys(params).sort((a, b) => b.length - a.length || (a < b ? -1 : a > b ? 1 : 0));
  const values = keys.map((k) => replacement(params[k], k, json, allowEmpty, env, fn));
  const unused = new Set(keys);
  const result = replaceKeys(template, keys, values, unused);
  if (strict && unused.size > 0) {
    fail(env, fn, `The following params were not found in the template: ${[...unused].join(',')}`);
  }
  return result;
}

function replaceKeys(template: string, keys: string[], values: string[], unused: Set<string>): string {
  // Split on each key in turn, then join the pieces back with its value: inserted text is never rescanned.
  type Piece = { text: string; depth: number } | { joined: number; depth: number; count: number };
  const work: Piece[] = [{ text: template, depth: 0 }];
  const out: string[] = [];
  while (work.length > 0) {
    const piece = work.pop() as Piece;
    if ('joined' in piece) {
      const parts = out.splice(out.length - piece.count, piece.count);
      out.push(parts.join(values[piece.joined] as string));
      continue;
    }
    if (piece.depth === keys.length) {
      out.push(piece.text);
      continue;
    }
    const key = keys[piece.depth] as string;
    const parts = piece.text.split(key);
    if (parts.length > 1) unused.delete(key);
    work.push({ joined: piece.depth, depth: piece.depth, count: parts.length });
    for (let i = parts.length - 1; i >= 0; i--) work.push({ text: parts[i] as string, depth: piece.depth + 1 });
  }
  return out[0] as string;
}

function replacement(
  value: unknown,
  key: string,
  json: boolean,
  allowEmpty: boolean,
  env: FunctionEnv,
  fn: FnName,
): string {
  const name = spelled(env.ctx.template, fn);
  const empty = () =>
    fail(env, fn, `${name} has an undefined or empty value for param ${key}, must be a defined non-empty value`);
  if (value === null || value === undefined) return allowEmpty ? '' : empty();
  if (typeof value === 'object') {
    if (!json) fail(env, fn, `"${name}" params must be strings or numbers, param ${key} is not valid`);
    if (!allowEmpty && (Array.isArray(value) ? value.length === 0 : Object.keys(value).length === 0)) empty();
    return pyJsonDumps(value);
  }
  const s = pyStr(value);
  if (!allowEmpty && s === '') empty();
  return s;
}

function findInMap(args: unknown[], env: FunctionEnv): unknown {
  const [mapName, key, field] = args;
  const mapping = typeof mapName === 'string' ? env.ctx.template.mappings[mapName] : undefined;
  if (mapping === undefined) fail(env, 'find_in_map', `no mapping named "${pyStr(mapName)}"`);
  const entry = typeof key === 'string' && Object.hasOwn(mapping, key) ? mapping[key] : undefined;
  if (!isMap(entry)) fail(env, 'find_in_map', `mapping "${mapName}" has no key "${pyStr(key)}"`);
  if (typeof field !== 'string' || !Object.hasOwn(entry, field)) {
    fail(env, 'find_in_map', `mapping "${mapName}" has no "${pyStr(field)}" under "${pyStr(key)}"`);
  }
  return entry[field];
}

function memberListToMap(args: unknown[], env: FunctionEnv): Record<string, unknown> {
  const [keyName, valueName, list] = args;
  if (!Array.isArray(list)) fail(env, 'member_list_to_map', 'Member list must be a list');
  const members = new Map<number, Record<string, string>>();
  for (const item of list) {
    if (typeof item !== 'string') fail(env, 'member_list_to_map', 'Member list items must be strings');
    const eq = item.indexOf('=');
    if (eq < 0) fail(env, 'member_list_to_map', `"${item}" is not of the form .member.N.Name=value`);
    const m = /^\.member\.([0-9]+)\.(.*)$/s.exec(item.slice(0, eq));
    if (!m) continue;
    const index = Number(m[1]);
    const member = members.get(index) ?? {};
    member[m[2] as string] = item.slice(eq + 1);
    members.set(index, member);
  }
  const out: Record<string, unknown> = {};
  for (const index of [...members.keys()].sort((a, b) => a - b)) {
    const member = members.get(index) as Record<string, string>;
    if (typeof keyName === 'string' && typeof valueName === 'string' && keyName in member && valueName in member) {
      out[member[keyName] as string] = member[valueName];
    }
  }
  return out;
}

function digest(args: unknown[], env: FunctionEnv): string {
  const [algorithm, value] = args;
  if (args.length !== 2) fail(env, 'digest', 'usage: ["<algorithm>", "<value>"]');
  if (typeof algorithm !== 'string' || typeof value !== 'string') {
    fail(env, 'digest', 'Argument to function "digest" must be a list of strings');
  }
  const algo = algorithm.toLowerCase();
  if (!getHashes().includes(algo)) fail(env, 'digest', `Algorithm must be one of ${getHashes().join(', ')}`);
  if ([...value].some((ch) => (ch.codePointAt(0) as number) > 0xff))
    fail(env, 'digest', 'the value must be latin-1 text');
  return createHash(algo).update(Buffer.from(value, 'latin1')).digest('hex');
}

/** `repeat`: every combination of the `for_each` lists (or, with `permutations: false`, lists zipped). */
function repeat(args: unknown[], env: FunctionEnv): unknown[] {
  const spec = args[0];
  if (!isMap(spec)) fail(env, 'repeat', 'Arguments to "repeat" must be a map');
  const { for_each: forEach, template } = spec;
  const permutations = spec.permutations ?? true;
  if (typeof permutations !== 'boolean')
    fail(env, 'repeat', '"permutations" should be boolean type for repeat function.');
  if (!isMap(forEach)) fail(env, 'repeat', 'The "for_each" argument to "repeat" must contain a map');
  const keys = Object.keys(forEach);
  if (keys.length === 0) fail(env, 'repeat', 'The "for_each" argument to "repeat" must name at least one placeholder');
  // Maps (iterated by key) from HOT 2016-10-14, and not with `permutations: false`.
  const mapsAllowed = permutations && env.ctx.template.version.value >= '2016-10-14';
  const lists = keys.map((k) => {
    const v = forEach[k];
    if (v === null || v === undefined) return [];
    if (Array.isArray(v)) return v;
    if (isMap(v) && mapsAllowed) return Object.keys(v);
    return fail(
      env,
      'repeat',
      `The values of the "for_each" argument to "repeat" must be lists${mapsAllowed ? ' or maps' : ''}`,
    );
  });
  const combos = permutations ? product(lists) : zip(lists, env);
  return combos.map((values) => substitute(template, keys, values, env));
}

function product(lists: unknown[][]): unknown[][] {
  let combos: unknown[][] = [[]];
  for (const list of lists) combos = combos.flatMap((c) => list.map((v) => [...c, v]));
  return combos;
}

function zip(lists: unknown[][], env: FunctionEnv): unknown[][] {
  const lengths = new Set(lists.map((l) => l.length));
  if (lengths.size > 1)
    fail(env, 'repeat', 'For repeat, the length of for_each values should be equal if no nested loop.');
  const n = lists[0]?.length ?? 0;
  return Array.from({ length: lists.length === 0 ? 0 : n }, (_, i) => lists.map((l) => l[i]));
}

/** Replaces each key by its value in every string (map keys included) of a resolved template; iterative. */
function substitute(template: unknown, keys: string[], values: unknown[], env: FunctionEnv): unknown {
  const sub = (s: string) =>
    keys.reduce((acc, k, i) => {
      const v = values[i];
      // Python's str.replace takes only strings: Heat fails on a number in for_each the same way.
      if (typeof v !== 'string') fail(env, 'repeat', `for_each values must be strings; got ${pyRepr(v)}`);
      return acc.split(k).join(v);
    }, s);
  const root: { value: unknown } = { value: template };
  const work: { holder: Record<string | number, unknown>; key: string | number }[] = [{ holder: root, key: 'value' }];
  while (work.length > 0) {
    const { holder, key } = work.pop() as { holder: Record<string | number, unknown>; key: string | number };
    const v = holder[key];
    if (typeof v === 'string') holder[key] = sub(v);
    else if (Array.isArray(v)) {
      const copy = [...v];
      holder[key] = copy;
      for (let i = 0; i < copy.length; i++) work.push({ holder: copy as unknown as Record<number, unknown>, key: i });
    } else if (isMap(v)) {
      const copy: Record<string, unknown> = {};
      for (const [k, item] of Object.entries(v)) copy[sub(k)] = item;
      holder[key] = copy;
      for (const k of Object.keys(copy)) work.push({ holder: copy, key: k });
    }
  }
  return root.value;
}

function mapMerge(args: unknown[], env: FunctionEnv): Record<string, unknown> {
  const maps = oneListArgument(args);
  if (!Array.isArray(maps)) fail(env, 'map_merge', 'Incorrect arguments to "map_merge" should be: a list of maps');
  const out: Record<string, unknown> = {};
  for (const m of maps) {
    if (m === null || m === undefined) continue;
    if (!isMap(m))
      fail(env, 'map_merge', `Incorrect arguments: Items to merge must be maps. ${pyRepr(m)} is not a map`);
    Object.assign(out, m);
  }
  return out;
}

function mapReplace(args: unknown[], env: FunctionEnv): Record<string, unknown> {
  const usage = 'Incorrect arguments to "map_replace" should be: [{"key1": "val1"}, {"keys": {...}, "values": {...}}]';
  if (args.length !== 2) fail(env, 'map_replace', usage);
  const asMap = (m: unknown) => (m === null || m === undefined ? {} : isMap(m) ? m : fail(env, 'map_replace', usage));
  const input = asMap(args[0]);
  const replacements = asMap(args[1]);
  for (const k of Object.keys(replacements)) if (k !== 'keys' && k !== 'values') fail(env, 'map_replace', usage);
  const keys = asMap(replacements.keys);
  const values = asMap(replacements.values);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input)) {
    const renamed = keys[k];
    let key = k;
    if (renamed !== null && renamed !== undefined) {
      key = pyStr(renamed);
      if (key !== k && Object.hasOwn(input, key)) {
        fail(env, 'map_replace', `key replacement ${key} collides with a key in the input map`);
      }
      if (Object.hasOwn(out, key))
        fail(env, 'map_replace', `key replacement ${key} collides with a key in the output map`);
    }
    out[key] = typeof v === 'string' && Object.hasOwn(values, v) ? values[v] : v;
  }
  return out;
}

function listConcat(args: unknown[], env: FunctionEnv, unique: boolean): unknown[] {
  const fn: FnName = unique ? 'list_concat_unique' : 'list_concat';
  const lists = oneListArgument(args);
  if (!Array.isArray(lists)) fail(env, fn, `Incorrect arguments to "${fn}" should be: a list of lists`);
  const out: unknown[] = [];
  for (const l of lists) {
    if (l === null || l === undefined) continue;
    if (!Array.isArray(l)) {
      fail(
        env,
        fn,
        `Incorrect arguments: Items to concat must be lists. ${pyJsonDumps(lists)} contains an item that is not a list: ${pyJsonDumps(l)}`,
      );
    }
    for (const item of l) if (!unique || !pyContains(out, item)) out.push(item);
  }
  return out;
}

function filter(args: unknown[], env: FunctionEnv): unknown {
  const [values, sequence] = args;
  if (isEmpty(sequence)) return sequence;
  if (!Array.isArray(sequence)) fail(env, 'filter', '"filter" only works with lists');
  if (isEmpty(values)) return sequence;
  if (!Array.isArray(values)) fail(env, 'filter', '"filter" filters a list of values');
  return sequence.filter((item) => !pyContains(values, item));
}

/** Python truthiness of a resolved value, for functions that pass falsy input through. */
function isEmpty(v: unknown): boolean {
  if (v === null || v === undefined || v === false || v === 0 || v === '') return true;
  if (Array.isArray(v)) return v.length === 0;
  return isMap(v) && Object.keys(v).length === 0;
}

const URL_KEYS = ['scheme', 'username', 'password', 'host', 'port', 'path', 'query', 'fragment'];

function makeUrl(args: unknown[], env: FunctionEnv): string {
  const a = args[0];
  if (!isMap(a)) fail(env, 'make_url', 'The arguments to "make_url" must be a map');
  const invalid = Object.keys(a).filter((k) => !URL_KEYS.includes(k));
  if (invalid.length > 0) fail(env, 'make_url', `Invalid arguments to "make_url": ${invalid.join(', ')}`);
  for (const k of URL_KEYS) {
    if (!(k in a) || k === 'port') continue;
    if (k === 'query' ? !isMap(a[k]) : typeof a[k] !== 'string') {
      fail(env, 'make_url', `The "${k}" argument to "make_url" must be a ${k === 'query' ? 'map' : 'string'}`);
    }
  }
  const text = (k: string) => (typeof a[k] === 'string' ? (a[k] as string) : '');
  let port = '';
  if (a.port !== undefined && a.port !== null && a.port !== '') {
    const n = pyInt(a.port);
    if (n === undefined) fail(env, 'make_url', `Invalid URL port "${pyStr(a.port)}"`);
    if (!(n > 0 && n <= 65535)) fail(env, 'make_url', `Invalid URL port ${n}, must be in range 1-65535`);
    port = String(a.port);
  }
  const scheme = text('scheme');
  if (scheme.includes(':')) fail(env, 'make_url', 'URL "scheme" should not contain \':\'');
  const username = pyQuote(text('username'), '');
  const password = pyQuote(text('password'), '');
  let netloc = '';
  if (username || password) netloc += `${username}${password ? `:${password}` : ''}@`;
  let host = text('host');
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  host = pyQuote(host, ':');
  netloc += host.includes(':') ? `[${host}]` : host;
  if (port) netloc += `:${port}`;
  const query = pyUrlencode(isMap(a.query) ? a.query : {}).replace(/%2F/g, '/');
  return pyUrlunsplit(scheme, netloc, pyQuote(text('path')), query, pyQuote(text('fragment')));
}

/** A short Python-like rendering of a value for messages. */
function pyRepr(v: unknown): string {
  const s = typeof v === 'string' ? `'${v}'` : pyStr(v);
  return s.length > 200 ? s.slice(0, 200) : s;
}
