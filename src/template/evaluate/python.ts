/**
 * The few Python behaviours Heat's functions lean on, so results match Heat byte for byte: `==` between values,
 * `str()`, `json.dumps(..., sort_keys=True)`, and `urllib.parse.quote`/`urlencode`.
 */

import { ExactNumber, integerText, isExactNumber } from '../exact-number.js';

export function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !isExactNumber(value);
}

/** Python `==`: numbers and booleans compare by value (`True == 1`), lists and dicts deeply. */
export function pyEqual(a: unknown, b: unknown): boolean {
  const pending: [unknown, unknown][] = [[a, b]];
  while (pending.length > 0) {
    const [x, y] = pending.pop() as [unknown, unknown];
    if (isNumeric(x) && isNumeric(y)) {
      if (!numbersEqual(x, y)) return false;
    } else if (Array.isArray(x) && Array.isArray(y)) {
      if (x.length !== y.length) return false;
      for (let i = 0; i < x.length; i++) pending.push([x[i], y[i]]);
    } else if (isMap(x) && isMap(y)) {
      const keys = Object.keys(x);
      if (keys.length !== Object.keys(y).length) return false;
      for (const k of keys) {
        if (!Object.hasOwn(y, k)) return false;
        pending.push([x[k], y[k]]);
      }
    } else if (x !== y && !(x == null && y == null)) {
      return false;
    }
  }
  return true;
}

/**
 * Python's `==` of two numbers: by value (`1 == 1.0 == True`), exactly where an integer is beyond a double's
 * precision (Python compares an int with a float exactly too).
 */
function numbersEqual(x: number | boolean | ExactNumber, y: number | boolean | ExactNumber): boolean {
  if (!isExactNumber(x) && !isExactNumber(y)) return Number(x) === Number(y);
  const a = exactInteger(x);
  const b = exactInteger(y);
  return a !== undefined && b !== undefined ? a === b : Number(x) === Number(y);
}

/** A number's exact value when it is integral (a whole float too); undefined for a fraction, `inf` or `nan`. */
function exactInteger(v: number | boolean | ExactNumber): bigint | undefined {
  if (isExactNumber(v)) return v.isFloat ? BigInt(v.value) : BigInt(v.text);
  const n = Number(v);
  return Number.isInteger(n) ? BigInt(n) : undefined;
}

/** Python `in` over a list (by `==`) or, for a string, a substring test. */
export function pyContains(sequence: readonly unknown[] | string, value: unknown): boolean {
  if (typeof sequence === 'string') return typeof value === 'string' && sequence.includes(value);
  return sequence.some((item) => pyEqual(item, value));
}

function isNumeric(v: unknown): v is number | boolean | ExactNumber {
  return typeof v === 'number' || typeof v === 'boolean' || isExactNumber(v);
}

/** Python `str()` of a scalar; containers as JSON (close to what Heat's messages show). */
export function pyStr(value: unknown): string {
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (value === null || value === undefined) return 'None';
  if (isExactNumber(value)) return value.text;
  if (typeof value === 'object') return pyJsonDumps(value);
  if (typeof value === 'number') return pyNumberText(value);
  return String(value);
}

/**
 * A number as Python prints it (`str`, `repr`, `json.dumps`), where JavaScript's text differs and the number tells
 * which Python value it is: a fraction below 1e-4 in exponent form with two exponent digits (`1e-05`, Python's
 * `repr`; JavaScript writes `0.00001`), `-0.0` (JavaScript's `-0` comes only from a float), `inf`/`nan`. A whole
 * number is an integer: the model holds a whole float (`1.0`) as an `ExactNumber`, which prints its own text.
 */
export function pyNumberText(n: number, json = false): string {
  if (Number.isNaN(n)) return json ? 'NaN' : 'nan';
  if (!Number.isFinite(n)) return json ? (n > 0 ? 'Infinity' : '-Infinity') : n > 0 ? 'inf' : '-inf';
  if (Object.is(n, -0)) return '-0.0';
  if (Number.isInteger(n)) return integerText(n);
  const text = Math.abs(n) < 1e-4 ? n.toExponential() : String(n);
  return text.replace(/e([+-])(\d)$/, 'e$10$2');
}

/** `json.dumps(value, sort_keys=True)`: `", "` and `": "` separators, non-ASCII escaped. */
export function pyJsonDumps(value: unknown, written: WrittenTexts = new Map()): string {
  return writeEachOnce(value, written, scalarJson, (v, item) => {
    if (isList(v)) return `[${v.map(item).join(', ')}]`;
    return `{${sortedKeys(v)
      .map((k) => `${asciiJson(k)}: ${item(v[k])}`)
      .join(', ')}}`;
  });
}

/**
 * `JSON.stringify(value)` of plain data (what YAML and JSON read), each list or map written once however often it
 * is shared (see `writeEachOnce`); throws on a value that holds itself, as `JSON.stringify` does.
 */
export function plainJson(value: unknown, written: WrittenTexts = new Map()): string {
  const scalar = (v: unknown) => JSON.stringify(v) ?? 'null';
  return writeEachOnce(value, written, scalar, (v, item) => {
    if (isList(v)) return `[${v.map(item).join(',')}]`;
    return `{${Object.entries(v)
      .filter(([, x]) => x !== undefined)
      .map(([k, x]) => `${JSON.stringify(k)}:${item(x)}`)
      .join(',')}}`;
  });
}

type Container = readonly unknown[] | Readonly<Record<string, unknown>>;

/**
 * The text each list or map was written as, by one printer: handed to several calls of that printer, a list or map
 * inside several of the values they print is written once for all (a hidden value's every part is printed).
 */
export type WrittenTexts = Map<Container, string>;

function isList(v: Container): v is readonly unknown[] {
  return Array.isArray(v);
}

/**
 * `value` written by `scalar` and `container` (which writes a list or map from its items' texts), iteratively, and
 * each list or map once however often it is shared: YAML aliases share one node many times (`[&a0 [lol, lol], &a1
 * [*a0, *a0, *a0, *a0], …]`, issue 17's fuzzer), and writing each occurrence again took minutes for a 4^10 bomb.
 */
function writeEachOnce(
  value: unknown,
  written: WrittenTexts,
  scalar: (v: unknown) => string,
  container: (v: Container, item: (child: unknown) => string) => string,
): string {
  const isContainer = (v: unknown): v is Container => typeof v === 'object' && v !== null && !isExactNumber(v);
  if (!isContainer(value)) return scalar(value);
  const item = (c: unknown) => (isContainer(c) ? (written.get(c) as string) : scalar(c));
  const open = new Set<Container>();
  const work: Container[] = [value];
  while (work.length > 0) {
    const v = work[work.length - 1] as Container;
    if (written.has(v)) {
      work.pop();
      continue;
    }
    const unwritten = Object.values(v).filter((c): c is Container => isContainer(c) && !written.has(c));
    if (unwritten.length > 0 && !open.has(v)) {
      open.add(v);
      for (const c of unwritten) {
        // A value that holds itself cannot be written (Python: `ValueError: Circular reference detected`).
        if (open.has(c)) throw new TypeError('Circular reference detected');
        work.push(c);
      }
      continue;
    }
    work.pop();
    open.delete(v);
    written.set(v, container(v, item));
  }
  return written.get(value) as string;
}

function sortedKeys(v: Readonly<Record<string, unknown>>): string[] {
  return Object.keys(v).sort(compareCodePoints);
}

function scalarJson(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return pyNumberText(v, true);
  if (isExactNumber(v)) return v.text;
  return asciiJson(String(v));
}

function asciiJson(s: string): string {
  return JSON.stringify(s).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function compareCodePoints(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const ALWAYS_SAFE = /[A-Za-z0-9_.\-~]/;

/** `urllib.parse.quote(s, safe)`: UTF-8 percent-encoding of everything but unreserved characters and `safe`. */
export function pyQuote(s: string, safe = '/'): string {
  let out = '';
  for (const ch of s) {
    if (ALWAYS_SAFE.test(ch) || safe.includes(ch)) {
      out += ch;
      continue;
    }
    for (const byte of Buffer.from(ch, 'utf8')) out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** `urllib.parse.urlencode(dict)`: `quote_plus` of keys and `str()` of values. */
export function pyUrlencode(query: Readonly<Record<string, unknown>>): string {
  const plus = (s: string) => pyQuote(s, ' ').replace(/ /g, '+');
  return Object.entries(query)
    .map(([k, v]) => `${plus(k)}=${plus(pyStr(v))}`)
    .join('&');
}

/** `urllib.parse.urlunsplit`. */
export function pyUrlunsplit(scheme: string, netloc: string, path: string, query: string, fragment: string): string {
  let url = path;
  if (netloc || (scheme && USES_NETLOC.has(scheme) && url.slice(0, 2) !== '//')) {
    if (url && url[0] !== '/') url = `/${url}`;
    url = `//${netloc}${url}`;
  }
  if (scheme) url = `${scheme}:${url}`;
  if (query) url = `${url}?${query}`;
  if (fragment) url = `${url}#${fragment}`;
  return url;
}

const USES_NETLOC = new Set([
  'ftp',
  'http',
  'gopher',
  'nntp',
  'telnet',
  'imap',
  'wais',
  'file',
  'mms',
  'https',
  'shttp',
  'snews',
  'prospero',
  'rtsp',
  'rtspu',
  'rsync',
  'svn',
  'svn+ssh',
  'sftp',
  'nfs',
  'git',
  'git+ssh',
  'ws',
  'wss',
]);

/** Python's `int()` of a string or number, or undefined where Python raises. */
export function pyInt(value: unknown): number | undefined {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (isExactNumber(value)) return Math.trunc(value.value);
  // `+ 0`: Python's int() has no negative zero (`int(-0.5)` is `0`), and `-0` would print as the float `-0.0`.
  if (typeof value === 'number') return Number.isFinite(value) ? Math.trunc(value) + 0 : undefined;
  if (typeof value === 'string' && /^\s*[+-]?\d+(_\d+)*\s*$/.test(value)) return Number(value.replace(/_/g, ''));
  return undefined;
}

const PY_DIGITS = String.raw`\d(?:_?\d)*`;
const PY_NUMBER_TEXT = new RegExp(
  String.raw`^\s*[+-]?(?:(?:${PY_DIGITS}(?:\.(?:${PY_DIGITS})?)?|\.${PY_DIGITS})(?:[eE][+-]?${PY_DIGITS})?|inf(?:inity)?|nan)\s*$`,
  'i',
);

/**
 * Heat's `Schema.str_to_num` of a string: Python's `int()`, else `float()` — decimal digits (single underscores
 * between them), a fraction, an exponent, `inf`/`nan`; `0x1F` or `1__0` is no number (undefined).
 */
export function pyNumberOfString(text: string): number | ExactNumber | undefined {
  if (!PY_NUMBER_TEXT.test(text)) return undefined;
  const t = text.trim().replace(/_/g, '').toLowerCase();
  const sign = t.startsWith('-') ? -1 : 1;
  const bare = t.replace(/^[+-]/, '');
  if (bare.startsWith('inf')) return sign * Number.POSITIVE_INFINITY;
  if (bare === 'nan') return Number.NaN;
  // `int()` first: `'5'` is the integer 5 (exact however long), `'5.0'` and `'1e3'` the floats 5.0 and 1000.0.
  return /^[+-]?\d+$/.test(t) ? ExactNumber.integer(t) : ExactNumber.float(Number(t));
}

/** Python indexing of a list or string, negative indices counting from the end. */
export function pyIndex<T>(seq: readonly T[], index: number): { found: true; value: T } | { found: false } {
  const i = index < 0 ? seq.length + index : index;
  return i >= 0 && i < seq.length ? { found: true, value: seq[i] as T } : { found: false };
}

/** Python `str.split(sep)`, which refuses an empty separator. */
export function pySplit(s: string, sep: string): string[] | undefined {
  return sep === '' ? undefined : s.split(sep);
}

/** Python's `repr` of a string: single quotes unless it holds one and no double quote; `\\`, `\n`… escaped. */
function pyStringRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const code = ch.codePointAt(0) as number;
    if (ch === '\\' || ch === quote) out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out + quote;
}

/**
 * Python's `str()` of a value as Heat holds it (`str(['a', 1])` is `['a', 1]`, `str({'k': True})` is
 * `{'k': True}`): what a `string` parameter makes of a list or map default. Maps keep their order.
 */
export function pyStrOfData(value: unknown): string {
  if (typeof value === 'string') return value;
  const scalar = (v: unknown) => (typeof v === 'string' ? pyStringRepr(v) : pyStr(v));
  return writeEachOnce(value, new Map(), scalar, (v, item) => {
    if (isList(v)) return `[${v.map(item).join(', ')}]`;
    return `{${Object.entries(v)
      .map(([k, x]) => `${pyStringRepr(k)}: ${item(x)}`)
      .join(', ')}}`;
  });
}
