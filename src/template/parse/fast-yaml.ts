/**
 * A fast reader for the plain block YAML most templates are written in — block maps and lists, one-line plain
 * and quoted scalars, flow collections (after a key or dash, or on lines of their own below it, over one line or
 * several), literal blocks — the style `emit/` writes and the seed's. It gives exactly what the general reader
 * (`reader.ts`: the `yaml` library plus PyYAML's scalar rules) gives, at a fraction of the time and memory; on
 * anything else (anchors, tags, folded or multi-line scalars, comments after values, tabs, duplicate or merge keys,
 * any doubt) it gives up and returns `undefined`, and the general reader reads the text. Recursion follows the
 * nesting of the data only.
 */

import { type RawMap, type RawValue, setRawKey } from './raw.js';
import { keyIdentity, resolvePlain } from './scalars.js';

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
    let root: RawValue;
    if (line[0] === '{' || line[0] === '[') {
      this.i++;
      root = this.flow(trimSpaces(line), -1);
    } else root = this.block(0, -1);
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

  /**
   * A node whose first line is the current line, at `indent`, inside the node at `parentIndent`: a block list or
   * map, or a flow collection written on lines of its own (`Value:` then `{"Fn::Join": [...` below it).
   */
  private block(indent: number, parentIndent: number): RawValue {
    const line = this.lines[this.i] as string;
    const c = line[indent];
    if (c === '{' || c === '[') return this.flowNode(trimSpaces(line), parentIndent);
    return this.isSeqLine(line, indent) ? this.sequence(indent) : this.map(indent);
  }

  /** A flow collection starting the current line; nothing may follow it deeper than its parent's lines. */
  private flowNode(text: string, parentIndent: number): RawValue {
    this.i++;
    const value = this.flow(text, parentIndent);
    if (this.nextIndent() > parentIndent) bail();
    return value;
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
        out.push(next > indent ? this.block(next, indent) : null);
        continue;
      }
      // A flow collection (`- [': ']`) is a value, never a key, whatever its quoted items hold.
      if (rest[0] !== '[' && rest[0] !== '{' && (this.isSeqLine(rest, 0) || splitKey(rest) !== undefined)) {
        // A compact nested list or map: read it as if it started on its own line at its column.
        this.lines[this.i] = ' '.repeat(start) + rest;
        out.push(this.block(start, indent));
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
      // Keys that collide (`1` and `true`, as PyYAML tells keys apart) are the general reader's to warn about.
      if (entry === undefined || entry.key === '<<' || seen.has(entry.identity)) bail();
      seen.add(entry.identity);
      this.i++;
      let value: RawValue;
      if (entry.rest === '') {
        const next = this.nextIndent();
        if (next > indent) value = this.block(next, indent);
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
    } else if (c === '[' || c === '{') value = this.flow(text, indent);
    else value = plainValue(text);
    // A following line indented deeper would continue a multi-line scalar: leave that to the general reader.
    if (this.nextIndent() > indent) bail();
    return value;
  }

  /**
   * A flow collection starting `text` (the rest of the line just consumed), which may go on over the following
   * lines, each indented deeper than `indent` (the node holding it); nothing may follow it on its last line.
   */
  private flow(text: string, indent: number): RawValue {
    const reader = new FlowReader(text, () => {
      if (this.i >= this.lines.length) bail();
      const line = this.lines[this.i] as string;
      const blank = trimSpaces(line) === '';
      if ((!blank && indentOf(line) <= indent) || line.startsWith('---') || line.startsWith('...')) bail();
      this.i++;
      return line;
    });
    const value = reader.node();
    if (trimSpaces(reader.rest()) !== '') bail();
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

/**
 * Flow collections (`{a: 1, b: [x, 'y']}`), over one line or several: scalars each on one line, no comments,
 * anchors, tags, explicit or complex keys, or single-pair maps in lists (anything else: `bail`). Linear in the
 * text; recursion follows nesting only (nesting deep enough to exhaust the stack leaves it to the general reader).
 */
class FlowReader {
  private line: string;
  private at = 0;
  /** The text of the last plain scalar read (a key's spelling when it resolves to a non-string: `yes`, `80`). */
  private lastPlain: string | undefined;

  constructor(
    first: string,
    private readonly nextLine: () => string,
  ) {
    this.line = first;
  }

  /** What is left of the current line. */
  rest(): string {
    return this.line.slice(this.at);
  }

  node(): RawValue {
    const c = this.line[this.at];
    if (c === '{') return this.map();
    if (c === '[') return this.list();
    return this.scalar();
  }

  /** Skips spaces and line breaks to the next token. */
  private skipSpace(): void {
    for (;;) {
      while (this.line.charCodeAt(this.at) === 32) this.at++;
      if (this.at < this.line.length) {
        if (this.line[this.at] === '#') bail();
        return;
      }
      this.line = this.nextLine();
      this.at = 0;
    }
  }

  private map(): RawMap {
    const out: RawMap = {};
    const seen = new Set<string>();
    this.at++;
    for (;;) {
      this.skipSpace();
      if (this.line[this.at] === '}') break;
      const c = this.line[this.at];
      if (c === '{' || c === '[' || c === '?') bail();
      const keyStart = this.at;
      const key = this.scalar(true);
      if (this.at - keyStart > 1024) bail(); // PyYAML's longest implicit key: the general reader reports it
      const keyText = typeof key === 'string' ? key : (this.lastPlain ?? bail());
      const identity = keyIdentity(this.lastPlain ?? keyText, this.lastPlain !== undefined);
      if (keyText === '<<' || seen.has(identity)) bail();
      seen.add(identity);
      // `key: value`: the colon right after the key, then a space or the end of the line.
      if (this.line[this.at] !== ':' || (this.at + 1 < this.line.length && this.line[this.at + 1] !== ' ')) bail();
      this.at++;
      this.skipSpace();
      const v = this.line[this.at];
      if (v === ',' || v === '}') bail();
      setRawKey(out, keyText, this.node());
      if (this.separator('}')) break;
    }
    this.at++;
    return out;
  }

  private list(): RawValue[] {
    const out: RawValue[] = [];
    this.at++;
    for (;;) {
      this.skipSpace();
      if (this.line[this.at] === ']') break;
      out.push(this.node());
      if (this.line[this.at] === ':') bail(); // `[a: 1]`, a single-pair map
      if (this.separator(']')) break;
    }
    this.at++;
    return out;
  }

  /** After an entry: `,` (false: more may follow) or the closing bracket (true). */
  private separator(close: string): boolean {
    this.skipSpace();
    const c = this.line[this.at];
    if (c === close) return true;
    if (c !== ',') bail();
    this.at++;
    return false;
  }

  private scalar(isKey = false): RawValue {
    const c = this.line[this.at];
    this.lastPlain = undefined;
    if (c === "'" || c === '"') {
      const q = readQuoted(this.line, this.at);
      this.at = q.end;
      return q.value;
    }
    const start = this.at;
    const line = this.line;
    let end = start;
    for (; end < line.length; end++) {
      const ch = line[end] as string;
      if (ch === ',' || ch === '[' || ch === ']' || ch === '{' || ch === '}') break;
      if (ch === ':' && (end + 1 === line.length || ' ,[]{}'.includes(line[end + 1] as string))) break;
      if (ch === '?' || (ch === '#' && line[end - 1] === ' ')) bail();
    }
    const text = trimSpaces(line.slice(start, end));
    if (text === '' || text === '=' || FLOW_PLAIN_FIRST.test(text)) bail();
    this.at = start + text.length;
    if (isKey && this.at !== end) bail(); // `a : b`
    this.lastPlain = text;
    return resolvePlain(text);
  }
}

/** What a plain scalar in a flow collection may not start with: an indicator, or `-` before a space. */
const FLOW_PLAIN_FIRST = /^(?:[?:,[\]{}#&*!|>'"%@`]|-(?: |$))/;

/**
 * `key: rest` or `key:` at the start of `text`, with the key read (plain or quoted) and its identity as PyYAML's
 * dict tells keys apart (`keyIdentity`); `undefined` if not a map entry.
 */
function splitKey(text: string): { key: string; rest: string; identity: string } | undefined {
  const c = text[0];
  if (c === "'" || c === '"') {
    const q = readQuoted(text, 0);
    if (text[q.end] !== ':') return undefined;
    if (q.end > 1024) bail(); // longer than PyYAML's longest implicit key: the general reader reports it
    const after = text.slice(q.end + 1);
    if (after !== '' && after[0] !== ' ') return undefined;
    return { key: q.value, rest: trimSpaces(after), identity: keyIdentity(q.value, false) };
  }
  let colon = text.indexOf(': ');
  if (colon < 0) {
    if (!text.endsWith(':')) return undefined;
    colon = text.length - 1;
  }
  const keyText = text.slice(0, colon);
  if (colon > 1024) bail(); // longer than PyYAML's longest implicit key: the general reader reports it
  if (keyText === '' || INDICATOR_FIRST.test(keyText) || keyText.includes(' #') || keyText.endsWith(' ')) bail();
  const resolved = resolvePlain(keyText);
  return {
    key: typeof resolved === 'string' ? resolved : keyText,
    rest: trimSpaces(text.slice(colon + 1)),
    identity: keyIdentity(keyText, true),
  };
}

function plainValue(text: string): RawValue {
  const unusual = text.includes(' #') || text.includes(': ') || text.endsWith(':') || text === '=';
  if (unusual || VALUE_INDICATOR_FIRST.test(text)) bail();
  return resolvePlain(text);
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

/**
 * A quoted scalar starting at `start`, on one line; `end` is just past the closing quote. Linear in its length:
 * runs between escapes are copied as slices and joined once (a character at a time, a 20 MB string made a
 * rope of 20 million pieces).
 */
function readQuoted(text: string, start: number): { value: string; end: number } {
  return text[start] === "'" ? readSingleQuoted(text, start) : readDoubleQuoted(text, start);
}

function readSingleQuoted(text: string, start: number): { value: string; end: number } {
  const parts: string[] = [];
  let i = start + 1;
  for (;;) {
    const close = text.indexOf("'", i);
    if (close < 0) bail();
    parts.push(text.slice(i, close));
    if (text[close + 1] !== "'") return { value: parts.join(''), end: close + 1 };
    parts.push("'");
    i = close + 2;
  }
}

function readDoubleQuoted(text: string, start: number): { value: string; end: number } {
  const parts: string[] = [];
  let i = start + 1;
  for (;;) {
    let run = i;
    while (run < text.length && text.charCodeAt(run) !== 34 && text.charCodeAt(run) !== 92) run++; // `"`, `\`
    if (run >= text.length) bail();
    parts.push(text.slice(i, run));
    if (text.charCodeAt(run) === 34) return { value: parts.join(''), end: run + 1 };
    const escaped = readEscape(text, run);
    parts.push(escaped.value);
    i = escaped.end;
  }
}

/** The escape sequence at `at` (a backslash) in a double-quoted scalar. */
function readEscape(text: string, at: number): { value: string; end: number } {
  const e = text[at + 1] as string;
  const simple = DOUBLE_ESCAPES[e];
  if (simple !== undefined) return { value: simple, end: at + 2 };
  const n = HEX_LENGTH[e];
  if (n === undefined) bail();
  const hex = text.slice(at + 2, at + 2 + n);
  if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== n) bail();
  const code = Number.parseInt(hex, 16);
  if ((code >= 0xd800 && code <= 0xdfff) || code > 0x10ffff) bail();
  return { value: String.fromCodePoint(code), end: at + 2 + n };
}
