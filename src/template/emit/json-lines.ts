import { type ExactNumber, isExactNumber } from '../exact-number.js';
import { WriteError } from '../functions/index.js';
import type { FnContext } from '../functions/spellings.js';
import { type Call, type Expr, isCall, type ResourceDef } from '../model.js';
import { jsonNumber } from './json-bytes.js';
import { callToPlain } from './plain.js';
import { type ResourceKeyWriter, writeResourceKeys } from './resource-keys.js';
import { fail, isWrittenDirectly, type Shaper } from './shaper.js';
import type { Plain, PlainMap } from './yaml-writer.js';

/**
 * The text of `JSON.stringify(plain, null, 2)`, written without copying a big template into plain data first: the
 * careful way, the same walk as `exprToPlain`, keeping the template path for its messages, giving one string a line
 * (its indentation, key, value; a comma appended when a sibling follows). `fast-json.ts` writes most resources
 * faster; whatever it declines is written here.
 */

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

function jsonScalar(v: string | number | boolean | null | ExactNumber): string {
  if (isExactNumber(v)) return v.text;
  return typeof v === 'number' ? jsonNumber(v) : typeof v === 'string' ? jsonString(v) : JSON.stringify(v);
}

/** Ends the last line with a comma: a sibling follows it. */
export function comma(out: string[]): void {
  out[out.length - 1] += ',';
}

/** A non-scalar argument, as given to a spelling's `write`: where the argument's text goes. */
class ArgumentSlot {
  constructor(readonly index: number) {}
}

/** The lines of `JSON.stringify(value, null, 2)` at `depth`, the first one after `prefix` (indentation, key). */
export function plainJsonLines(v: Plain, prefix: string, depth: number, out: string[]): void {
  if (v === null || typeof v !== 'object' || isExactNumber(v)) {
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
  if (e === null || typeof e !== 'object' || isExactNumber(e)) {
    out.push(prefix + jsonScalar(e));
    return;
  }
  if (isCall(e)) {
    if (isWrittenDirectly(e.fn, s.spelling(e.fn))) callJsonLines(e, s, context, prefix, depth, out);
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
 * A call of a function `isWrittenDirectly` accepts, as `callToPlain` shapes it: the spelling's `write` is given slots for the
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
    slotted[i] =
      a !== null && typeof a === 'object' && !isExactNumber(a) ? (new ArgumentSlot(i) as unknown as Expr) : a;
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
      } else out.push(itemPrefix + jsonScalar(item as string | number | boolean | null | ExactNumber));
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

/** `shapeResource`'s entry as the lines of its JSON text at `depth`, the first one after `prefix`. */
export function resourceJsonLines(r: ResourceDef, s: Shaper, prefix: string, depth: number, out: string[]): void {
  writeResourceKeys(r, s, new ResourceJsonLines(s, prefix, depth, out));
  out.push(`${jsonPad(depth)}}`);
}

/** A resource's entry as JSON lines: `{` after `prefix`, then each key's lines at `depth + 1`. */
class ResourceJsonLines implements ResourceKeyWriter {
  private readonly inner: string;
  private keys = 0;
  constructor(
    private readonly s: Shaper,
    private readonly prefix: string,
    private readonly depth: number,
    private readonly out: string[],
  ) {
    this.inner = jsonPad(depth + 1);
  }
  /** The prefix of the key's first line, the line before it opening the map or ending with a comma. */
  private key(k: string): string {
    if (this.keys++ === 0) this.out.push(`${this.prefix}{`);
    else comma(this.out);
    return `${this.inner}${jsonString(k)}: `;
  }
  keyText(key: string, value: string): void {
    this.out.push(this.key(key) + jsonString(value));
  }
  keyNames(key: string, value: readonly string[]): void {
    plainJsonLines([...value], this.key(key), this.depth + 1, this.out);
  }
  keyExpr(key: string, value: Expr, context: FnContext): void {
    jsonLinesAt(value, this.s, key, this.key(key), this.depth + 1, this.out, context);
  }
  keyUnavailable(key: string, problem: string): void {
    this.s.at(key, () => fail(this.s, problem));
  }
}

export function carefulResourceJson(r: ResourceDef, s: Shaper, depth: number): string {
  const lines: string[] = [];
  resourceJsonLines(r, s, '', depth, lines);
  return lines.join('\n');
}
