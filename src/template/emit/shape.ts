/**
 * Template → the plain data of a template file in one dialect and version: section and key names, function
 * spellings and argument shapes, pseudo parameters. A canonical construct the target cannot express throws a
 * `WriteError`; `shapeTemplate` turns it into a `TemplateEmitError` naming the template path.
 */

import { HeatstackError } from '../../errors.js';
import {
  hotVersionsWith,
  lookupFunction,
  type Spelling,
  spellingFor,
  WriteError,
  writeConditionReference,
} from '../functions/index.js';
import type { FnContext, WriteContext } from '../functions/spellings.js';
import { KEY_NAMES, type KeyNames } from '../key-names.js';
import {
  Call,
  type Expr,
  type ExprMap,
  type FnName,
  isCall,
  type OutputDef,
  type ParameterDef,
  type ParameterType,
  type ResourceDef,
  type Template,
  type TemplateVersion,
} from '../model.js';
import { describeVersion, featuresOf, HOT_VERSION_KEY, type VersionFeatures } from '../versions.js';
import { CLOSE_LIST, CLOSE_MAP, COMMA, JsonBytes, OPEN_LIST, OPEN_MAP } from './json-bytes.js';
import type { Plain, PlainMap } from './yaml-writer.js';

/** A template that cannot be written in the requested dialect or version; the message names the template path. */
export class TemplateEmitError extends HeatstackError {
  override name = 'TemplateEmitError';
  /** Where (the template path, as the target spells it), what is wrong there, and the call that cannot be written. */
  declare readonly at?: { readonly path: string; readonly problem: string; readonly call?: Call };
  constructor(message: string, at?: TemplateEmitError['at']) {
    super(message);
    // Not enumerable: the error equals another of the same message.
    Object.defineProperty(this, 'at', { value: at, enumerable: false });
  }
}

type MutableMap = Record<string, Plain>;

const CFN_PARAMETER_TYPES: Readonly<Record<ParameterType, string>> = {
  string: 'String',
  number: 'Number',
  comma_delimited_list: 'CommaDelimitedList',
  json: 'Json',
  boolean: 'Boolean',
};

const NAMES = KEY_NAMES;
type Names = KeyNames;

class Shaper {
  readonly path: (string | number)[] = [];
  readonly names: Names;
  readonly features: VersionFeatures;
  readonly hotDate?: string;
  private readonly spellings = new Map<FnName, Spelling | null>();
  private readonly usable: Record<FnContext, Map<string, string | null>> = { value: new Map(), condition: new Map() };

  constructor(readonly version: TemplateVersion) {
    this.names = NAMES[version.dialect];
    this.features = featuresOf(version);
    this.hotDate = version.dialect === 'hot' ? version.value : undefined;
  }

  pathText(): string {
    let out = '';
    for (const p of this.path) out += typeof p === 'number' ? `[${p}]` : out === '' ? p : `.${p}`;
    return out;
  }

  at<T>(key: string | number, f: () => T): T {
    this.path.push(key);
    const result = f();
    this.path.pop();
    return result;
  }

  spelling(fn: FnName): Spelling | undefined {
    let s = this.spellings.get(fn);
    if (s === undefined) {
      s = spellingFor(fn, this.version) ?? null;
      this.spellings.set(fn, s);
    }
    return s ?? undefined;
  }

  /** Why `name` would not read back as a function in `context` (or `undefined` when it would). */
  problemReading(name: string, context: FnContext): string | undefined {
    const cache = this.usable[context];
    let p = cache.get(name);
    if (p === undefined) {
      const found = lookupFunction(name, this.version, context);
      p = found?.kind === 'function' ? null : (found?.message ?? `"${name}" is not a function here`);
      cache.set(name, p);
    }
    return p ?? undefined;
  }

  /** Whether a single-key map `{name: …}` would be read back as a function call instead of data. */
  readsAsFunction(name: string, context: FnContext): boolean {
    const found = lookupFunction(name, this.version, context);
    return found !== undefined && found.kind !== 'plain';
  }
}

function fail(s: Shaper, message: string, call?: Call): never {
  const where = s.pathText();
  throw new TemplateEmitError(`${where ? `${where}: ` : ''}${message} (writing ${describeVersion(s.version)})`, {
    path: where,
    problem: message,
    ...(call !== undefined && { call }),
  });
}

/** `obj[key] = value`, safe for a key named `__proto__`. */
export function setKey(obj: MutableMap, key: string, value: Plain): void {
  if (key === '__proto__')
    Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

// --- expressions ------------------------------------------------------------------------------------------------

function exprToPlain(e: Expr, s: Shaper, context: FnContext): Plain {
  if (e === null || typeof e !== 'object') return e;
  if (isCall(e)) return callToPlain(e, s, context);
  if (Array.isArray(e)) {
    const list = e as readonly Expr[];
    const out: Plain[] = new Array(list.length);
    for (let i = 0; i < list.length; i++) {
      s.path.push(i);
      out[i] = exprToPlain(list[i] as Expr, s, context);
      s.path.pop();
    }
    return out;
  }
  const out: MutableMap = {};
  let keys = 0;
  let onlyKey = '';
  for (const k in e) {
    s.path.push(k);
    setKey(out, k, exprToPlain((e as Record<string, Expr>)[k] as Expr, s, context));
    s.path.pop();
    keys++;
    onlyKey = k;
  }
  if (keys === 1 && s.readsAsFunction(onlyKey, context)) {
    fail(s, `the map {${onlyKey}: …} would be read back as a call of the function ${onlyKey}, not as data`);
  }
  return out;
}

function callToPlain(c: Call, s: Shaper, context: FnContext): Plain {
  try {
    if (c.fn === 'condition') return writeConditionReference(c) as string;
    const spelling = s.spelling(c.fn);
    if (spelling === undefined)
      return fail(s, `the function ${c.fn} cannot be expressed here${unavailableHint(c.fn, s.version)}`, c);
    const problem = s.problemReading(spelling.name, context);
    if (problem !== undefined) return fail(s, problem, c);
    s.path.push(spelling.name);
    const args: Expr[] = new Array(c.args.length);
    for (let i = 0; i < c.args.length; i++) {
      const argContext = context === 'condition' || (spelling.firstArgIsCondition && i === 0) ? 'condition' : 'value';
      s.path.push(i);
      args[i] = exprToPlain(c.args[i] as Expr, s, argContext) as Expr;
      s.path.pop();
    }
    s.path.pop();
    const raw = spelling.write?.(args, { hotDate: s.hotDate }) as Plain;
    return { [spelling.name]: raw };
  } catch (err) {
    if (err instanceof WriteError) return fail(s, err.message, c);
    throw err;
  }
}

/** Which versions could write `fn`, for the message when this one cannot. */
function unavailableHint(fn: FnName, version: TemplateVersion): string {
  const dates = hotVersionsWith(fn);
  const hot =
    dates.length === 0
      ? 'no HOT version has it'
      : dates.length === 1
        ? `HOT has it in ${dates[0]} only`
        : `HOT has it in ${dates[0]} … ${dates[dates.length - 1]}`;
  const inCfn = spellingFor(fn, { dialect: 'cfn', key: 'AWSTemplateFormatVersion', value: '2010-09-09' }) !== undefined;
  if (version.dialect === 'cfn')
    return inCfn ? " (it needs AWSTemplateFormatVersion: '2010-09-09')" : ` (CFN has no such function; ${hot})`;
  return ` (${hot}${inCfn ? '; CFN has it' : ''})`;
}

// --- JSON text ---------------------------------------------------------------------------------------------------
// The text of `JSON.stringify(plain, null, 2)`, written without copying a big template into plain data first, in
// two ways. The careful way is the same walk as `exprToPlain`, keeping the template path for its messages, giving
// one string a line (its indentation, key, value; a comma appended when a sibling follows). The fast way (below)
// writes a resource's bytes directly; whatever it declines is written the careful way.

/** Two spaces for each depth. */
const PADS: string[] = [''];

export function jsonPad(depth: number): string {
  let p = PADS[depth];
  if (p === undefined) {
    p = '  '.repeat(depth);
    PADS[depth] = p;
  }
  return p;
}

/** What `JSON.stringify` escapes in a string (lone surrogates included, as well-formed `JSON.stringify` does). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: exactly the characters JSON escapes
const JSON_ESCAPED = /["\\\u0000-\u001f\ud800-\udfff]/;

/** A string as `JSON.stringify` writes it; most template strings need no escaping and are only quoted. */
export function jsonString(k: string): string {
  return JSON_ESCAPED.test(k) ? JSON.stringify(k) : `"${k}"`;
}

function jsonScalar(v: string | number | boolean | null): string {
  return typeof v === 'string' ? jsonString(v) : JSON.stringify(v);
}

/** Ends the last line with a comma: a sibling follows it. */
function comma(out: string[]): void {
  out[out.length - 1] += ',';
}

/** A non-scalar argument, as given to a spelling's `write`: where the argument's text goes. */
class ArgumentSlot {
  constructor(readonly index: number) {}
}

/** Functions whose `write` only lists or picks its arguments (reading only scalar ones): written directly. */
const DIRECT_JSON: ReadonlySet<FnName> = new Set(['get_attr', 'get_resource', 'get_param', 'join']);

/** The lines of `JSON.stringify(value, null, 2)` at `depth`, the first one after `prefix` (indentation, key). */
export function plainJsonLines(v: Plain, prefix: string, depth: number, out: string[]): void {
  if (v === null || typeof v !== 'object') {
    out.push(prefix + jsonScalar(v));
    return;
  }
  const inner = jsonPad(depth + 1);
  if (Array.isArray(v)) {
    const list = v as readonly Plain[];
    if (list.length === 0) {
      out.push(`${prefix}[]`);
      return;
    }
    out.push(`${prefix}[`);
    for (let i = 0; i < list.length; i++) {
      if (i > 0) comma(out);
      plainJsonLines(list[i] as Plain, inner, depth + 1, out);
    }
    out.push(`${jsonPad(depth)}]`);
    return;
  }
  let first = true;
  for (const k in v as PlainMap) {
    if (first) out.push(`${prefix}{`);
    else comma(out);
    first = false;
    plainJsonLines((v as PlainMap)[k] as Plain, `${inner}${jsonString(k)}: `, depth + 1, out);
  }
  out.push(first ? `${prefix}{}` : `${jsonPad(depth)}}`);
}

function exprJsonLines(e: Expr, s: Shaper, context: FnContext, prefix: string, depth: number, out: string[]): void {
  if (e === null || typeof e !== 'object') {
    out.push(prefix + jsonScalar(e));
    return;
  }
  if (isCall(e)) {
    if (DIRECT_JSON.has(e.fn)) callJsonLines(e, s, context, prefix, depth, out);
    else plainJsonLines(callToPlain(e, s, context), prefix, depth, out);
    return;
  }
  const inner = jsonPad(depth + 1);
  if (Array.isArray(e)) {
    const list = e as readonly Expr[];
    if (list.length === 0) {
      out.push(`${prefix}[]`);
      return;
    }
    out.push(`${prefix}[`);
    for (let i = 0; i < list.length; i++) {
      if (i > 0) comma(out);
      s.path.push(i);
      exprJsonLines(list[i] as Expr, s, context, inner, depth + 1, out);
      s.path.pop();
    }
    out.push(`${jsonPad(depth)}]`);
    return;
  }
  let keys = 0;
  let onlyKey = '';
  for (const k in e) {
    if (keys === 0) out.push(`${prefix}{`);
    else comma(out);
    s.path.push(k);
    exprJsonLines((e as Record<string, Expr>)[k] as Expr, s, context, `${inner}${jsonString(k)}: `, depth + 1, out);
    s.path.pop();
    keys++;
    onlyKey = k;
  }
  out.push(keys === 0 ? `${prefix}{}` : `${jsonPad(depth)}}`);
  if (keys === 1 && s.readsAsFunction(onlyKey, context)) {
    fail(s, `the map {${onlyKey}: …} would be read back as a call of the function ${onlyKey}, not as data`);
  }
}

/**
 * A call of a `DIRECT_JSON` function, as `callToPlain` shapes it: the spelling's `write` is given slots for the
 * non-scalar arguments, which tells where each argument goes; the arguments are written in order (their problems
 * come first, as in `callToPlain`). A `write` that fails, or gives another shape, is left to `callToPlain`.
 */
function callJsonLines(c: Call, s: Shaper, context: FnContext, prefix: string, depth: number, out: string[]): void {
  const spelling = s.spelling(c.fn);
  if (spelling?.write === undefined || s.problemReading(spelling.name, context) !== undefined) {
    plainJsonLines(callToPlain(c, s, context), prefix, depth, out);
    return;
  }
  const slotted: Expr[] = new Array(c.args.length);
  for (let i = 0; i < c.args.length; i++) {
    const a = c.args[i] as Expr;
    slotted[i] = a !== null && typeof a === 'object' ? (new ArgumentSlot(i) as unknown as Expr) : a;
  }
  let raw: unknown;
  try {
    raw = spelling.write(slotted, { hotDate: s.hotDate });
  } catch (err) {
    if (!(err instanceof WriteError)) throw err;
    plainJsonLines(callToPlain(c, s, context), prefix, depth, out); // throws the same error, after the arguments'
    return;
  }
  const isList = Array.isArray(raw);
  const items: readonly unknown[] = isList ? (raw as unknown[]) : [raw];
  for (const item of items) {
    if (item !== null && typeof item === 'object' && !(item instanceof ArgumentSlot)) {
      plainJsonLines(callToPlain(c, s, context), prefix, depth, out);
      return;
    }
  }
  out.push(`${prefix}{`);
  const named = `${jsonPad(depth + 1)}${jsonString(spelling.name)}: `;
  s.path.push(spelling.name);
  if (isList && items.length === 0) out.push(`${named}[]`);
  else {
    if (isList) out.push(`${named}[`);
    const itemDepth = isList ? depth + 2 : depth + 1;
    const itemPrefix = isList ? jsonPad(itemDepth) : named;
    for (let i = 0; i < items.length; i++) {
      if (i > 0) comma(out);
      const item = items[i];
      if (item instanceof ArgumentSlot) {
        s.path.push(item.index);
        const argContext =
          context === 'condition' || (spelling.firstArgIsCondition && item.index === 0) ? 'condition' : 'value';
        exprJsonLines(c.args[item.index] as Expr, s, argContext, itemPrefix, itemDepth, out);
        s.path.pop();
      } else out.push(itemPrefix + jsonScalar(item as string | number | boolean | null));
    }
    if (isList) out.push(`${jsonPad(depth + 1)}]`);
  }
  s.path.pop();
  out.push(`${jsonPad(depth)}}`);
}

function jsonLinesAt(
  e: Expr,
  s: Shaper,
  key: string,
  prefix: string,
  depth: number,
  out: string[],
  context: FnContext = 'value',
): void {
  s.path.push(key);
  exprJsonLines(e, s, context, prefix, depth, out);
  s.path.pop();
}

// The fast way to the same text, as UTF-8 bytes written straight into a buffer: no template path kept, no strings
// built, nothing allocated for a call whose spelling lists its arguments as they are. It declines (throws
// `DECLINED`) whatever is not plainly writable (anything that could fail or needs care): the careful lines above
// write that resource instead, failing with the template path and message they always had.

/** The fast writer leaves the resource to the careful one. */
const DECLINED: unique symbol = Symbol('declined');

/** A scalar (not a string) as `JSON.stringify` writes it; anything else (`undefined`…) is declined. */
function fastScalar(e: Expr): string {
  switch (typeof e) {
    case 'number':
      return Number.isFinite(e) ? `${e}` : 'null';
    case 'boolean':
      return e ? 'true' : 'false';
    default:
      if (e === null) return 'null';
      throw DECLINED;
  }
}

/**
 * A function the fast writer writes itself, in one context: its spelling's name, and whether its arguments are
 * written as they are (`asIs`: without calling `write`, when there are from `min` to `max` of them) or as its
 * `write` gives them (`get_param`, which renames pseudo parameters).
 */
interface DirectCall {
  readonly spelling: Spelling;
  readonly name: string;
  /** `list`: the arguments as a list; `first`: the one argument; `written`: what `write` gives. */
  readonly form: 'list' | 'first' | 'written';
  readonly min: number;
  readonly max: number;
  /** The context of the first argument (`if` reads it as a condition). */
  readonly first: FnContext;
}

class FastJson {
  private readonly writeContext: WriteContext;
  private readonly directInValues = new Map<FnName, DirectCall | null>();
  private readonly directInConditions = new Map<FnName, DirectCall | null>();
  private readonly mapsAsData: Record<FnContext, Map<string, boolean>> = { value: new Map(), condition: new Map() };

  constructor(
    private readonly s: Shaper,
    private readonly out: JsonBytes,
  ) {
    this.writeContext = { hotDate: s.hotDate };
  }

  /** How many resources `resources` has written (the first is opened with `{`, the others with `,`). */
  written = 0;

  /**
   * Resources from `cursor`, each as `"name": {…}` at `depth` after its separator, until the buffer holds `enough`
   * bytes; gives whether the cursor is exhausted. A resource the fast way declines (or fails) is written as the
   * careful lines, which fail (if they do) with the template path and message they always had: `s.path` is at the
   * section. One loop for them all: it soon runs optimized (a loop is compiled while it runs).
   */
  resources(cursor: ResourceCursor, depth: number, enough: number): boolean {
    const { s, out } = this;
    while (cursor.next()) {
      const name = cursor.name;
      const r = cursor.def;
      out.openKey(this.written === 0 ? OPEN_MAP : COMMA, depth, name);
      const start = out.length;
      const path = s.path.length;
      try {
        this.resource(r, depth);
      } catch {
        // (a call shaped by `callToPlain` may have failed with its template path pushed)
        out.length = start;
        s.path.length = path;
        s.path.push(name);
        out.text(carefulResourceJson(r, s, depth));
        s.path.length = path;
      }
      this.written++;
      if (out.length >= enough) return false;
    }
    return true;
  }

  /** `resourceJsonLines`'s text at `depth`. */
  resource(r: ResourceDef, depth: number): void {
    const { s, out } = this;
    const n = s.names;
    const d = depth + 1;
    out.openKey(OPEN_MAP, d, n.type);
    out.string(r.type);
    if (hasEntries(r.properties)) this.entry(n.properties, r.properties, 'value', d);
    if (r.metadata !== undefined) this.entry(n.metadata, r.metadata, 'value', d);
    if (r.dependsOn.length === 1) this.entry(n.dependsOn, r.dependsOn[0] as string, 'value', d);
    else if (r.dependsOn.length > 1) this.entry(n.dependsOn, r.dependsOn, 'value', d);
    if (r.deletionPolicy !== undefined)
      this.entry(n.deletionPolicy, deletionPolicyFor(r.deletionPolicy, s), 'value', d);
    if (r.updatePolicy !== undefined) this.entry(n.updatePolicy, r.updatePolicy, 'value', d);
    if (r.description !== undefined) this.entry(n.description, r.description, 'value', d);
    if (r.externalId !== undefined) {
      if (!s.features.externalId) throw DECLINED;
      this.entry(n.externalId, r.externalId, 'value', d);
    }
    if (r.condition !== undefined) {
      if (!s.features.resourceCondition) throw DECLINED;
      this.entry(n.condition, r.condition, 'condition', d);
    }
    out.close(CLOSE_MAP, depth);
  }

  /** A map entry at `depth` that follows another. */
  private entry(key: string, value: Expr, context: FnContext, depth: number): void {
    this.out.openKey(COMMA, depth, key);
    if (typeof value === 'string') this.out.string(value);
    else this.expr(value, context, depth);
  }

  /**
   * An expression at `depth` (calls too: one function, which is soon hot). Each writer method is called from one
   * place only (strings in lists and maps are written by recursion): the compiler inlines each once, so this
   * compiles quickly and soon runs optimized.
   */
  private expr(e: Expr, context: FnContext, depth: number): void {
    const out = this.out;
    if (typeof e === 'string') {
      out.string(e);
      return;
    }
    if (e === null || typeof e !== 'object') {
      out.ascii(fastScalar(e));
      return;
    }
    let list: readonly Expr[];
    let first = context; // the first item's context
    let call = -1; // the depth of the call whose argument list this is
    if (e instanceof Call) {
      // A call whose spelling gives its arguments as they are, in order (a list, or the one argument), has them
      // written as expressions; any other is shaped by `callToPlain`.
      const args = e.args;
      const direct =
        (context === 'value' ? this.directInValues : this.directInConditions).get(e.fn) ??
        this.directCall(e.fn, context);
      let raw: Expr | undefined;
      if (direct === null) raw = undefined;
      else if (direct.form === 'written') {
        const written = direct.spelling.write?.(args, this.writeContext) as Expr;
        raw = givesArguments(written, args) ? written : undefined;
      } else if (args.length >= direct.min && args.length <= direct.max) raw = direct.form === 'list' ? args : args[0];
      if (direct === null || raw === undefined) {
        this.shaped(e, context, depth);
        return;
      }
      out.openKey(OPEN_MAP, depth + 1, direct.name);
      call = depth;
      depth++;
      if (!Array.isArray(raw)) {
        this.expr(raw, direct.first, depth);
        out.close(CLOSE_MAP, call);
        return;
      }
      list = raw as readonly Expr[];
      first = direct.first;
    } else if (Array.isArray(e)) list = e as readonly Expr[];
    else {
      this.map(e as ExprMap, context, depth);
      return;
    }
    for (let i = 0; i < list.length; i++) {
      out.open(i === 0 ? OPEN_LIST : COMMA, depth + 1);
      this.expr(list[i] as Expr, i === 0 ? first : context, depth + 1);
    }
    if (list.length === 0) out.ascii('[]');
    else out.close(CLOSE_LIST, depth);
    if (call >= 0) out.close(CLOSE_MAP, call);
  }

  /** A map (not a call) at `depth`. */
  private map(e: ExprMap, context: FnContext, depth: number): void {
    const out = this.out;
    let keys = 0;
    let onlyKey = '';
    for (const k in e) {
      out.openKey(keys === 0 ? OPEN_MAP : COMMA, depth + 1, k);
      this.expr(e[k] as Expr, context, depth + 1);
      keys++;
      onlyKey = k;
    }
    if (keys === 0) out.ascii('{}');
    else if (keys === 1 && !this.readsAsData(onlyKey, context)) throw DECLINED;
    else out.close(CLOSE_MAP, depth);
  }

  /** A call `callToPlain` shapes (one a spelling rewrites, or that fails: then the resource is declined). */
  private shaped(c: Call, context: FnContext, depth: number): void {
    this.out.plain(callToPlain(c, this.s, context), depth);
  }

  /** How `fn` is written directly in `context` (and remembered), or `null` when it is shaped by `callToPlain`. */
  private directCall(fn: FnName, context: FnContext): DirectCall | null {
    const spelling = this.s.spelling(fn);
    const asIs = spelling?.writesAsIs?.(this.writeContext);
    let direct: DirectCall | null = null;
    if (spelling?.write !== undefined && this.s.problemReading(spelling.name, context) === undefined) {
      const first = context === 'condition' || spelling.firstArgIsCondition === true ? 'condition' : 'value';
      if (asIs !== undefined) direct = { spelling, name: spelling.name, ...asIs, first };
      else if (WRITTEN_DIRECTLY.has(fn))
        direct = { spelling, name: spelling.name, form: 'written', min: 0, max: 0, first };
    }
    (context === 'value' ? this.directInValues : this.directInConditions).set(fn, direct);
    return direct;
  }

  /** Whether a one-key map `{name: …}` is read back as data (not as a call of `name`). */
  private readsAsData(name: string, context: FnContext): boolean {
    const cache = this.mapsAsData[context];
    let data = cache.get(name);
    if (data === undefined) {
      data = !this.s.readsAsFunction(name, context);
      cache.set(name, data);
    }
    return data;
  }
}

/**
 * Functions without `writesAsIs` written directly all the same when their `write` gives every argument as it is
 * (`givesArguments`): `get_param`'s renames only its scalar first argument.
 */
const WRITTEN_DIRECTLY: ReadonlySet<FnName> = new Set(['get_param']);

/**
 * Whether a spelling's `write` gave the call's arguments as they are: a list of them in order, or the first one
 * (scalars it may rewrite: they are written as given).
 */
function givesArguments(raw: Expr, args: readonly Expr[]): boolean {
  if (!Array.isArray(raw)) return raw === null || typeof raw !== 'object' || raw === args[0];
  const list = raw as readonly Expr[];
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    if (item !== null && typeof item === 'object' && item !== args[i]) return false;
  }
  return true;
}

/** Data Heat does not parse for functions (parameter defaults, mappings): written as it is. */
function literalToPlain(e: Expr, s: Shaper): Plain {
  if (e === null || typeof e !== 'object') return e;
  if (isCall(e)) return fail(s, `a function (${e.fn}) cannot appear here: Heat reads this value as plain data`);
  if (Array.isArray(e)) return (e as readonly Expr[]).map((x) => literalToPlain(x, s));
  const out: MutableMap = {};
  for (const k in e) setKey(out, k, literalToPlain((e as Record<string, Expr>)[k] as Expr, s));
  return out;
}

function plainAt(e: Expr, s: Shaper, key: string, context: FnContext = 'value'): Plain {
  s.path.push(key);
  const plain = exprToPlain(e, s, context);
  s.path.pop();
  return plain;
}

// --- sections ---------------------------------------------------------------------------------------------------

function shapeParameter(p: ParameterDef, s: Shaper): PlainMap {
  return s.version.dialect === 'cfn' ? cfnParameter(p, s) : hotParameter(p, s);
}

function cfnParameter(p: ParameterDef, s: Shaper): PlainMap {
  const out: MutableMap = { Type: CFN_PARAMETER_TYPES[p.type] };
  if (p.default !== undefined) out.Default = s.at('Default', () => literalToPlain(p.default as Expr, s));
  if (p.description !== undefined) out.Description = p.description;
  if (p.label !== undefined) out.Label = p.label;
  if (p.hidden !== undefined) out.NoEcho = p.hidden ? 'true' : 'false';
  if (p.immutable) fail(s, 'CFN parameters cannot be immutable');
  if (p.tags !== undefined && p.tags.length > 0) fail(s, 'CFN parameters have no tags');
  const seen = new Set<string>();
  const descriptions: string[] = [];
  for (const c of p.constraints) {
    if (seen.has(c.kind)) fail(s, `CFN parameters take at most one ${c.kind} constraint`);
    seen.add(c.kind);
    if (c.description !== undefined && !descriptions.includes(c.description)) descriptions.push(c.description);
  }
  const find = <K extends string>(kind: K) => p.constraints.find((c) => c.kind === kind);
  const allowed = find('allowed_values');
  if (allowed?.kind === 'allowed_values') out.AllowedValues = [...allowed.values];
  const pattern = find('allowed_pattern');
  if (pattern?.kind === 'allowed_pattern') out.AllowedPattern = pattern.pattern;
  const length = find('length');
  if (length?.kind === 'length') {
    if (length.min !== undefined) out.MinLength = length.min;
    if (length.max !== undefined) out.MaxLength = length.max;
  }
  const range = find('range');
  if (range?.kind === 'range') {
    if (range.min !== undefined) out.MinValue = range.min;
    if (range.max !== undefined) out.MaxValue = range.max;
  }
  for (const c of p.constraints) {
    if (c.kind === 'modulo' || c.kind === 'custom_constraint') fail(s, `CFN parameters have no ${c.kind} constraint`);
  }
  if (descriptions.length > 0) out.ConstraintDescription = descriptions.join(' ');
  return out;
}

function hotParameter(p: ParameterDef, s: Shaper): PlainMap {
  const out: MutableMap = { type: p.type };
  if (p.label !== undefined) out.label = p.label;
  if (p.description !== undefined) out.description = p.description;
  if (p.default !== undefined) out.default = s.at('default', () => literalToPlain(p.default as Expr, s));
  if (p.hidden !== undefined) out.hidden = p.hidden;
  if (p.immutable !== undefined) out.immutable = p.immutable;
  if (p.tags !== undefined) {
    if (!s.features.parameterTags) fail(s, 'parameter tags need heat_template_version 2018-03-02 or newer');
    out.tags = [...p.tags];
  }
  if (p.constraints.length > 0) {
    out.constraints = s.at('constraints', () => p.constraints.map((c, i) => s.at(i, () => hotConstraint(c, s))));
  }
  return out;
}

function hotConstraint(c: ParameterDef['constraints'][number], s: Shaper): PlainMap {
  const out: MutableMap = {};
  switch (c.kind) {
    case 'allowed_values':
      out.allowed_values = [...c.values];
      break;
    case 'allowed_pattern':
      out.allowed_pattern = c.pattern;
      break;
    case 'length':
    case 'range': {
      const bounds: MutableMap = {};
      if (c.min !== undefined) bounds.min = c.min;
      if (c.max !== undefined) bounds.max = c.max;
      out[c.kind] = bounds;
      break;
    }
    case 'modulo':
      if (!s.features.moduloConstraint)
        fail(s, 'the modulo constraint needs heat_template_version 2017-02-24 or newer');
      out.modulo = { step: c.step, offset: c.offset };
      break;
    case 'custom_constraint':
      out.custom_constraint = c.name;
      break;
  }
  if (c.description !== undefined) out.description = c.description;
  return out;
}

/**
 * HOT from 2016-10-14 also spells deletion policies in lower case (`retain`); Heat reads both the same. A version
 * without them gets the capitalized spelling, so a converted template keeps its meaning.
 */
function deletionPolicyFor(policy: Expr, s: Shaper): Expr {
  if (typeof policy !== 'string' || s.features.lowerCaseDeletionPolicies) return policy;
  return policy.charAt(0).toUpperCase() + policy.slice(1);
}

function shapeResource(r: ResourceDef, s: Shaper): PlainMap {
  const n = s.names;
  const out: MutableMap = { [n.type]: r.type };
  if (Object.keys(r.properties).length > 0) out[n.properties] = plainAt(r.properties, s, n.properties);
  if (r.metadata !== undefined) out[n.metadata] = plainAt(r.metadata, s, n.metadata);
  if (r.dependsOn.length === 1) out[n.dependsOn] = r.dependsOn[0] as string;
  else if (r.dependsOn.length > 1) out[n.dependsOn] = [...r.dependsOn];
  if (r.deletionPolicy !== undefined)
    out[n.deletionPolicy] = plainAt(deletionPolicyFor(r.deletionPolicy, s), s, n.deletionPolicy);
  if (r.updatePolicy !== undefined) out[n.updatePolicy] = plainAt(r.updatePolicy, s, n.updatePolicy);
  if (r.description !== undefined) out[n.description] = r.description;
  if (r.externalId !== undefined) {
    if (!s.features.externalId) s.at(n.externalId, () => fail(s, 'external_id needs HOT 2016-10-14 or newer'));
    out[n.externalId] = plainAt(r.externalId, s, n.externalId);
  }
  if (r.condition !== undefined) {
    if (!s.features.resourceCondition) s.at(n.condition, () => fail(s, 'resource conditions are not available'));
    out[n.condition] = plainAt(r.condition, s, n.condition, 'condition');
  }
  return out;
}

/** `shapeResource`'s entry as the lines of its JSON text at `depth`, the first one after `prefix`. */
function resourceJsonLines(r: ResourceDef, s: Shaper, prefix: string, depth: number, out: string[]): void {
  const n = s.names;
  const inner = jsonPad(depth + 1);
  const d = depth + 1;
  const key = (k: string): string => {
    comma(out);
    return `${inner}${jsonString(k)}: `;
  };
  out.push(`${prefix}{`, `${inner}${jsonString(n.type)}: ${jsonString(r.type)}`);
  if (hasEntries(r.properties)) jsonLinesAt(r.properties, s, n.properties, key(n.properties), d, out);
  if (r.metadata !== undefined) jsonLinesAt(r.metadata, s, n.metadata, key(n.metadata), d, out);
  if (r.dependsOn.length === 1) out.push(key(n.dependsOn) + jsonString(r.dependsOn[0] as string));
  else if (r.dependsOn.length > 1) plainJsonLines([...r.dependsOn], key(n.dependsOn), d, out);
  if (r.deletionPolicy !== undefined)
    jsonLinesAt(deletionPolicyFor(r.deletionPolicy, s), s, n.deletionPolicy, key(n.deletionPolicy), d, out);
  if (r.updatePolicy !== undefined) jsonLinesAt(r.updatePolicy, s, n.updatePolicy, key(n.updatePolicy), d, out);
  if (r.description !== undefined) out.push(key(n.description) + jsonString(r.description));
  if (r.externalId !== undefined) {
    if (!s.features.externalId) s.at(n.externalId, () => fail(s, 'external_id needs HOT 2016-10-14 or newer'));
    jsonLinesAt(r.externalId, s, n.externalId, key(n.externalId), d, out);
  }
  if (r.condition !== undefined) {
    if (!s.features.resourceCondition) s.at(n.condition, () => fail(s, 'resource conditions are not available'));
    jsonLinesAt(r.condition, s, n.condition, key(n.condition), d, out, 'condition');
  }
  out.push(`${jsonPad(depth)}}`);
}

function shapeOutput(o: OutputDef, s: Shaper): PlainMap {
  const n = s.names;
  const out: MutableMap = {};
  if (s.version.dialect === 'hot' && o.description !== undefined) out.description = o.description;
  out[n.value] = plainAt(o.value, s, n.value);
  if (s.version.dialect === 'cfn' && o.description !== undefined) out.Description = o.description;
  if (o.condition !== undefined) {
    if (!s.features.outputCondition) s.at(n.condition, () => fail(s, 'output conditions are not available'));
    out[n.condition] = plainAt(o.condition, s, n.condition, 'condition');
  }
  return out;
}

function eachEntry<V>(
  s: Shaper,
  section: string,
  entries: Readonly<Record<string, V>>,
  f: (v: V, s: Shaper) => Plain,
): PlainMap {
  const out: MutableMap = {};
  for (const [name, value] of lazyEntries(s, section, entries, f)) setKey(out, name, value);
  return out;
}

/** A section's entries, each shaped only when the iteration reaches it (with the template path set meanwhile). */
function* lazyEntries<V>(
  s: Shaper,
  section: string,
  entries: Readonly<Record<string, V>>,
  f: (v: V, s: Shaper) => Plain,
): Generator<readonly [string, Plain]> {
  s.path.push(section);
  for (const name in entries) {
    s.path.push(name);
    const value = f(entries[name] as V, s);
    s.path.pop();
    yield [name, value];
  }
  s.path.pop();
}

/**
 * The resources of `cursor`, as JSON text at `depth` into `out`: each entry `"name": {…}` after its separator (`{`
 * and a line break for the first, `,` and a line break for the others); each step of the iteration writes entries
 * until `out` holds `chunkBytes` bytes (or the last one). No step when there are none.
 */
function* lazyJsonEntries(
  s: Shaper,
  section: string,
  cursor: ResourceCursor,
  out: JsonBytes,
  depth: number,
  chunkBytes: number,
): Generator<void> {
  const fast = new FastJson(s, out);
  s.path.push(section);
  for (let done = false; !done; ) {
    const before = fast.written;
    done = fast.resources(cursor, depth, chunkBytes);
    if (fast.written > before) yield;
  }
  s.path.pop();
}

/** `lazyEntries` of the resources of `cursor`. */
function* cursorEntries(
  s: Shaper,
  section: string,
  cursor: ResourceCursor,
  f: (r: ResourceDef, s: Shaper) => Plain,
): Generator<readonly [string, Plain]> {
  s.path.push(section);
  while (cursor.next()) {
    const name = cursor.name;
    s.path.push(name);
    const value = f(cursor.def, s);
    s.path.pop();
    yield [name, value];
  }
  s.path.pop();
}

/**
 * A template's resources, handed out one at a time: `next()` moves to the next one (false when there are no
 * more), whose name and definition are then `name` and `def`. A template's record is read this way
 * (`recordCursor`); so is a stack synthesized straight into a file, whose resources are each synthesized when
 * the cursor reaches them and dropped once written (`src/synth/stream.ts`).
 */
export interface ResourceCursor {
  next(): boolean;
  readonly name: string;
  readonly def: ResourceDef;
}

/** The resources of a template's record, in order. */
export function recordCursor(resources: Readonly<Record<string, ResourceDef>>): ResourceCursor {
  return new RecordCursor(resources);
}

class RecordCursor implements ResourceCursor {
  // Own keys are all a template's maps have (and one call gets them all, where a loop pushing each would run slowly
  // before the JIT has compiled it).
  private readonly names: string[];
  private index = -1;
  name = '';
  def!: ResourceDef;

  constructor(private readonly resources: Readonly<Record<string, ResourceDef>>) {
    this.names = Object.keys(resources);
  }

  next(): boolean {
    if (++this.index >= this.names.length) return false;
    this.name = this.names[this.index] as string;
    this.def = this.resources[this.name] as ResourceDef;
    return true;
  }
}

function carefulResourceJson(r: ResourceDef, s: Shaper, depth: number): string {
  const lines: string[] = [];
  resourceJsonLines(r, s, '', depth, lines);
  return lines.join('\n');
}

/**
 * For tests: each resource of the template as JSON text at depth 2, written the fast way (`undefined` where it
 * declines or fails) and the careful way (or the `TemplateEmitError` that fails it).
 */
export function resourceJsonBothWays(
  t: Template,
  version: TemplateVersion,
): { name: string; fast?: string; careful: string | TemplateEmitError }[] {
  const s = new Shaper(version);
  const out = new JsonBytes(1 << 10);
  const fast = new FastJson(s, out);
  const both: { name: string; fast?: string; careful: string | TemplateEmitError }[] = [];
  for (const name in t.resources) {
    const r = t.resources[name] as ResourceDef;
    s.path.length = 0;
    s.path.push(s.names.resources, name);
    out.length = 0;
    let fastText: string | undefined;
    try {
      fast.resource(r, 2);
      fastText = out.toString();
    } catch {
      fastText = undefined;
    }
    s.path.length = 0;
    s.path.push(s.names.resources, name);
    let careful: string | TemplateEmitError;
    try {
      careful = carefulResourceJson(r, s, 2);
    } catch (err) {
      if (!(err instanceof TemplateEmitError)) throw err;
      careful = err;
    }
    both.push({ name, fast: fastText, careful });
  }
  return both;
}

function hasEntries(o: object): boolean {
  for (const _ in o) return true;
  return false;
}

/**
 * A top-level entry of a template file: a value, or (the resources) a section whose entries are shaped one at a
 * time as they are iterated, so that a writer can write each resource and drop it before shaping the next.
 */
export type TemplateSection =
  | { readonly key: string; readonly value: Plain }
  | {
      readonly key: string;
      readonly entries: Iterable<readonly [string, Plain]>;
      /**
       * The same entries as JSON text at `depth`, each with its separator, written into `out`: an iteration step
       * writes entries until `out` holds `chunkBytes` bytes, or the last one (iterate either this or `entries`,
       * once).
       */
      jsonEntries(out: JsonBytes, depth: number, chunkBytes: number): Iterable<void>;
    };

/** The template as the plain data of a file in `version`'s dialect. Throws `TemplateEmitError`. */
export function shapeTemplate(t: Template, version: TemplateVersion): PlainMap {
  const out: MutableMap = {};
  for (const section of shapeTemplateSections(t, version)) {
    setKey(out, section.key, 'value' in section ? section.value : entriesToMap(section.entries));
  }
  return out;
}

function entriesToMap(entries: Iterable<readonly [string, Plain]>): PlainMap {
  const out: MutableMap = {};
  for (const [name, value] of entries) setKey(out, name, value);
  return out;
}

/**
 * The template's top-level entries in file order, each shaped when the iteration reaches it (consume each
 * section's entries before the next section): problems are found, and thrown as `TemplateEmitError`, in the same
 * order as `shapeTemplate` finds them. The resources are those `resources` hands out (by default the template's
 * record; a stack synthesized straight into a file gives a cursor that synthesizes each as it is reached).
 */
export function* shapeTemplateSections(
  t: Template,
  version: TemplateVersion,
  resources: () => ResourceCursor = () => recordCursor(t.resources),
): Generator<TemplateSection> {
  const s = new Shaper(version);
  const n = s.names;
  if (version.dialect === 'cfn') yield { key: version.key, value: version.value };
  else yield { key: HOT_VERSION_KEY, value: version.alias ?? version.value };
  if (t.description !== undefined) yield { key: n.description, value: t.description };
  if (t.parameterGroups.length > 0) {
    if (!s.features.parameterGroups) s.at(n.parameterGroups, () => fail(s, 'CFN templates have no parameter groups'));
    const groups = t.parameterGroups.map((g) => {
      const group: MutableMap = {};
      if (g.label !== undefined) group.label = g.label;
      if (g.description !== undefined) group.description = g.description;
      group.parameters = [...g.parameters];
      return group;
    });
    yield { key: n.parameterGroups, value: groups };
  }
  if (hasEntries(t.parameters))
    yield { key: n.parameters, value: eachEntry(s, n.parameters, t.parameters, shapeParameter) };
  if (hasEntries(t.mappings)) {
    if (!s.features.mappings) s.at(n.mappings, () => fail(s, 'HOT templates have no mappings'));
    yield { key: n.mappings, value: eachEntry(s, n.mappings, t.mappings, (m, sh) => literalToPlain(m, sh)) };
  }
  if (hasEntries(t.conditions)) {
    if (!s.features.conditions) s.at(n.conditions, () => fail(s, 'conditions are not available'));
    const conditions = eachEntry(s, n.conditions, t.conditions, (c, sh) => exprToPlain(c, sh, 'condition'));
    yield { key: n.conditions, value: conditions };
  }
  yield {
    key: n.resources,
    get entries() {
      return cursorEntries(s, n.resources, resources(), shapeResource);
    },
    jsonEntries: (out, depth, chunkBytes) => lazyJsonEntries(s, n.resources, resources(), out, depth, chunkBytes),
  };
  if (hasEntries(t.outputs)) yield { key: n.outputs, value: eachEntry(s, n.outputs, t.outputs, shapeOutput) };
}
