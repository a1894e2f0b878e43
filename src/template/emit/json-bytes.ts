/**
 * JSON text written as UTF-8 bytes straight into one growing buffer, in the layout of `JSON.stringify(x, null, 2)`:
 * what the fast JSON writer (`shape.ts`) and `jsonSectionBytes` build a template file with, a chunk at a time,
 * without a string per line.
 */

import { integerText, isExactNumber } from '../exact-number.js';
import type { Plain, PlainMap } from './yaml-writer.js';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const SPACE = 0x20;
const NEWLINE = 0x0a;
/** Two spaces (an indentation level), and four, written as one number each. */
const SPACES = 0x2020;
const FOUR_SPACES = 0x20202020;
export const COMMA = 0x2c;
export const OPEN_LIST = 0x5b;
export const CLOSE_LIST = 0x5d;
export const OPEN_MAP = 0x7b;
export const CLOSE_MAP = 0x7d;

/**
 * JSON text as UTF-8, written into a buffer that grows when a write needs more room. A writer takes out what is
 * written (`length` bytes) and starts over (`length = 0`) between entries.
 */
export class JsonBytes {
  buffer: Buffer;
  length = 0;
  /** The buffer's bytes, for writing four spaces at a time. */
  private view: DataView;

  constructor(capacity: number) {
    this.buffer = Buffer.allocUnsafe(capacity);
    this.view = new DataView(this.buffer.buffer, this.buffer.byteOffset, this.buffer.length);
  }

  // Each method below does its whole write itself (no calls but on a slow path): until the JIT has compiled them,
  // which is a good part of a big template, every call is dear.

  /** Room for `n` more bytes. */
  reserve(n: number): void {
    if (this.length + n > this.buffer.length) this.grow(n);
  }

  private grow(n: number): void {
    const bigger = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.length + n));
    this.buffer.copy(bigger, 0, 0, this.length);
    this.buffer = bigger;
    this.view = new DataView(bigger.buffer, bigger.byteOffset, bigger.length);
  }

  /** Text that is ASCII throughout (numbers, `true`…). */
  ascii(s: string): void {
    if (this.length + s.length > this.buffer.length) this.grow(s.length);
    const b = this.buffer;
    let at = this.length;
    for (let i = 0; i < s.length; i++) b[at++] = s.charCodeAt(i);
    this.length = at;
  }

  /** Any text. */
  text(s: string): void {
    this.reserve(s.length * 3); // 3 bytes a UTF-16 unit at most
    this.length += this.buffer.write(s, this.length);
  }

  /** A string as `JSON.stringify` writes it: printable ASCII byte by byte, anything else by `JSON.stringify`. */
  string(s: string): void {
    if (this.length + s.length + 2 > this.buffer.length) this.grow(s.length + 2);
    const b = this.buffer;
    let at = this.length;
    b[at++] = QUOTE;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x20 || c > 0x7e || c === QUOTE || c === BACKSLASH) {
        this.text(JSON.stringify(s));
        return;
      }
      b[at++] = c;
    }
    b[at++] = QUOTE;
    this.length = at;
  }

  /** Writes `count` spaces (an even number: the indentation of a depth) at `at`; gives where they end. */
  private indent(at: number, count: number): number {
    const view = this.view;
    const end = at + count;
    for (; at + 4 <= end; at += 4) view.setUint32(at, FOUR_SPACES);
    if (at < end) {
      view.setUint16(at, SPACES);
      at += 2;
    }
    return at;
  }

  /** `{` or `,`, then a line break, the indentation of `depth` and `"key": `: where a map entry starts. */
  openKey(mark: number, depth: number, k: string): void {
    const n = 2 + 2 * depth;
    if (this.length + n + k.length + 4 > this.buffer.length) this.grow(n + k.length + 4);
    const b = this.buffer;
    let at = this.length;
    b[at++] = mark;
    b[at++] = NEWLINE;
    at = this.indent(at, n - 2);
    const start = at;
    b[at++] = QUOTE;
    for (let i = 0; i < k.length; i++) {
      const c = k.charCodeAt(i);
      if (c < 0x20 || c > 0x7e || c === QUOTE || c === BACKSLASH) {
        this.length = start;
        this.text(`${JSON.stringify(k)}: `);
        return;
      }
      b[at++] = c;
    }
    b[at++] = QUOTE;
    b[at++] = COLON;
    b[at++] = SPACE;
    this.length = at;
  }

  /** `{`, `[` or `,`, then a line break and the indentation of `depth`: where an entry or item starts. */
  open(mark: number, depth: number): void {
    const n = 2 + 2 * depth;
    if (this.length + n > this.buffer.length) this.grow(n);
    const b = this.buffer;
    let at = this.length;
    b[at++] = mark;
    b[at++] = NEWLINE;
    at = this.indent(at, n - 2);
    this.length = at;
  }

  /** A line break and the indentation of `depth`, then `}` or `]`. */
  close(mark: number, depth: number): void {
    const n = 2 + 2 * depth;
    if (this.length + n > this.buffer.length) this.grow(n);
    const b = this.buffer;
    let at = this.length;
    b[at++] = NEWLINE;
    at = this.indent(at, n - 2);
    b[at++] = mark;
    this.length = at;
  }

  /** `JSON.stringify(v, null, 2)` of plain data at `depth`. */
  plain(v: Plain, depth: number): void {
    if (typeof v === 'string') this.string(v);
    else if (typeof v === 'number') this.ascii(jsonNumber(v));
    else if (v === null || typeof v !== 'object') this.ascii(String(JSON.stringify(v)));
    else if (isExactNumber(v)) this.ascii(v.text);
    else if (Array.isArray(v)) {
      const list = v as readonly Plain[];
      for (let i = 0; i < list.length; i++) {
        this.open(i === 0 ? OPEN_LIST : COMMA, depth + 1);
        this.plain(list[i] as Plain, depth + 1);
      }
      if (list.length === 0) this.ascii('[]');
      else this.close(CLOSE_LIST, depth);
    } else {
      let first = true;
      for (const k in v as PlainMap) {
        this.openKey(first ? OPEN_MAP : COMMA, depth + 1, k);
        first = false;
        this.plain((v as PlainMap)[k] as Plain, depth + 1);
      }
      if (first) this.ascii('{}');
      else this.close(CLOSE_MAP, depth);
    }
  }

  /** What is written so far, as text. */
  toString(): string {
    return this.buffer.toString('utf8', 0, this.length);
  }
}

/**
 * A number as `json.dumps` writes it where `JSON.stringify` does not: `-0.0` (the float; `JSON.stringify(-0)` is
 * `0`) and an integer beyond 2^53 as its exact digits (`integerText`; not `1e+21`, which Python reads as a float).
 */
export function jsonNumber(n: number): string {
  if (Object.is(n, -0)) return '-0.0';
  if (n > Number.MAX_SAFE_INTEGER || n < -Number.MAX_SAFE_INTEGER) return Number.isFinite(n) ? integerText(n) : 'null';
  return JSON.stringify(n);
}
