/**
 * A fast reader for the plain block YAML most templates are written in — block maps and lists, one-line plain
 * and quoted scalars, short flow lists of scalars, `{}`, literal blocks — the style `emit/` writes. It gives
 * exactly what the general reader (`reader.ts`: the `yaml` library plus PyYAML's scalar rules) gives, at a
 * fraction of the time and memory; on anything else (anchors, tags, flow maps, folded or multi-line scalars,
 * comments after values, tabs, duplicate or merge keys, any doubt) it gives up and returns `undefined`, and the
 * general reader reads the text. Recursion follows the nesting of the data only.
 */

import { type RawMap, type RawValue, setRawKey } from './raw.js';
import { resolvePlain } from './scalars.js';

class Bail extends Error {}
const BAIL = new Bail();

/** Characters that the general reader treats specially or PyYAML rejects: leave such texts to it. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: exactly the characters to leave to the general reader
const CONTROL = /[\t\r\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
const UNUSUAL = /[\u2028\u2029\ufeff\ufffe\uffff]|[\ud800-\udfff]/u;
const INDICATOR_FIRST = /^[-?:,[\]{}#&*!|>'"%@`]/;
/** A plain value may start with `-`, `?` or `:` when no space follows (`-1`); other indicators are left to the general reader. */
const VALUE_INDICATOR_FIRST = /^(?:[,[\]{}#&*!|>'"%@`]|[-?:](?: |$))/;

export function fastReadYaml(text: string): RawValue | undefined {
  if (CONTROL.test(text) || UNUSUAL.test(text)) return undefined;
  try {
    return new FastReader(text).document();
  } catch (err) {
    if (err === BAIL || err instanceof RangeError) return undefined;
    throw err;
  }
}

function bail(): never {
  throw BAIL;
}

/** Trims spaces only: YAML does not take a no-break space (which `trim()` removes) for white space. */
function trimSpaces(s: string): string {
  let start = 0;
  let end = s.length;
  while (s.charCodeAt(start) === 32) start++;
  while (end > start && s.charCodeAt(end - 1) === 32) end--;
  return s.slice(start, end);
}

function indentOf(line: string): number {
  let i = 0;
  while (line.charCodeAt(i) === 32) i++;
  return i;
}

class FastReader {
  private readonly lines: string[];
  private i = 0;

  constructor(text: string) {
    this.lines = text.split('\n');
  }

  document(): RawValue {
    this.skipBlank();
    if (this.i >= this.lines.length) bail();
    const line = this.lines[this.i] as string;
    if (indentOf(line) !== 0 || line.startsWith('---') || line.startsWith('%')) bail();
    const root = this.block(0);
    this.skipBlank();
    if (this.i < this.lines.length) bail();
    return root;
  }

  /** Skips empty lines and whole-line comments. */
  private skipBlank(): void {
    while (this.i < this.lines.length) {
      const line = this.lines[this.i] as string;
      const t = line.slice(indentOf(line));
      if (t !== '' && !t.startsWith('#')) return;
      this.i++;
    }
  }

  /** The indentation of the next content line, or -1 at the end. */
  private nextIndent(): number {
    this.skipBlank();
    return this.i < this.lines.length ? indentOf(this.lines[this.i] as string) : -1;
  }

  private isSeqLine(line: string, indent: number): boolean {
    return line.charCodeAt(indent) === 45 && (line.length === indent + 1 || line.charCodeAt(indent + 1) === 32);
  }

  /** A block node whose first line is the current line, at `indent`. */
  private block(indent: number): RawValue {
    const line = this.lines[this.i] as string;
    return this.isSeqLine(line, indent) ? this.sequence(indent) : this.map(indent);
  }

  private sequence(indent: number): RawValue[] {
    const out: RawValue[] = [];
    while (this.nextIndent() === indent) {
      const line = this.lines[this.i] as string;
      if (!this.isSeqLine(line, indent)) break;
      let start = indent + 1;
      while (line.charCodeAt(start) === 32) start++;
      const rest = trimSpaces(line.slice(start));
      if (rest === '') {
        this.i++;
        const next = this.nextIndent();
        out.push(next > indent ? this.block(next) : null);
        continue;
      }
      // A flow list (`- [': ']`) is a value, never a key, whatever its quoted items hold.
      if (rest[0] !== '[' && (this.isSeqLine(rest, 0) || splitKey(rest) !== undefined)) {
        // A compact nested list or map: read it as if it started on its own line at its column.
        this.lines[this.i] = ' '.repeat(start) + rest;
        out.push(this.block(start));
        continue;
      }
      this.i++;
      out.push(this.inlineValue(rest, indent));
    }
    return out;
  }

  private map(indent: number): RawMap {
    const out: RawMap = {};
    const seen = new Set<string>();
    while (this.nextIndent() === indent) {
      const line = this.lines[this.i] as string;
      if (this.isSeqLine(line, indent)) break;
      const entry = splitKey(line.slice(indent));
      if (entry === undefined || entry.key === '<<' || seen.has(entry.key)) bail();
      seen.add(entry.key);
      this.i++;
      let value: RawValue;
      if (entry.rest === '') {
        const next = this.nextIndent();
        if (next > indent) value = this.block(next);
        else if (next === indent && this.isSeqLine(this.lines[this.i] as string, indent)) value = this.sequence(indent);
        else value = null;
      } else {
        value = this.inlineValue(entry.rest, indent);
      }
      setRawKey(out, entry.key, value);
    }
    return out;
  }

  /** A value written after `key: ` or `- ` on the line just consumed; `indent` is that line's node indentation. */
  private inlineValue(text: string, indent: number): RawValue {
    const c = text[0];
    let value: RawValue;
    if (text === '|' || text === '|-') return this.literal(text === '|', indent);
    if (c === "'" || c === '"') {
      const q = readQuoted(text, 0);
      if (q.end !== text.length) bail();
      value = q.value;
    } else if (c === '[') value = readFlowList(text);
    else if (text === '{}') value = {};
    else value = plainValue(text);
    // A following line indented deeper would continue a multi-line scalar: leave that to the general reader.
    if (this.nextIndent() > indent) bail();
    return value;
  }

  private literal(keep: boolean, indent: number): string {
    const body: string[] = [];
    let contentIndent = -1;
    while (this.i < this.lines.length) {
      const line = this.lines[this.i] as string;
      const lineIndent = indentOf(line);
      if (lineIndent === line.length) {
        if (contentIndent < 0) bail(); // leading empty lines
        body.push(line.length > contentIndent ? line.slice(contentIndent) : '');
        this.i++;
        continue;
      }
      if (contentIndent < 0) {
        if (lineIndent <= indent) break;
        contentIndent = lineIndent;
      }
      if (lineIndent < contentIndent) break;
      body.push(line.slice(contentIndent));
      this.i++;
    }
    while (body.length > 0 && body[body.length - 1] === '') body.pop();
    if (body.length === 0) return '';
    const text = body.join('\n');
    return keep ? `${text}\n` : text;
  }
}

/** `key: rest` or `key:` at the start of `text`, with the key read (plain or quoted); `undefined` if not a map entry. */
function splitKey(text: string): { key: string; rest: string } | undefined {
  const c = text[0];
  if (c === "'" || c === '"') {
    const q = readQuoted(text, 0);
    if (text[q.end] !== ':') return undefined;
    const after = text.slice(q.end + 1);
    if (after !== '' && after[0] !== ' ') return undefined;
    return { key: q.value, rest: trimSpaces(after) };
  }
  let colon = text.indexOf(': ');
  if (colon < 0) {
    if (!text.endsWith(':')) return undefined;
    colon = text.length - 1;
  }
  const keyText = text.slice(0, colon);
  if (keyText === '' || INDICATOR_FIRST.test(keyText) || keyText.includes(' #') || keyText.endsWith(' ')) bail();
  const resolved = resolvePlain(keyText);
  return { key: typeof resolved === 'string' ? resolved : keyText, rest: trimSpaces(text.slice(colon + 1)) };
}

function plainValue(text: string): RawValue {
  const unusual = text.includes(' #') || text.includes(': ') || text.endsWith(':') || text === '=';
  if (unusual || VALUE_INDICATOR_FIRST.test(text)) bail();
  return resolvePlain(text);
}

/** `[a, 'b', "c"]` of scalars on one line. */
function readFlowList(text: string): RawValue[] {
  if (!text.endsWith(']')) bail();
  const inner = text.slice(1, -1);
  const out: RawValue[] = [];
  if (trimSpaces(inner) === '') return out;
  let i = 0;
  while (i <= inner.length) {
    while (inner[i] === ' ') i++;
    const c = inner[i];
    if (c === "'" || c === '"') {
      const q = readQuoted(inner, i);
      out.push(q.value);
      i = q.end;
      while (inner[i] === ' ') i++;
    } else {
      let end = inner.indexOf(',', i);
      if (end < 0) end = inner.length;
      const item = trimSpaces(inner.slice(i, end));
      if (
        item === '' ||
        /[[\]{}#?:&*!|>%@`'"]/.test(item) ||
        (item[0] === '-' && (item.length === 1 || item[1] === ' '))
      )
        bail();
      out.push(resolvePlain(item));
      i = end;
    }
    if (i >= inner.length) break;
    if (inner[i] !== ',') bail();
    i++;
  }
  return out;
}

const DOUBLE_ESCAPES: Readonly<Record<string, string>> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
};
const HEX_LENGTH: Readonly<Record<string, number>> = { x: 2, u: 4, U: 8 };

/** A quoted scalar starting at `start`, on one line; `end` is just past the closing quote. */
function readQuoted(text: string, start: number): { value: string; end: number } {
  const quote = text[start];
  let out = '';
  let i = start + 1;
  if (quote === "'") {
    for (;;) {
      const close = text.indexOf("'", i);
      if (close < 0) bail();
      out += text.slice(i, close);
      if (text[close + 1] === "'") {
        out += "'";
        i = close + 2;
        continue;
      }
      return { value: out, end: close + 1 };
    }
  }
  while (i < text.length) {
    const c = text[i] as string;
    if (c === '"') return { value: out, end: i + 1 };
    if (c !== '\\') {
      out += c;
      i++;
      continue;
    }
    const e = text[i + 1] as string;
    const simple = DOUBLE_ESCAPES[e];
    if (simple !== undefined) {
      out += simple;
      i += 2;
      continue;
    }
    const n = HEX_LENGTH[e];
    if (n === undefined) bail();
    const hex = text.slice(i + 2, i + 2 + n);
    if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== n) bail();
    const code = Number.parseInt(hex, 16);
    if ((code >= 0xd800 && code <= 0xdfff) || code > 0x10ffff) bail();
    out += String.fromCodePoint(code);
    i += 2 + n;
  }
  return bail();
}
