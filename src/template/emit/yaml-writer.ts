/**
 * A small, fast YAML writer for plain data, written by hand because `yaml`'s `stringify` takes seconds for a
 * 10,000-resource template. Block style, 2-space indent; short lists of scalars in flow style (`[a, b]`).
 *
 * Every scalar must read back as exactly the same value with PyYAML (YAML 1.1 — what Heat uses) and with a
 * YAML 1.2 reader, so a string is written plain only when no resolver of either version could take it for
 * anything else (`yes`, `on`, `0x1F`, `1_000`, `1:20`, `2012-12-12`, `.inf` …); otherwise it is quoted.
 * Multi-line strings are written as literal blocks (`|`, `|-`) when that reads back exactly.
 *
 * Recursion follows the nesting of values only (bounded by the data), never the number of entries.
 */

import { ExactNumber, integerText, yamlFloatText } from '../exact-number.js';

export type Plain = string | number | boolean | null | ExactNumber | readonly Plain[] | PlainMap;
export interface PlainMap {
  readonly [key: string]: Plain;
}

const FLOW_MAX = 72;

/** Writes a mapping as a YAML document. Entries of the keys in `spaced` are separated by blank lines. */
export function writeYamlDocument(root: PlainMap, spaced: ReadonlySet<string> = new Set()): string {
  const out: string[] = [];
  let firstSection = true;
  for (const key in root) {
    if (!firstSection) out.push('');
    firstSection = false;
    const value = root[key] as Plain;
    if (spaced.has(key) && isMap(value) && !isEmpty(value)) {
      out.push(`${writeKey(key)}:`);
      let firstEntry = true;
      for (const k in value) {
        if (!firstEntry) out.push('');
        firstEntry = false;
        writeEntry(out, k, value[k] as Plain, 2);
      }
    } else {
      writeEntry(out, key, value, 0);
    }
  }
  out.push('');
  return out.join('\n');
}

/**
 * Writes template sections as a YAML document, as `writeYamlDocument` writes the same data with the lazily
 * shaped sections spaced, but one entry at a time: each is written and dropped before the next is shaped. Gives
 * the text in chunks of a few thousand lines, so that a caller can write them out without holding the whole text.
 */
export function* yamlSectionChunks(
  sections: Iterable<
    | { readonly key: string; readonly value: Plain }
    | { readonly key: string; readonly entries: Iterable<readonly [string, Plain]> }
  >,
): Generator<string> {
  // The document is its lines joined by line breaks, plus a final one: each chunk is some lines, each ended.
  const out: string[] = [];
  let firstSection = true;
  for (const section of sections) {
    if (!firstSection) out.push('');
    firstSection = false;
    if ('value' in section) writeEntry(out, section.key, section.value, 0);
    else {
      let count = 0;
      for (const [name, value] of section.entries) {
        out.push(count === 0 ? `${writeKey(section.key)}:` : '');
        writeEntry(out, name, value, 2);
        count++;
        if (out.length >= CHUNK_LINES) {
          yield `${out.join('\n')}\n`;
          out.length = 0;
        }
      }
      if (count === 0) writeEntry(out, section.key, {}, 0);
    }
  }
  if (out.length > 0) yield `${out.join('\n')}\n`;
}

const CHUNK_LINES = 4096;

/** Writes any value as a YAML document (a scalar, a list or a map). */
export function writeYaml(value: Plain): string {
  if (isMap(value) && !isEmpty(value)) return writeYamlDocument(value);
  const out: string[] = [];
  if (Array.isArray(value) && value.length > 0) writeItems(out, value as readonly Plain[], 0);
  else out.push(inlineValue(value, 0));
  out.push('');
  return out.join('\n');
}

function isMap(v: Plain): v is PlainMap {
  return isNode(v) && !Array.isArray(v);
}

/** A list or map (an `ExactNumber` is a scalar). */
function isNode(v: Plain): v is readonly Plain[] | PlainMap {
  return v !== null && typeof v === 'object' && !(v instanceof ExactNumber);
}

type PlainScalar = string | number | boolean | null | ExactNumber;

function isEmpty(v: PlainMap): boolean {
  for (const _ in v) return false;
  return true;
}

const PADS: string[] = [];

function pad(n: number): string {
  let p = PADS[n];
  if (p === undefined) {
    p = ' '.repeat(n);
    PADS[n] = p;
  }
  return p;
}

/**
 * Templates repeat the same keys and short strings thousands of times (`Type`, `Properties`, `NetworkIp`):
 * each is checked once. Bounded, so a template of unique strings does not grow it without end.
 */
class WrittenForm {
  private readonly cache = new Map<string, string | undefined>();
  constructor(private readonly write: (s: string) => string | undefined) {}
  get(s: string): string | undefined {
    let w = this.cache.get(s);
    if (w === undefined && !this.cache.has(s)) {
      w = this.write(s);
      if (this.cache.size < 50_000 && s.length <= 200) this.cache.set(s, w);
    }
    return w;
  }
}

function writeEntries(out: string[], map: PlainMap, indent: number): void {
  for (const k in map) writeEntry(out, k, map[k] as Plain, indent);
}

/** PyYAML reads an implicit key of at most 1024 characters; a longer one is written as an explicit `? key`. */
const MAX_IMPLICIT_KEY = 1000;

function writeEntry(out: string[], key: string, value: Plain, indent: number): void {
  const written = writeKey(key);
  if (written.length > MAX_IMPLICIT_KEY) {
    out.push(`${pad(indent)}? ${written}`);
    writeValue(out, `${pad(indent)}:`, value, indent);
    return;
  }
  writeValue(out, `${pad(indent)}${written}:`, value, indent);
}

/** Writes `value` after `head` (a key and its colon, at `indent`): inline when it is a scalar or empty. */
function writeValue(out: string[], head: string, value: Plain, indent: number): void {
  if (isNode(value)) {
    if (Array.isArray(value)) {
      const list = value as readonly Plain[];
      const flow = list.length === 0 ? '[]' : flowList(list, FLOW_MAX - head.length);
      if (flow !== undefined) out.push(`${head} ${flow}`);
      else {
        out.push(head);
        writeItems(out, list, indent + 2);
      }
      return;
    }
    const map = value as PlainMap;
    if (isEmpty(map)) out.push(`${head} {}`);
    else {
      out.push(head);
      writeEntries(out, map, indent + 2);
    }
    return;
  }
  out.push(`${head} ${scalar(value as PlainScalar, indent)}`);
}

function writeItems(out: string[], list: readonly Plain[], indent: number): void {
  const dash = `${pad(indent)}- `;
  for (const item of list) {
    if (isNode(item)) {
      if (Array.isArray(item)) {
        const inner = item as readonly Plain[];
        const flow = inner.length === 0 ? '[]' : flowList(inner, FLOW_MAX - dash.length);
        if (flow !== undefined) {
          out.push(dash + flow);
          continue;
        }
        const at = out.length;
        writeItems(out, inner, indent + 2);
        out[at] = dash + (out[at] as string).slice(indent + 2);
        continue;
      }
      const map = item as PlainMap;
      if (isEmpty(map)) {
        out.push(`${dash}{}`);
        continue;
      }
      const at = out.length;
      writeEntries(out, map, indent + 2);
      out[at] = dash + (out[at] as string).slice(indent + 2);
      continue;
    }
    out.push(dash + scalar(item as PlainScalar, indent));
  }
}

/** `[a, b]` when every item is a scalar that fits on one line within `room` characters. */
function flowList(list: readonly Plain[], room: number): string | undefined {
  if (list.length > 8) return undefined;
  const parts: string[] = [];
  let length = 2;
  for (const item of list) {
    if (isNode(item)) return undefined;
    const text = typeof item === 'string' ? flowString(item) : scalar(item, 0);
    if (text === undefined) return undefined;
    length += text.length + 2;
    if (length > room) return undefined;
    parts.push(text);
  }
  return `[${parts.join(', ')}]`;
}

function inlineValue(value: Plain, indent: number): string {
  if (Array.isArray(value)) return '[]';
  if (isMap(value)) return '{}';
  return scalar(value as PlainScalar, indent);
}

function scalar(value: PlainScalar, indent: number): string {
  if (typeof value === 'string') return writeString(value, indent);
  if (typeof value === 'number') return writeNumber(value);
  if (value === null) return 'null';
  if (value instanceof ExactNumber) return value.isFloat ? yamlFloatText(value.text) : value.text;
  return value ? 'true' : 'false';
}

/** Numbers in a form both PyYAML (a float needs a `.`) and YAML 1.2 read back as the same number. */
export function writeNumber(n: number): string {
  if (Number.isNaN(n)) return '.nan';
  if (n === Number.POSITIVE_INFINITY) return '.inf';
  if (n === Number.NEGATIVE_INFINITY) return '-.inf';
  if (Object.is(n, -0)) return '-0.0'; // the float (`String(-0)` is `0`, the integer)
  if (Number.isInteger(n)) return integerText(n);
  const s = String(n);
  const e = s.indexOf('e');
  if (e < 0) return s;
  const mantissa = s.slice(0, e);
  return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}${s.slice(e)}`;
}

// --- strings -----------------------------------------------------------------------------------------------

/**
 * Characters that force a double-quoted string: control characters, what YAML 1.1 takes for line breaks, and
 * lone surrogates (with the `u` flag a surrogate pair is one character, so astral characters stay plain).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly the characters to escape
const NEEDS_ESCAPE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]/u;
// biome-ignore lint/suspicious/noControlCharactersInRegex: the same set plus tab and newline, for one scan
const NOT_PLAIN_CHARS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]|: |\s#|:$|^\s|\s$/u;
/** A first character that is a YAML indicator, or that starts something a resolver may read as a number. */
const NOT_PLAIN_FIRST = /^[-?:,[\]{}#&*!|>'"%@`0-9+.~=<]/;
/** Words YAML 1.1 or 1.2 resolve to booleans or null, in any case. */
const RESERVED = /^(?:y|n|yes|no|true|false|on|off|null)$/i;
/** Exponent-only forms (`e0`, `E+5`) that the `yaml` library's YAML 1.1 float rule takes for numbers. */
const EXPONENT_ONLY = /^[eE][-+]?[0-9_]*$/;

function isPlainSafe(s: string): boolean {
  return (
    s !== '' && !NOT_PLAIN_FIRST.test(s) && !RESERVED.test(s) && !EXPONENT_ONLY.test(s) && !NOT_PLAIN_CHARS.test(s)
  );
}

/** Only letters, digits and a few quiet characters are plain inside `[…]`: PyYAML stops at `?` there, too. */
const FLOW_PLAIN = /^[\p{L}\p{N}_./=+-](?:[\p{L}\p{N} _./=+-]*[\p{L}\p{N}_./=+-])?$/u;

/** Strings for a flow list: plain only when nothing in them means anything in flow context; never a literal block. */
function flowString(s: string): string | undefined {
  return FLOW_FORMS.get(s);
}

function writeFlowString(s: string): string | undefined {
  if (isPlainSafe(s) && FLOW_PLAIN.test(s)) return s;
  if (s.includes('\n')) return undefined;
  return quote(s);
}

function writeKey(key: string): string {
  return KEY_FORMS.get(key) as string;
}

function writeString(s: string, indent: number): string {
  if (s.includes('\n') && !isPlainSafe(s) && literalFits(s)) return literal(s, indent + 2);
  return KEY_FORMS.get(s) as string;
}

/** A key or a one-line string: plain when safe, else quoted (a multi-line key is double-quoted). */
const KEY_FORMS = new WrittenForm((s) => (isPlainSafe(s) ? s : quote(s)));
const FLOW_FORMS = new WrittenForm(writeFlowString);

function quote(s: string): string {
  if (s.includes('\n') || NEEDS_ESCAPE.test(s) || s.includes('\t')) return doubleQuote(s);
  return `'${s.replaceAll("'", "''")}'`;
}

/**
 * A literal block reads back exactly when the first line starts with a visible character (so the
 * indentation is detected from it), nothing needs escaping, and there is at most one final newline.
 */
function literalFits(s: string): boolean {
  const c = s.charCodeAt(0);
  return c !== 32 && c !== 9 && c !== 10 && !s.endsWith('\n\n') && !NEEDS_ESCAPE.test(s) && !s.includes('\r');
}

function literal(s: string, indent: number): string {
  const keep = s.endsWith('\n');
  const body = keep ? s.slice(0, -1) : s;
  const p = pad(indent);
  const lines = body.split('\n').map((line) => (line === '' ? '' : p + line));
  return `${keep ? '|' : '|-'}\n${lines.join('\n')}`;
}

const ESCAPES: Readonly<Record<string, string>> = {
  '\0': '\\0',
  '\x07': '\\a',
  '\b': '\\b',
  '\t': '\\t',
  '\n': '\\n',
  '\v': '\\v',
  '\f': '\\f',
  '\r': '\\r',
  '\x1b': '\\e',
  '"': '\\"',
  '\\': '\\\\',
  '\u0085': '\\N',
  '\u2028': '\\L',
  '\u2029': '\\P',
};

function doubleQuote(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i] as string;
    const code = s.charCodeAt(i);
    const escaped = ESCAPES[ch];
    if (escaped !== undefined) out += escaped;
    else if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (code === 0xfeff || code === 0xfffe || code === 0xffff) out += `\\u${code.toString(16)}`;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < s.length && isLowSurrogate(s.charCodeAt(i + 1))) {
      out += ch + s[i + 1];
      i++;
    } else if (code >= 0xd800 && code <= 0xdfff) out += `\\u${code.toString(16)}`;
    else out += ch;
  }
  return `${out}"`;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
