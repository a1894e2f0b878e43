/**
 * JSON as Python's `json.loads` reads it, numbers included: a number with a fraction or an exponent is a float
 * (`1.0`, `1e3` → `1000.0`), one without is an integer, exact however long (`exact-number.ts`). `JSON.parse` makes
 * every one a double, so the numbers whose Python value a double cannot stand for are found first, outside the
 * strings, and handed to `JSON.parse` as placeholder strings its reviver swaps back.
 */

import { ExactNumber } from '../exact-number.js';
import type { RawValue } from './raw.js';

/** A string literal (kept as it is), or a number: JSON's grammar, which `JSON.parse` checks afterwards. */
const STRING_OR_NUMBER = /"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;

/**
 * A whole number or a long integer may need an `ExactNumber`, and `-0` is the integer 0 (`JSON.parse` gives `-0`,
 * the model's float `-0.0`): no other text needs more than `JSON.parse` (`1.5` is a double exactly).
 */
const MAYBE_EXACT = /\d[.eE]|\d{16}|-0(?![.\deE])/;

/** `JSON.parse(text)` with Python's numbers; throws a `SyntaxError` as `JSON.parse` does. */
export function parseJsonExactly(text: string): RawValue {
  if (!MAYBE_EXACT.test(text)) return JSON.parse(text) as RawValue;
  const exact: ExactNumber[] = [];
  const mark = unusedCharacter(text);
  const escapedMark = `\\u${mark.charCodeAt(0).toString(16)}`;
  const marked = text.replace(STRING_OR_NUMBER, (token) => {
    if (token[0] === '"') return token;
    const value = pythonNumber(token);
    if (typeof value === 'number') return token === '-0' ? '0' : token;
    exact.push(value);
    return `"${escapedMark}${exact.length - 1}"`;
  });
  if (exact.length === 0) return JSON.parse(marked) as RawValue;
  return JSON.parse(marked, (_key, value: unknown) =>
    typeof value === 'string' && value[0] === mark ? exact[Number(value.slice(1))] : value,
  ) as RawValue;
}

/**
 * A character no string of the text can hold, raw or escaped, to mark the placeholders: none of the template's
 * strings is mistaken for one.
 */
function unusedCharacter(text: string): string {
  const escapes = text.toLowerCase();
  for (let code = 0xe000; ; code++) {
    const c = String.fromCharCode(code);
    if (!text.includes(c) && !escapes.includes(`\\u${code.toString(16)}`)) return c;
  }
}

function pythonNumber(token: string): number | ExactNumber {
  return /[.eE]/.test(token) ? ExactNumber.float(Number(token)) : ExactNumber.integer(token);
}
