/**
 * JSON as Python's `json.loads` reads it and `json.dumps` writes it, numbers included: a number with a fraction or
 * an exponent is a float (`1.0`, `1e3` → `1000.0`), one without is an integer, exact however long
 * (`exact-number.ts`). `JSON.parse` makes every one a double, so the numbers whose Python value a double cannot
 * stand for are found first, outside the strings, and handed to `JSON.parse` as placeholder strings its reviver
 * swaps back; `JSON.stringify` writes an `ExactNumber` as a placeholder that is then swapped for its text.
 */

import { ExactNumber } from '../exact-number.js';
import type { RawValue } from './raw.js';

/** A string literal (kept as it is), or a number: JSON's grammar, which `JSON.parse` checks afterwards. */
const STRING_OR_NUMBER = /"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;

/**
 * Where a number that may need an `ExactNumber` starts a value (at the start, or after `:`, `,` or `[`): a whole
 * number or a long integer, and `-0`, the integer 0 (`JSON.parse` gives `-0`, the model's float `-0.0`). No other
 * text needs more than `JSON.parse` (`1.5` is a double exactly); a string such as `"172.18.0.2"` does not match, so
 * most texts take the fast path (a string holding `", 1.0"` only costs the exact scan).
 */
const MAYBE_EXACT = /(?:^|[:,[])\s*(?:-?\d+[.eE]|-?\d{16}|-0(?![.\deE]))/;

type Reviver = (this: unknown, key: string, value: unknown) => unknown;

/** `JSON.parse(text, reviver)` with Python's numbers; throws a `SyntaxError` as `JSON.parse` does. */
export function parseJsonExactly(text: string, reviver?: Reviver): RawValue {
  if (!MAYBE_EXACT.test(text)) return JSON.parse(text, reviver) as RawValue;
  const exact: ExactNumber[] = [];
  const mark = unusedCharacter(text);
  const marked = text.replace(STRING_OR_NUMBER, (token) => {
    if (token[0] === '"') return token;
    const value = pythonNumber(token);
    if (typeof value === 'number') return token === '-0' ? '0' : token;
    exact.push(value);
    return `"${escaped(mark)}${exact.length - 1}"`;
  });
  if (exact.length === 0) return JSON.parse(marked, reviver) as RawValue;
  return JSON.parse(marked, function (this: unknown, key, value: unknown) {
    const v = typeof value === 'string' && value[0] === mark ? exact[Number(value.slice(1))] : value;
    return reviver === undefined ? v : reviver.call(this, key, v);
  }) as RawValue;
}

/**
 * `JSON.stringify(value, replacer, indent)` with each `ExactNumber` written as its Python text (`1.0`, every digit
 * of a long integer), as `json.dumps` writes it; the replacer sees the `ExactNumber` itself. A value without one is
 * written once; one with some a second time, with placeholders marked by a character no string of it holds.
 */
export function stringifyJsonExactly(value: unknown, replacer?: Reviver, indent?: number): string {
  let found = 0;
  const text = JSON.stringify(
    value,
    function (this: Record<string, unknown>, key: string, v: unknown) {
      if (this[key] instanceof ExactNumber) found++;
      return replacer === undefined ? v : replacer.call(this, key, v);
    },
    indent,
  );
  if (found === 0) return text;
  const mark = unusedCharacter(text);
  const exact: ExactNumber[] = [];
  const marked = JSON.stringify(
    value,
    function (this: Record<string, unknown>, key: string, v: unknown) {
      const own = this[key];
      if (!(own instanceof ExactNumber)) return replacer === undefined ? v : replacer.call(this, key, v);
      exact.push(own);
      return `${mark}${exact.length - 1}`;
    },
    indent,
  );
  return marked.replace(new RegExp(`"${mark}(\\d+)"`, 'g'), (_m, i: string) => (exact[Number(i)] as ExactNumber).text);
}

/**
 * A character no string of the text can hold, raw or escaped, to mark the placeholders: none of the template's
 * strings is mistaken for one.
 */
function unusedCharacter(text: string): string {
  const escapes = text.toLowerCase();
  for (let code = 0xe000; ; code++) {
    const c = String.fromCharCode(code);
    if (!text.includes(c) && !escapes.includes(escaped(c))) return c;
  }
}

/** The character as JSON's `\uXXXX` escape. */
function escaped(c: string): string {
  return `\\u${c.charCodeAt(0).toString(16)}`;
}

function pythonNumber(token: string): number | ExactNumber {
  return /[.eE]/.test(token) ? ExactNumber.float(Number(token)) : ExactNumber.integer(token);
}
