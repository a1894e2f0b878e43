/**
 * PyYAML's SafeLoader constructs `!!binary`, `!!set`, `!!omap` and `!!pairs` as Python values no JSON holds
 * (`bytes`, `set`, lists of tuples). Heat keeps them as read, and its functions resolve any non-string iterable
 * to a list (`heat/engine/function.py` `resolve`), so what an output, a property or a function sees is a list:
 * `!!binary aGk=` is `[104, 105]`, `!!set {a, b}` is `[a, b]`, `!!omap [a: 1]` is `[[a, 1]]`. heatstack reads them
 * as those lists. (A Python set has no order of its own; heatstack keeps the order the keys are written in.)
 */

import { isExactNumber } from '../exact-number.js';

const TAG = 'tag:yaml.org,2002:';

export const BINARY_TAG = `${TAG}binary`;

export const PYTHON_COLLECTIONS: ReadonlyMap<string, 'set' | 'omap' | 'pairs'> = new Map([
  [`${TAG}set`, 'set'],
  [`${TAG}omap`, 'omap'],
  [`${TAG}pairs`, 'pairs'],
]);

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/**
 * `base64.decodebytes(text.encode('ascii'))`, as PyYAML's `construct_yaml_binary` calls it: characters outside
 * the alphabet are skipped, the data ends at the padding that completes a quantum, and a quantum left open is
 * Python's error (`binascii.a2b_base64`, non-strict).
 */
export function decodeBase64AsPython(text: string): number[] | { error: string } {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: ASCII is exactly the range PyYAML takes
  const nonAscii = /[^\u0000-\u007f]/.exec(text);
  if (nonAscii !== null) {
    return {
      error: `failed to convert base64 data into ascii: 'ascii' codec can't encode character in position ${nonAscii.index}`,
    };
  }
  let data = '';
  let pads = 0;
  for (const ch of text) {
    if (ch === '=') {
      const quad = data.length % 4;
      pads++;
      if (quad >= 2 && quad + pads >= 4) return [...Buffer.from(data, 'base64')];
      continue;
    }
    if (!BASE64.includes(ch)) continue;
    data += ch;
    pads = 0;
  }
  const quad = data.length % 4;
  if (quad === 1) {
    return {
      error: `failed to decode base64 data: Invalid base64-encoded string: number of data characters (${data.length}) cannot be 1 more than a multiple of 4`,
    };
  }
  if (quad !== 0) return { error: 'failed to decode base64 data: Incorrect padding' };
  return [...Buffer.from(data, 'base64')];
}

/** A `!!set`'s members: its keys' values, a key equal to an earlier one (`1`, `1.0`, `true`) left out. */
export function setMembers<K, V>(items: readonly unknown[], memberOf: (key: K | null) => V): V[] {
  const members: V[] = [];
  const seen = new Set<string>();
  for (const pair of items as { key: K | null }[]) {
    const value = memberOf(pair.key);
    const identity =
      typeof value === 'number' || typeof value === 'boolean' || isExactNumber(value)
        ? `n:${Number(value)}`
        : JSON.stringify(value);
    if (seen.has(identity)) continue;
    seen.add(identity);
    members.push(value);
  }
  return members;
}
