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
    input: JSON.stringify(CASES.map((c) => c.text)),
    encoding: 'utf8',
  });
  expect(run.status, run.stderr).toBe(0);
  expect(JSON.parse(run.stdout)).toEqual(CASES.map((c) => c.refused));
});
