import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { plainJson, pyJsonDumps, pyStrOfData } from '../../../src/template/evaluate/python.js';
import { cpuMs } from '../../support/cpu-time.js';

/** Python's printers as Heat's messages and values show them, in time linear in what the template holds. */

/** `[&a0 [leaf, leaf], &a1 [*a0 × width], …]` as YAML reads it: each level one list, shared `width` times. */
function aliasBomb(levels: number, width: number, leaf = 'lol'): unknown[] {
  let level: unknown[] = [leaf, leaf];
  for (let i = 0; i < levels; i++) level = Array(width).fill(level);
  return level;
}

describe('pyJsonDumps: json.dumps(value, sort_keys=True)', () => {
  test('sorted keys, Python separators, non-ASCII escaped', () => {
    expect(pyJsonDumps({ b: [1, true, null], a: 'é' })).toBe('{"a": "\\u00e9", "b": [1, true, null]}');
  });

  test('a list shared 4^10 times (an alias bomb) is written in well under a second of CPU', () => {
    const bomb = aliasBomb(10, 4);
    let text = '';
    // Each occurrence was written again: 5 s of CPU on the shared machine (issue 17's fuzzer, batch 9).
    expect(cpuMs(() => (text = pyJsonDumps(bomb)))).toBeLessThan(1_000);
    expect(text).toBe(JSON.stringify(bomb).replace(/,/g, ', '));
  });

  test('a value that holds itself is refused, as Python refuses it', () => {
    const loop: unknown[] = [];
    loop.push([loop]);
    expect(() => pyJsonDumps(loop)).toThrow('Circular reference detected');
  });
});

describe('plainJson: JSON.stringify of plain data, each shared part written once', () => {
  test('is JSON.stringify for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 5 }), (v) => {
        expect(plainJson(v)).toBe(JSON.stringify(v));
      }),
    );
  });
});

describe("pyStrOfData: Python's str() of a list or map", () => {
  test('repr of strings inside, maps in their order, shared parts once', () => {
    expect(pyStrOfData({ b: ['x', 1, true], a: null })).toBe("{'b': ['x', 1, True], 'a': None}");
    const shared = ['ab'];
    expect(pyStrOfData([shared, shared])).toBe("[['ab'], ['ab']]");
  });
});
