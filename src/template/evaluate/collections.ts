import { isExactNumber } from '../exact-number.js';
import type { FnName } from '../model.js';
import { resolvePlain } from '../parse/scalars.js';
import { type FunctionEnv, fail, isEmpty, oneListArgument, pyRepr } from './env.js';
import { isMap, pyContains, pyEqual, pyIndex, pyInt, pyJsonDumps, pyStr } from './python.js';

/** Functions over lists and maps: selection, mappings, repetition, merging, concatenation, filtering. */

/** `Fn::Select`: out of range or a missing key gives `''`; a string is parsed as JSON first. */
export function select(args: unknown[], env: FunctionEnv): unknown {
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
    // Python's int(): '1' and 1.9 both select item 1.
    const i = pyInt(index);
    if (i === undefined) fail(env, 'select', 'Index to "Fn::Select" must be an integer');
    const picked = pyIndex(collection, i);
    return picked.found ? picked.value : '';
  }
  if (collection === null) return '';
  return fail(env, 'select', 'Arguments to Fn::Select not fully resolved');
}

export function findInMap(args: unknown[], env: FunctionEnv): unknown {
  const [mapName, key, field] = args;
  const mappings = env.ctx.template.mappings;
  const mapping = typeof mapName === 'string' && Object.hasOwn(mappings, mapName) ? mappings[mapName] : undefined;
  if (mapping === undefined) fail(env, 'find_in_map', `no mapping named "${pyStr(mapName)}"`);
  const entry = typeof key === 'string' && Object.hasOwn(mapping, key) ? mapping[key] : undefined;
  if (!isMap(entry)) fail(env, 'find_in_map', `mapping "${mapName}" has no key "${pyStr(key)}"`);
  if (typeof field !== 'string' || !Object.hasOwn(entry, field)) {
    fail(env, 'find_in_map', `mapping "${mapName}" has no "${pyStr(field)}" under "${pyStr(key)}"`);
  }
  return entry[field];
}

export function memberListToMap(args: unknown[], env: FunctionEnv): Record<string, unknown> {
  const [keyName, valueName, list] = args;
  if (!Array.isArray(list)) fail(env, 'member_list_to_map', 'Member list must be a list');
  // Maps, not plain objects: a member field or key named `__proto__` or `constructor` is data, as in Heat's dicts.
  const members = new Map<number, Map<string, string>>();
  for (const item of list) {
    if (typeof item !== 'string') fail(env, 'member_list_to_map', 'Member list items must be strings');
    const eq = item.indexOf('=');
    if (eq < 0) fail(env, 'member_list_to_map', `"${item}" is not of the form .member.N.Name=value`);
    const m = /^\.member\.([0-9]+)\.(.*)$/s.exec(item.slice(0, eq));
    if (!m) continue;
    const index = Number(m[1]);
    const member = members.get(index) ?? new Map<string, string>();
    member.set(m[2] as string, item.slice(eq + 1));
    members.set(index, member);
  }
  const out = new Map<string, unknown>();
  for (const index of [...members.keys()].sort((a, b) => a - b)) {
    const member = members.get(index) as Map<string, string>;
    if (typeof keyName === 'string' && typeof valueName === 'string' && member.has(keyName) && member.has(valueName)) {
      out.set(member.get(keyName) as string, member.get(valueName));
    }
  }
  // `fromEntries` defines own keys: a key named `__proto__` stays a key.
  return Object.fromEntries(out);
}

/** `repeat`: every combination of the `for_each` lists (or, with `permutations: false`, lists zipped). */
export function repeat(args: unknown[], env: FunctionEnv): unknown[] {
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
      // `fromEntries` defines own keys: a key that becomes `__proto__` stays a key (so in the rest of this file).
      const copy = Object.fromEntries(Object.entries(v).map(([k, item]) => [sub(k), item]));
      holder[key] = copy;
      for (const k of Object.keys(copy)) work.push({ holder: copy, key: k });
    }
  }
  return root.value;
}

export function mapMerge(args: unknown[], env: FunctionEnv): Record<string, unknown> {
  const maps = oneListArgument(args);
  if (!Array.isArray(maps)) fail(env, 'map_merge', 'Incorrect arguments to "map_merge" should be: a list of maps');
  const entries: [string, unknown][] = [];
  for (const m of maps) {
    if (m === null || m === undefined) continue;
    if (!isMap(m))
      fail(env, 'map_merge', `Incorrect arguments: Items to merge must be maps. ${pyRepr(m)} is not a map`);
    entries.push(...Object.entries(m));
  }
  return Object.fromEntries(entries);
}

export function mapReplace(args: unknown[], env: FunctionEnv): Record<string, unknown> {
  const usage = 'Incorrect arguments to "map_replace" should be: [{"key1": "val1"}, {"keys": {...}, "values": {...}}]';
  if (args.length !== 2) fail(env, 'map_replace', usage);
  const asMap = (m: unknown) => (m === null || m === undefined ? {} : isMap(m) ? m : fail(env, 'map_replace', usage));
  const input = asMap(args[0]);
  const replacements = asMap(args[1]);
  for (const k of Object.keys(replacements)) if (k !== 'keys' && k !== 'values') fail(env, 'map_replace', usage);
  const keys = asMap(replacements.keys);
  const values = asMap(replacements.values);
  const out = new Map<string, unknown>();
  for (const [k, v] of Object.entries(input)) {
    const renamed = Object.hasOwn(keys, k) ? keys[k] : undefined;
    let key = k;
    if (renamed !== null && renamed !== undefined) {
      key = pyStr(renamed);
      if (key !== k && Object.hasOwn(input, key)) {
        fail(env, 'map_replace', `key replacement ${key} collides with a key in the input map`);
      }
      if (out.has(key)) fail(env, 'map_replace', `key replacement ${key} collides with a key in the output map`);
    }
    out.set(key, replacedValue(v, values));
  }
  return Object.fromEntries(out);
}

/**
 * `values` looks a value up as Python does (`repl_values.get(v, v)`): a number or boolean matches a key written as
 * one (`{1: one}`, `{yes: y}`; YAML keys are read as text here, so by what the text means, and `True == 1`). A
 * string matches its own text, as a JSON or quoted key; the one case left inexact is a string value `"1"` beside
 * an unquoted YAML key `1`, which Python keeps apart (the model does not keep a key's type).
 */
function replacedValue(v: unknown, values: Readonly<Record<string, unknown>>): unknown {
  if (typeof v === 'string') return Object.hasOwn(values, v) ? values[v] : v;
  if (typeof v !== 'number' && typeof v !== 'boolean' && !isExactNumber(v)) return v;
  for (const key of Object.keys(values)) {
    const meant = resolvePlain(key);
    if (typeof meant !== 'string' && meant !== null && pyEqual(meant, v)) return values[key];
  }
  return v;
}

export function listConcat(args: unknown[], env: FunctionEnv, unique: boolean): unknown[] {
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

export function filter(args: unknown[], env: FunctionEnv): unknown {
  const [values, sequence] = args;
  if (isEmpty(sequence)) return sequence;
  if (!Array.isArray(sequence)) fail(env, 'filter', '"filter" only works with lists');
  if (isEmpty(values)) return sequence;
  if (!Array.isArray(values)) fail(env, 'filter', '"filter" filters a list of values');
  return sequence.filter((item) => !pyContains(values, item));
}
