import { spawnSync } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { readTemplateText } from '../../../src/template/parse/reader.js';
import { HEAT_PYTHON, testWithHeat } from '../../support/heat.js';

/** Reading YAML as PyYAML does (issue 10): what PyYAML refuses, heatstack refuses, at the same place. */

const CASES: readonly { readonly name: string; readonly text: string; readonly refused: boolean }[] = [
  { name: 'a bell character in a quoted scalar', text: 'a: "x\x07"\n', refused: true },
  { name: 'a bell character in a plain scalar', text: 'a: x\x07\n', refused: true },
  { name: 'an escape character in a key', text: 'b\x1b[2J: 1\n', refused: true },
  { name: 'a DEL character', text: 'a: x\x7f\n', refused: true },
  { name: 'the escape sequence of a bell', text: 'a: "x\\a"\n', refused: false },
  { name: 'a tab in a quoted scalar', text: 'a: "x\ty"\n', refused: false },
  { name: 'a next-line character', text: 'a: "x\u0085y"\n', refused: false },
];

const K = (n: number) => 'k'.repeat(n);
/** PyYAML takes an implicit key only when its `:` is within 1,024 characters of the key's start. */
const LONG_KEYS: readonly { readonly name: string; readonly text: string; readonly refused: boolean }[] = [
  { name: 'a plain key of 1,025 characters', text: `${K(1025)}: 1\n`, refused: true },
  { name: 'a plain key of 1,024 characters', text: `${K(1024)}: 1\n`, refused: false },
  { name: 'a quoted key of 1,032 characters', text: `"${K(1030)}": 1\n`, refused: true },
  { name: 'a key of 1,025 characters in a flow map', text: `a: {${K(1025)}: 1}\n`, refused: true },
  { name: 'a quoted key of 1,032 characters in a flow map', text: `a: {"${K(1030)}": 1}\n`, refused: true },
  { name: 'an explicit key of 1,100 characters', text: `? ${K(1100)}\n: 1\n`, refused: false },
];

describe('keys longer than PyYAML takes', () => {
  for (const c of LONG_KEYS) {
    test(c.name, () => {
      const errors = readTemplateText(c.text).problems.filter((p) => p.severity === 'error');
      expect(errors.length > 0).toBe(c.refused);
    });
  }
});

describe('characters PyYAML refuses', () => {
  for (const c of CASES) {
    test(c.name, () => {
      const errors = readTemplateText(c.text).problems.filter((p) => p.severity === 'error');
      if (c.refused) expect(errors.map((e) => e.message)).toEqual([expect.stringMatching(/unacceptable character #x/)]);
      else expect(errors).toEqual([]);
    });
  }
});

testWithHeat('PyYAML itself refuses exactly those', () => {
  const script =
    'import json, sys, yaml\nout = []\nfor t in json.load(sys.stdin):\n    try:\n        yaml.safe_load(t); out.append(False)\n    except yaml.YAMLError:\n        out.append(True)\nprint(json.dumps(out))';
  const run = spawnSync(HEAT_PYTHON, ['-c', script], {
    input: JSON.stringify([...CASES, ...LONG_KEYS].map((c) => c.text)),
    encoding: 'utf8',
  });
  expect(run.status, run.stderr).toBe(0);
  expect(JSON.parse(run.stdout)).toEqual([...CASES, ...LONG_KEYS].map((c) => c.refused));
});

/**
 * Layouts PyYAML reads and YAML does not (`layout.ts`), and the tags it constructs as Python values
 * (`python-tags.ts`: read as the lists Heat's functions make of them): each with PyYAML's value, or refused.
 */
const VALUES: readonly { readonly name: string; readonly text: string; readonly value: unknown }[] = [
  { name: 'a double-quoted scalar continued at column 0', text: 'a:\n  b: "x\ny"\n', value: { a: { b: 'x y' } } },
  { name: 'a single-quoted scalar continued at column 0', text: "a: 'it''s\nhere'\n", value: { a: "it's here" } },
  { name: 'a list item continued at column 0', text: 'a:\n  - "one\ntwo"\n', value: { a: ['one two'] } },
  { name: 'an empty line in a continued scalar', text: 'a: "x\n\ny"\n', value: { a: 'x\ny' } },
  { name: 'an escaped line break continued at column 0', text: 'a: "x\\\ny"\n', value: { a: 'xy' } },
  {
    name: 'a flow collection closed at its key’s column',
    text: 'a:\n  b: [{c: 1,\n  d: 2}]\n',
    value: { a: { b: [{ c: 1, d: 2 }] } },
  },
  { name: 'a flow list closed at column 0', text: 'a: [1, "]\n", 2,\n3]\nd: 1\n', value: { a: [1, '] ', 2, 3], d: 1 } },
  { name: 'a literal block keeps its quotes', text: 'a: |\n  x"\nb: "c\nd"\n', value: { a: 'x"\n', b: 'c d' } },
  { name: 'a next-line character in a quoted scalar', text: 'a: "x\u0085y"\n', value: { a: 'x y' } },
  { name: 'a next-line character in a plain scalar', text: 'a: x\u0085 y\n', value: { a: 'x y' } },
  { name: 'a next-line character after a key', text: 'a:\u0085  b\n', value: { a: 'b' } },
  { name: '!!binary', text: 'a: !!binary aGVsbG8=\n', value: { a: [104, 101, 108, 108, 111] } },
  {
    name: '!!binary over lines, with padding to skip',
    text: 'a: !!binary |\n  ==aGVs\n  bG8=x\n',
    value: { a: [104, 101, 108, 108, 111] },
  },
  { name: 'an empty !!binary', text: 'a: !!binary\n', value: { a: [] } },
  { name: '!!set', text: 'a: !!set {x, y}\nb: !!set\n  ? 1\n  ? 1.0\n  ? z\n', value: { a: ['x', 'y'], b: [1, 'z'] } },
  {
    name: '!!omap',
    text: 'a: !!omap [b: 1, c: [2]]\n',
    value: {
      a: [
        ['b', 1],
        ['c', [2]],
      ],
    },
  },
  {
    name: '!!pairs keeps repeated keys',
    text: 'a: !!pairs\n  - b: 1\n  - b: 2\n',
    value: {
      a: [
        ['b', 1],
        ['b', 2],
      ],
    },
  },
  { name: '!!binary with its padding missing', text: 'a: !!binary aGVsbG8\n', value: 'refused' },
  { name: '!!binary one character past a quantum', text: 'a: !!binary aGVsb\n', value: 'refused' },
  { name: '!!binary of a non-ASCII character', text: 'a: !!binary é\n', value: 'refused' },
  { name: '!!set of a list', text: 'a: !!set [x]\n', value: 'refused' },
  { name: '!!set of a scalar', text: 'a: !!set x\n', value: 'refused' },
  { name: '!!omap of a map', text: 'a: !!omap {b: 1}\n', value: 'refused' },
  { name: '!!omap with an item of two keys', text: 'a: !!omap [{b: 1, c: 2}]\n', value: 'refused' },
  { name: '!!pairs with a scalar item', text: 'a: !!pairs [b]\n', value: 'refused' },
  { name: 'a literal block ended by a line at column 0', text: 'a: |\n  x\u0085y\n', value: 'refused' },
];

describe('layouts and tags PyYAML reads', () => {
  for (const c of VALUES) {
    test(c.name, () => {
      const read = readTemplateText(c.text);
      const errors = read.problems.filter((p) => p.severity === 'error');
      if (c.value === 'refused') expect(errors).not.toEqual([]);
      else {
        expect(errors).toEqual([]);
        expect(read.value).toEqual(c.value);
      }
    });
  }
  test('an error after a relaid line is placed in the text as written', () => {
    const read = readTemplateText('a: "x\ny"\nb: !!binary aGVsb\n');
    expect(read.problems.map((p) => p.offset)).toEqual(['a: "x\ny"\nb: '.length]);
  });
});

testWithHeat('PyYAML reads the same values (bytes, sets and pairs as Heat resolves them)', () => {
  const script = [
    'import json, sys, yaml',
    'def heat(v):',
    '    if isinstance(v, (set, frozenset)): return sorted(v, key=str)',
    '    return list(v)',
    'out = []',
    'for t in json.load(sys.stdin):',
    '    try:',
    '        out.append(json.loads(json.dumps(yaml.safe_load(t), default=heat)))',
    '    except yaml.YAMLError:',
    "        out.append('refused')",
    'print(json.dumps(out))',
  ].join('\n');
  const run = spawnSync(HEAT_PYTHON, ['-c', script], {
    input: JSON.stringify(VALUES.map((c) => c.text)),
    encoding: 'utf8',
  });
  expect(run.status, run.stderr).toBe(0);
  expect(JSON.parse(run.stdout)).toEqual(VALUES.map((c) => c.value));
});
