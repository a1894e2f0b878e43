/**
 * How tokens hide inside ordinary JavaScript values, so that users can put them anywhere a string, number or list
 * goes. Internal: should not be exported from the package.
 *
 * - A string token is `${Token[Hint.N]}`: it survives concatenation and template literals, and the fragments
 *   around it are kept when the string is split again at synth.
 * - A list token is the one-element list `['#{Token[Hint.N]}']`.
 * - A number token is a double with a marker in its high bits and N in its low bits: about -1.8881545897e+289, a
 *   value no one writes by hand. Stringified (`${n}` in a template literal) it is recognised again by its shape.
 */

const STRING_TOKEN = /\$\{Token\[(?:[\w.-]*\.)?(\d+)\]\}|#\{Token\[(?:[\w.-]*\.)?(\d+)\]\}|-1\.88815\d+e\+289/g;

export function stringToken(hint: string, n: number): string {
  return flat(`\${Token[${sanitizeHint(hint)}.${n}]}`);
}

/**
 * The string stored flat: built by concatenation, it is a tree of pieces (a rope) that V8 flattens only when
 * read, and thousands of long-lived token strings would each keep that tree. Reading a character flattens it.
 */
function flat(s: string): string {
  s.charCodeAt(0);
  return s;
}

export function listToken(hint: string, n: number): string {
  return `#{Token[${sanitizeHint(hint)}.${n}]}`;
}

function sanitizeHint(hint: string): string {
  return hint.replace(/[^\w.-]/g, '_');
}

// The number token's bit layout: sign, exponent and top 20 mantissa bits are the marker; the low 32 bits are N.
const MARKER_HIGH = 0xfbff_0000 >>> 0;
const scratch = new DataView(new ArrayBuffer(8));

export function numberToken(n: number): number {
  scratch.setUint32(0, MARKER_HIGH);
  scratch.setUint32(4, n >>> 0);
  return scratch.getFloat64(0);
}

/** N of a number token, or undefined for an ordinary number. */
export function numberTokenIndex(x: number): number | undefined {
  if (!(x <= -1.888e289 && x >= -1.889e289)) return undefined;
  scratch.setFloat64(0, x);
  return scratch.getUint32(0) === MARKER_HIGH ? scratch.getUint32(4) : undefined;
}

/** A piece of a string: literal text, or a token by its number and kind. */
export type Fragment =
  | { readonly kind: 'literal'; readonly text: string }
  | { readonly kind: 'string' | 'list' | 'number'; readonly index: number; readonly text: string };

/** Quick test before the regex: most strings in a template hold no token at all. */
export function mayHoldToken(s: string): boolean {
  return s.includes('oken[') || s.includes('OKEN[') || s.includes('e+289');
}

/** A string or list token starting exactly at `lastIndex`. */
const TOKEN_AT = /\$\{Token\[(?:[\w.-]*\.)?(\d+)\]\}|#\{Token\[(?:[\w.-]*\.)?(\d+)\]\}/y;

/** Splits a string into literal and token fragments, in order. One regex pass over the string. */
export function splitFragments(s: string): Fragment[] {
  // Without a number token, every token starts just before a `{Token[`: try the pattern only there (the same
  // leftmost matches as a scan of the whole string, much cheaper).
  if (!s.includes('e+289')) return splitAtMarkers(s);
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
  for (let i = s.indexOf('{Token['); i >= 0; i = s.indexOf('{Token[', i + 1)) {
    if (i === 0 || i - 1 < last) continue;
    TOKEN_AT.lastIndex = i - 1;
    const m = TOKEN_AT.exec(s);
    if (m === null) continue;
    if (m.index > last) out.push({ kind: 'literal', text: s.slice(last, m.index) });
    out.push(m[1] !== undefined ? { kind: 'string', index: Number(m[1]), text: m[0] } : decodeMatch(m)!);
    last = m.index + m[0].length;
    i = last - 1;
  }
  if (last < s.length) out.push({ kind: 'literal', text: s.slice(last) });
  return out;
}

function decodeMatch(m: RegExpExecArray): Fragment | undefined {
  if (m[1] !== undefined) return { kind: 'string', index: Number(m[1]), text: m[0] };
  if (m[2] !== undefined) return { kind: 'list', index: Number(m[2]), text: m[0] };
  const index = numberTokenIndex(Number(m[0]));
  return index === undefined ? undefined : { kind: 'number', index, text: m[0] };
}

/** Something that looks like a token but is not whole: `${TOKEN[…]}` after `toUpperCase()`, `%7BToken[…]` from a URL. */
export function findMangledToken(literal: string): string | undefined {
  if (!literal.includes('[')) return undefined;
  const m = /.{0,2}token\[[\w.-]*\]?.{0,2}/i.exec(literal);
  return m?.[0];
}
