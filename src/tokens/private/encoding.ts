/**
 * How tokens hide inside ordinary JavaScript values, so that users can put them anywhere a string, number or list
 * goes. Internal: should not be exported from the package.
 *
 * - A string token is `${Token[Hint.N]}`: it survives concatenation and template literals, and the fragments
 *   around it are kept when the string is split again at synth.
 * - A list token is the one-element list `['#{Token[Hint.N]}']`.
 * - A number token is the integer -(2^52 + N × 524287): a 16-digit negative number no one writes by hand.
 *   Stringified (`${n}` in a template literal) it is recognised again by its digits. Integers that large are exact,
 *   so arithmetic on a token (`n + 1`, `n * 1024`) gives a different number, never a silent copy of the token;
 *   the odd stride makes it almost never another token, and the result still lies near the encoding range, where
 *   synth reports it.
 */

const STRING_TOKEN = /\$\{Token\[(?:[\w.-]*\.)?(\d+)\]\}|#\{Token\[(?:[\w.-]*\.)?(\d+)\]\}|-[4-6]\d{15}(?!\d)/g;

export function stringToken(hint: string, n: number): string {
  // One function, not three: it runs for every token, mostly before the JIT has compiled anything.
  const token = `\${Token[${hint.replace(NOT_HINT, '_')}.${n}]}`;
  // Stored flat: built by concatenation, it is a tree of pieces (a rope) that V8 flattens only when read, and
  // thousands of long-lived token strings would each keep that tree. Reading a character flattens it.
  token.charCodeAt(0);
  return token;
}

const NOT_HINT = /[^\w.-]/g;

export function listToken(hint: string, n: number): string {
  return `#{Token[${hint.replace(NOT_HINT, '_')}.${n}]}`;
}

// Number tokens lie in [-(2^52 + 2^51), -2^52]: every double there is an integer, and N × STRIDE < 2^51 for any
// 32-bit N.
const NUMBER_BASE = 2 ** 52;
const NUMBER_SPAN = 2 ** 51;
const STRIDE = 524_287;

export function numberToken(n: number): number {
  return -(NUMBER_BASE + (n >>> 0) * STRIDE);
}

/** N of a number token, or undefined for an ordinary number. */
export function numberTokenIndex(x: number): number | undefined {
  if (!(x <= -NUMBER_BASE && x > -(NUMBER_BASE + NUMBER_SPAN))) return undefined;
  const offset = -x - NUMBER_BASE;
  return offset % STRIDE === 0 ? offset / STRIDE : undefined;
}

/**
 * A number that is not a token but lies where a token changed by arithmetic lands (`n + 1`, `n * 1024`, `n / 2`):
 * at or below -2^51, a range no property or constraint uses; `Number.MIN_SAFE_INTEGER`, a usual bound, excepted.
 */
export function isNearNumberToken(x: number): boolean {
  return x <= -NUMBER_SPAN && x !== Number.MIN_SAFE_INTEGER && Number.isFinite(x) && numberTokenIndex(x) === undefined;
}

/** A piece of a string: literal text, or a token by its number and kind. */
export type Fragment =
  | { readonly kind: 'literal'; readonly text: string }
  | { readonly kind: 'string' | 'list' | 'number'; readonly index: number; readonly text: string };

/**
 * Quick test before the split: most strings in a template hold no token at all. Every whole token holds its
 * 10-digit number (string and list tokens) or 16 digits (number tokens); a mangled one keeps those digits,
 * `oken[`, or the start `${T…`.
 */
export function mayHoldToken(s: string): boolean {
  return s.includes('oken[') || MAY_HOLD.test(s);
}

/**
 * What tokens a string may hold, in one call for the one place that asks of every string: `'none'` (as
 * `mayHoldToken` says), `'number'` (may hold a stringified number token, `${n}`: it needs the whole-string scan of
 * `splitFragments`), or `'string'` (string and list tokens only: `tokenAfter` finds them).
 */
export function tokenKindsIn(s: string): 'none' | 'number' | 'string' {
  if (!s.includes('oken[') && !MAY_HOLD.test(s)) return 'none';
  return NUMBER_TEXT.test(s) ? 'number' : 'string';
}

const MAY_HOLD = /\d{10}|oken\[|[$#]\{t/i;

/** A stringified number token, or a number near one. */
const NUMBER_TEXT = /-[4-6]\d{15}/;

/** Splits a string into literal and token fragments, in order. */
export function splitFragments(s: string): Fragment[] {
  if (!NUMBER_TEXT.test(s)) return splitAtMarkers(s);
  const out: Fragment[] = [];
  let last = 0;
  STRING_TOKEN.lastIndex = 0;
  for (let m = STRING_TOKEN.exec(s); m !== null; m = STRING_TOKEN.exec(s)) {
    const index = decodeMatch(m);
    if (index === undefined) continue;
    if (m.index > last) out.push({ kind: 'literal', text: s.slice(last, m.index) });
    out.push(index);
    last = m.index + m[0].length;
  }
  if (last < s.length) out.push({ kind: 'literal', text: s.slice(last) });
  return out;
}

function splitAtMarkers(s: string): Fragment[] {
  const out: Fragment[] = [];
  let last = 0;
  for (let m = tokenAfter(s, 0); m !== null; m = tokenAfter(s, last)) {
    if (m.index > last) out.push({ kind: 'literal', text: s.slice(last, m.index) });
    out.push({ kind: m[0].startsWith('#') ? 'list' : 'string', index: Number(m[1]), text: m[0] });
    last = m.index + m[0].length;
  }
  if (last < s.length) out.push({ kind: 'literal', text: s.slice(last) });
  return out;
}

/**
 * The first string or list token at or after `from` in a string that holds no number token
 * (`tokenKindsIn` gives `'string'`): the same leftmost matches as a split. A pattern, not a hand-written loop: most of a synth
 * runs before the JIT has compiled anything, and the regular expression engine is native code from the start.
 * `[0]` is the token's text, `[1]` its number.
 */
export function tokenAfter(s: string, from: number): RegExpExecArray | null {
  STRING_OR_LIST_TOKEN.lastIndex = from;
  return STRING_OR_LIST_TOKEN.exec(s);
}

const STRING_OR_LIST_TOKEN = /[$#]\{Token\[(?:[\w.-]*\.)?(\d+)\]\}/g;

function decodeMatch(m: RegExpExecArray): Fragment | undefined {
  if (m[1] !== undefined) return { kind: 'string', index: Number(m[1]), text: m[0] };
  if (m[2] !== undefined) return { kind: 'list', index: Number(m[2]), text: m[0] };
  const index = numberTokenIndex(Number(m[0]));
  return index === undefined ? undefined : { kind: 'number', index, text: m[0] };
}

/** What is left of a token after a string operation (`string`) or arithmetic (`number`), and the text near it. */
export interface MangledToken {
  readonly kind: 'string' | 'number';
  readonly near: string;
}

/**
 * Something in a literal that was a token but is not whole any more. Three signs, each never in ordinary text:
 * `token[` in any case (`toUpperCase()`, `%7BToken[` from a URL, `split('.')`); a start of `${Token` at the end of
 * the literal or before `[` (`slice(0, 5)`, `replace('Token', …)`); the 10-digit number of a live token, which
 * survives most slices (`slice(3)`). A stringified number near the number tokens is arithmetic on one.
 */
export function findMangledToken(literal: string, isLiveToken: (n: number) => boolean): MangledToken | undefined {
  if (!mayBeMangled(literal)) return undefined;
  const marker = MARKER.exec(literal) ?? HEAD.exec(literal);
  if (marker !== null) return { kind: 'string', near: around(literal, marker.index, marker[0].length) };
  if (literal.length >= 10) {
    TEN_DIGITS.lastIndex = 0;
    for (let m = TEN_DIGITS.exec(literal); m !== null; m = TEN_DIGITS.exec(literal)) {
      if (isLiveToken(Number(m[0]))) return { kind: 'string', near: around(literal, m.index, m[0].length) };
    }
  }
  const number = NEAR_NUMBER.exec(literal);
  if (number !== null && isNearNumberToken(Number(number[0])))
    return { kind: 'number', near: around(literal, number.index, number[0].length) };
  return undefined;
}

/** Whether `findMangledToken` could find anything: most literals have none of its signs, and one test says so. */
export function mayBeMangled(literal: string): boolean {
  return SUSPECT.test(literal);
}

/** Anything any of the signs below needs. */
const SUSPECT = /token\[|[$#]\{t|\d{10}/i;
const MARKER = /token\[/i;
const HEAD = /[$#]\{t(?:o(?:k(?:en?)?)?)?(?:$|\[)/i;
const TEN_DIGITS = /(?<!\d)\d{10}(?!\d)/g;
// A minus sign, not the hyphen of `order-12345678901234567`.
const NEAR_NUMBER = /(?<![\w.-])-\d{16,}(?![\d.e])/;

function around(text: string, at: number, length: number): string {
  return text.slice(Math.max(0, at - 2), at + length + 2);
}
