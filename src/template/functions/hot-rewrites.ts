import { isListOrMap } from '../exact-number.js';
import { Call, type Expr, type ExprMap, isCall, isExprMap, type Template } from '../model.js';
import { DEFAULT_REGION } from '../parameter-values.js';
import { keyedLookup } from './keyed-lookup.js';

/**
 * Rewrites, for a template written in HOT, of the CFN-only functions HOT dropped after 2013-05-23
 * (`Fn::Base64`) and 2015-04-30 (`Fn::Select`) — only where the rewritten template means exactly what Heat's own
 * code makes of the original (`heat/engine/cfn/functions.py`, `heat/engine/hot/functions.py`), so that the
 * template can be written in the newest HOT version:
 *
 * - `Fn::Base64: X` → `X` when X always resolves to a string, else → `str_replace: {template: X, params: {}}`:
 *   Heat's `Base64` returns its argument unchanged and refuses a non-string, as that `str_replace` does.
 * - `Fn::Select` of a literal list or map, at a literal index, when the other items hold no function (Heat resolves
 *   them all, and a reference among them is a dependency) → the item (`''` when there is none, as `Fn::Select`).
 * - `Fn::Select: [i, Fn::Split: [d, S]]` (i a literal integer, d a literal non-empty string):
 *   - S a literal string → its item, computed now (`''` out of range);
 *   - else → `str_split: [d, S', i]`. `str_split` fails out of range where `Fn::Select` gives `''`, so S' has
 *     `''` items added (a delimiter appended, or prepended for a negative index) until i is surely in range: the
 *     split of `S + d` is the split of S and one more `''` — for a delimiter that cannot overlap itself (`,` but
 *     not `--`) — and the split of `d + S` is `''` and the split of S for any delimiter. Items S surely has (its
 *     literal delimiters, in a join) need no padding; index 0 and -1 never do. And `str_split` gives `null` for a
 *     value not known yet where `Fn::Split` refuses anything but a string: unless S always is one, it is wrapped
 *     in `str_replace: {template: S, params: {}}`, which gives a string back unchanged and refuses the rest.
 * - `Fn::Select: [i, {Ref: P}]` of a `CommaDelimitedList` parameter P, i a literal integer →
 *   `get_param: [P, i]`: both index Heat's parsed list, and give `''` out of range.
 *
 * - `Fn::FindInMap: [M, k, f]` with literal names that the template's `Mappings` hold, whose value holds no map
 *   (a map could read as a function in HOT) → that value: Heat's `FindInMap` returns `Mappings[M][k][f]` as it is.
 *   Once no lookup is left, the `Mappings` section goes too (HOT has none). A key or field from a parameter
 *   with `AllowedValues` (or `AWS::Region`) → a `str_replace` of every answer, where that is exact
 *   (`keyed-lookup.ts`).
 *
 * Anything else is left as written (the emitter then picks a HOT version that has the function, or says none can;
 * `selectAdvice` says why it stays and what to write instead).
 */
export function rewriteForHot(template: Template): Template {
  const rewrite = (e: Expr) => mapCallsBottomUp(e, (c) => rewriteCall(template, c));
  const resources: Record<string, Template['resources'][string]> = {};
  for (const [name, res] of Object.entries(template.resources)) {
    resources[name] = {
      ...res,
      properties: rewrite(res.properties) as ExprMap,
      ...(res.metadata !== undefined ? { metadata: rewrite(res.metadata) } : {}),
    };
  }
  const outputs: Record<string, Template['outputs'][string]> = {};
  for (const [name, out] of Object.entries(template.outputs)) outputs[name] = { ...out, value: rewrite(out.value) };
  // A condition keeps its functions (HOT allows few there), but not a pseudo parameter HOT cannot read.
  const conditions: Record<string, Expr> = {};
  for (const [name, c] of Object.entries(template.conditions))
    conditions[name] = mapCallsBottomUp(c, (call) => regionValue(call) ?? call);
  const rewritten = { ...template, resources, outputs, conditions };
  return lookupsLeft(rewritten) ? rewritten : { ...rewritten, mappings: {} };
}

/** Whether any `Fn::FindInMap` is left in resources or outputs (conditions may use one too). */
function lookupsLeft(template: Template): boolean {
  const stack: Expr[] = [
    ...Object.values(template.resources).flatMap((r) => [r.properties, r.metadata ?? null]),
    ...Object.values(template.outputs).map((o) => o.value),
    ...Object.values(template.conditions),
  ];
  while (stack.length > 0) {
    const e = stack.pop() as Expr;
    if (e === null || typeof e !== 'object') continue;
    if (isCall(e)) {
      if (e.fn === 'find_in_map') return true;
      stack.push(...e.args);
    } else if (Array.isArray(e)) stack.push(...e);
    else stack.push(...Object.values(e));
  }
  return false;
}

/** The value a lookup with literal names finds, when it holds no map; undefined otherwise. */
function foundInMap(template: Template, c: Call): Expr | undefined {
  const [name, key, field] = c.args;
  if (typeof name !== 'string' || typeof key !== 'string' || typeof field !== 'string') return undefined;
  const mapping = Object.hasOwn(template.mappings, name) ? template.mappings[name] : undefined;
  const entry = mapping !== undefined && Object.hasOwn(mapping, key) ? mapping[key] : undefined;
  if (!isExprMap(entry) || !Object.hasOwn(entry, field)) return undefined;
  const value = entry[field] as Expr;
  return holdsMap(value) ? undefined : value;
}

function holdsMap(value: Expr): boolean {
  if (Array.isArray(value)) return value.some((v) => holdsMap(v as Expr));
  return isListOrMap(value);
}

function rewriteCall(template: Template, c: Call): Expr {
  const [first] = c.args;
  if (c.fn === 'base64' && c.args.length === 1) {
    if (alwaysString(template, first as Expr)) return first as Expr;
    if (isCall(first)) return asString(first);
  }
  if (c.fn === 'select' && c.args.length === 2) return rewriteSelect(template, c) ?? c;
  if (c.fn === 'find_in_map' && c.args.length === 3) return foundInMap(template, c) ?? keyedLookup(template, c) ?? c;
  return regionValue(c) ?? c;
}

/**
 * `AWS::Region` → Heat's only value for it: HOT names `OS::region` among its pseudo parameters, but Heat 19 never
 * gives it a value (`hot/parameters.py` `_pseudo_parameters`), so `get_param: OS::region` fails there.
 */
function regionValue(c: Call): Expr | undefined {
  return c.fn === 'get_param' && c.args.length === 1 && c.args[0] === 'AWS::Region' ? DEFAULT_REGION : undefined;
}

/** The exact HOT equivalent of a `select` call (see the top of this file), or undefined when there is none. */
function rewriteSelect(template: Template, c: Call): Expr | undefined {
  const [indexArg, collection] = c.args as [Expr, Expr];
  const index = literalIndex(indexArg);
  if (Array.isArray(collection)) {
    if (index === undefined || !othersPlain(collection, index)) return undefined;
    const picked = pyItem(collection, index);
    return picked === undefined ? '' : picked;
  }
  if (isExprMap(collection)) {
    if (typeof indexArg !== 'string' || !othersPlain(Object.entries(collection), indexArg)) return undefined;
    return Object.hasOwn(collection, indexArg) ? (collection[indexArg] as Expr) : '';
  }
  if (!isCall(collection) || index === undefined) return undefined;
  if (collection.fn === 'split' && collection.args.length === 2) return selectOfSplit(template, index, collection);
  const [name] = collection.args;
  if (
    collection.fn === 'get_param' &&
    collection.args.length === 1 &&
    typeof name === 'string' &&
    template.parameters[name]?.type === 'comma_delimited_list'
  ) {
    return new Call('get_param', [name, index]);
  }
  return undefined;
}

function selectOfSplit(template: Template, index: number, split: Call): Expr | undefined {
  const [delimiter, text] = split.args as [Expr, Expr];
  if (typeof delimiter !== 'string' || delimiter === '') return undefined;
  if (typeof text === 'string') return pyItem(text.split(delimiter), index) ?? '';
  const known = itemsAtLeast(text, delimiter);
  const padding = index >= 0 ? index + 1 - known : -index - known;
  if (padding > 0 && index >= 0 && overlapsItself(delimiter)) return undefined;
  let source = alwaysString(template, text) ? text : asString(text);
  if (padding > 0) {
    const pad = delimiter.repeat(padding);
    source = index >= 0 ? joined([...joinedItems(source), pad]) : joined([pad, ...joinedItems(source)]);
  }
  return new Call('split', [delimiter, source, index]);
}

/**
 * `str_replace: {template: e, params: {}}`: e itself when it is a string, and an error otherwise — as Heat's
 * `Fn::Split` and `Fn::Base64` refuse a non-string (`str_split` and `list_join` would pass `null` on).
 */
function asString(e: Expr): Call {
  return new Call('replace', [{}, e]);
}

/** An integer index as Heat's `int()` reads it, when it is written literally (`1`, `'-1'`). */
function literalIndex(e: Expr): number | undefined {
  if (typeof e === 'number' && Number.isSafeInteger(e)) return e;
  if (typeof e === 'string' && /^[+-]?\d{1,15}$/.test(e)) return Number(e);
  return undefined;
}

/** Python's `seq[i]`, or undefined out of range. */
function pyItem<T>(seq: readonly T[], i: number): T | undefined {
  const at = i < 0 ? seq.length + i : i;
  return at >= 0 && at < seq.length ? seq[at] : undefined;
}

/** Whether every item but the one at `key` is plain data (no function, so nothing to resolve or depend on). */
function othersPlain(items: readonly Expr[] | readonly [string, Expr][], key: number | string): boolean {
  const picked = typeof key === 'number' ? (key < 0 ? items.length + key : key) : -1;
  return items.every((item, i) => {
    if (typeof key === 'number') return i === picked || !holdsCall(item as Expr);
    const [k, v] = item as [string, Expr];
    return k === key || !holdsCall(v);
  });
}

function holdsCall(root: Expr): boolean {
  const stack: Expr[] = [root];
  while (stack.length > 0) {
    const e = stack.pop() as Expr;
    if (e === null || typeof e !== 'object') continue;
    if (isCall(e)) return true;
    stack.push(...childrenOf(e));
  }
  return false;
}

/**
 * How many items the split of `text` surely has: one more than the delimiters in its literal parts when it is a
 * join (a delimiter that cannot overlap itself is found wherever it occurs, whatever the parts between).
 */
function itemsAtLeast(text: Expr, delimiter: string): number {
  if (!isCall(text) || text.fn !== 'join' || overlapsItself(delimiter)) return 1;
  const [separator, items] = text.args;
  if (text.args.length !== 2 || typeof separator !== 'string' || !Array.isArray(items)) return 1;
  const count = (s: string): number => s.split(delimiter).length - 1;
  let found = Math.max(0, items.length - 1) * count(separator);
  for (const item of items as Expr[]) if (typeof item === 'string') found += count(item);
  return found + 1;
}

/** Whether the delimiter begins with one of its own endings (`--`, `aba`): then `S + d` may split S differently. */
function overlapsItself(d: string): boolean {
  for (let k = 1; k < d.length; k++) if (d.slice(0, k) === d.slice(d.length - k)) return true;
  return false;
}

/** The items a string is joined from without a delimiter: itself, or a `join: ['', [...]]`'s items. */
function joinedItems(e: Expr): Expr[] {
  if (isCall(e) && e.fn === 'join' && e.args.length === 2 && e.args[0] === '' && Array.isArray(e.args[1])) {
    return [...(e.args[1] as Expr[])];
  }
  return [e];
}

function joined(items: Expr[]): Call {
  return new Call('join', ['', items]);
}

/** Whether `e` resolves to a string whatever the parameters and resources: by its form alone. */
function alwaysString(template: Template, e: Expr): boolean {
  if (typeof e === 'string') return true;
  if (!isCall(e)) return false;
  switch (e.fn) {
    case 'join':
    case 'replace':
    case 'replace_strict':
    case 'replace_vstrict':
      return true; // Heat builds these with str.join / str.replace.
    case 'split':
      return e.args.length === 3; // an item of str.split
    case 'get_param': {
      const [name] = e.args;
      if (e.args.length !== 1 || typeof name !== 'string') return false;
      // Pseudo parameters (`AWS::StackName`…) are strings; a `String` parameter's value always is one.
      return name.includes('::') || template.parameters[name]?.type === 'string';
    }
    default:
      return false;
  }
}

/** `root` with every call replaced by `f` of it, innermost first. Iterative: any depth. */
function mapCallsBottomUp(root: Expr, f: (c: Call) => Expr): Expr {
  const order: object[] = [];
  const stack: Expr[] = [root];
  while (stack.length > 0) {
    const e = stack.pop() as Expr;
    if (e === null || typeof e !== 'object') continue;
    order.push(e);
    for (const child of childrenOf(e)) stack.push(child);
  }
  const mapped = new Map<object, Expr>();
  const get = (e: Expr): Expr => (e !== null && typeof e === 'object' ? (mapped.get(e) as Expr) : e);
  for (let i = order.length - 1; i >= 0; i--) {
    const e = order[i] as Expr & object;
    let out: Expr;
    if (isCall(e)) {
      const args = e.args.map(get);
      out = f(args.some((a, j) => a !== e.args[j]) ? new Call(e.fn, args) : e);
    } else if (Array.isArray(e)) {
      const items = e.map(get);
      out = items.some((a, j) => a !== e[j]) ? items : e;
    } else {
      const entries = Object.entries(e as ExprMap);
      const changed = entries.some(([, v]) => get(v) !== v);
      out = changed ? mapValues(entries, get) : e;
    }
    mapped.set(e, out);
  }
  return get(root);
}

function mapValues(entries: [string, Expr][], get: (e: Expr) => Expr): ExprMap {
  const out: Record<string, Expr> = {};
  // defineProperty: a key named `__proto__` stays an ordinary key.
  for (const [k, v] of entries) Object.defineProperty(out, k, { value: get(v), enumerable: true, writable: true });
  return out;
}

function childrenOf(e: object): readonly Expr[] {
  if (isCall(e)) return e.args;
  if (Array.isArray(e)) return e as Expr[];
  return Object.values(e as ExprMap);
}

/**
 * Why a `select` call has no exact HOT equivalent (`rewriteForHot` leaves it), and what could be written instead:
 * for messages when no HOT version can hold it beside the rest of the template.
 */
export function selectAdvice(c: Call): string {
  const [indexArg, collection] = c.args as [Expr, Expr];
  const index = literalIndex(indexArg);
  const instead = (what: string) => `; write ${what} instead`;
  if (index === undefined && !isExprMap(collection)) {
    return `its index is not a literal integer${instead('a literal index, or a yaql expression')}`;
  }
  if (Array.isArray(collection) || isExprMap(collection)) {
    return `the other items hold functions, which Heat resolves (and depends on) too${instead('the item itself')}`;
  }
  if (isCall(collection) && collection.fn === 'split') {
    const [delimiter] = collection.args;
    if (typeof delimiter !== 'string' || delimiter === '' || collection.args.length !== 2) {
      return `its delimiter is not a literal string${instead('str_split with an index')}`;
    }
    return (
      `index ${index} may be out of range, where str_split fails and Fn::Select gives '', and the delimiter ` +
      `${JSON.stringify(delimiter)} overlaps itself, so the string cannot be padded` +
      instead('str_split with an index (it fails out of range), or a delimiter that does not overlap itself')
    );
  }
  if (isCall(collection) && collection.fn === 'get_attr') {
    return (
      `a get_attr path gives null where Fn::Select gives '' (a missing index or key, a resource not ready) and ` +
      `does not read a string attribute as JSON${instead('get_attr with a path, if null is acceptable there')}`
    );
  }
  if (isCall(collection) && collection.fn === 'get_param') {
    return `only a comma_delimited_list parameter indexes the same way in both${instead('get_param with a path (it gives "" out of range too, but indexes a string by character)')}`;
  }
  return `Fn::Select reads a string as JSON and gives '' for null${instead('a yaql expression')}`;
}
