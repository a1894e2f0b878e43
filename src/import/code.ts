/**
 * The spelling of literals in generated code: single-quoted strings (the project's style), keys quoted only when
 * they are not identifiers, template literals with their special characters escaped. ts-morph builds the file's
 * structure; these are the leaves of its expressions.
 */

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export function stringLiteral(text: string): string {
  return `'${escaped(text, "'")}'`;
}

/** A key of an object literal. `__proto__` is computed: as a plain key it would set the prototype. */
export function propertyKey(key: string): string {
  if (key === '__proto__') return `['__proto__']`;
  return IDENTIFIER.test(key) ? key : stringLiteral(key);
}

/** The text between a template literal's backticks: `` ` ``, `\` and `${` escaped. */
export function templateText(text: string): string {
  return escaped(text, '`').replace(/\$\{/g, '\\${');
}

export function numberLiteral(n: number): string {
  return Object.is(n, -0) ? '-0' : String(n);
}

/** A name usable as a member after `.`, or the bracketed string. */
export function member(object: string, name: string): string {
  return IDENTIFIER.test(name) ? `${object}.${name}` : `${object}[${stringLiteral(name)}]`;
}

function escaped(text: string, quote: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (ch === '\\' || ch === quote) out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f || code === 0x2028 || code === 0x2029 || (code >= 0xd800 && code < 0xe000)) {
      out += `\\u${code.toString(16).padStart(4, '0')}`;
    } else out += ch;
  }
  return out;
}
