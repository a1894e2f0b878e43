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
