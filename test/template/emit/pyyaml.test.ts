/**
 * The strongest check that Heat reads heatstack's YAML as heatstack meant it: PyYAML itself, with Heat's loader
 * (SafeLoader, timestamps kept as strings). Skipped where python3 with PyYAML is not installed.
 */
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { type Plain, writeYaml } from '../../../src/template/emit/yaml-writer.js';
import { pyNumberOfString } from '../../../src/template/evaluate/python.js';
import { ExactNumber } from '../../../src/template/exact-number.js';
import { resolvePlain } from '../../../src/template/parse/scalars.js';

const HEAT_LOADER = `
import json, sys, yaml
class Loader(yaml.SafeLoader):
    pass
def as_str(self, node):
    return self.construct_scalar(node)
Loader.add_constructor('tag:yaml.org,2002:str', as_str)
Loader.add_constructor('tag:yaml.org,2002:timestamp', as_str)
def plain(v):
    if isinstance(v, float): return {'__float__': repr(v)}
    if isinstance(v, int) and not isinstance(v, bool) and abs(v) > 2**53: return {'__int__': str(v)}
    if isinstance(v, list): return [plain(x) for x in v]
    if isinstance(v, dict): return {str(k): plain(x) for k, x in v.items()}
    return v
out = []
for line in sys.stdin:
    try:
        out.append({'value': plain(yaml.load(json.loads(line), Loader=Loader))})
    except Exception as e:
        out.append({'error': str(e).splitlines()[0]})
print(json.dumps(out))
`;

const pyyaml = spawnSync('python3', ['-c', 'import yaml'], { encoding: 'utf8' }).status === 0;

/** Loads each text with PyYAML the way Heat does. */
function heatLoad(texts: readonly string[]): { value?: unknown; error?: string }[] {
  const run = spawnSync('python3', ['-c', HEAT_LOADER], {
    input: texts.map((t) => JSON.stringify(t)).join('\n'),
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(run.stderr);
  // Python's floats and long integers, as the model holds them (`exact-number.ts`: `1.0` is not `1`).
  return JSON.parse(run.stdout, (_k, v) => {
    if (v === null || typeof v !== 'object') return v;
    if ('__int__' in v) return ExactNumber.integer(v.__int__);
    return '__float__' in v ? pyNumberOfString(v.__float__) : v;
  });
}

const finite = fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Object.is(d, -0));
const scalar: fc.Arbitrary<Plain> = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.string({ unit: fc.constantFrom(...'yYnN01:._-+ #\'"\n\t~eExXoO<=!&*|>%@`[]{},?\\') }),
  fc.constantFrom(
    'yes',
    'On',
    'off',
    'y',
    '~',
    'null',
    '0x1F',
    '017',
    '08',
    '1_000',
    '1:20',
    '1:20.5',
    '.5',
    '1e3',
    '1.0e+3',
    '.inf',
    '-.inf',
    '.NaN',
    '2012-12-12',
    '2001-12-14 21:59:43.10 -5',
    '<<',
    '=',
    '',
    ' a',
    'a ',
    'a\n',
    'a\n\n',
    '\n',
    '- a',
    '\u0085',
    '\u2028',
    'é',
    '😀',
    'a\u00a0b',
  ),
  fc.integer(),
  finite,
  fc.boolean(),
  fc.constant(null),
);
const value: fc.Arbitrary<Plain> = fc.letrec<{ v: Plain; l: Plain; m: Plain }>((tie) => ({
  v: fc.oneof({ depthSize: 'small' }, scalar, tie('l'), tie('m')),
  l: fc.array(tie('v'), { maxLength: 4 }),
  m: fc.dictionary(fc.oneof(fc.string(), fc.constantFrom('yes', '1', 'y', 'a: b', '<<', '=')), tie('v'), {
    maxKeys: 4,
  }) as fc.Arbitrary<Plain>,
})).v;

describe.skipIf(!pyyaml)('PyYAML, with Heat’s loader, reads what heatstack writes', () => {
  test('random values written by the YAML writer read back identical in PyYAML', () => {
    const samples = fc.sample(value, { numRuns: 3000, seed: 42 });
    const texts = samples.map((v) => writeYaml({ key: v }));
    const loaded = heatLoad(texts);
    samples.forEach((v, i) => {
      expect({ text: texts[i], ...loaded[i] }).toEqual({ text: texts[i], value: { key: v } });
    });
  });

  test('plain scalars resolve as PyYAML resolves them (booleans, YAML 1.1 numbers, timestamps kept as text)', () => {
    const plain = fc
      .oneof(
        fc.string({ unit: fc.constantFrom(...'0123456789+-._:eExXbBoOabcdefnNyYtT '), minLength: 1, maxLength: 8 }),
        fc.constantFrom(
          'yes',
          'Yes',
          'YES',
          'yEs',
          'on',
          'ON',
          'oN',
          'y',
          'n',
          'no',
          'NO',
          'off',
          'true',
          'False',
          'null',
          'Null',
          'nULL',
          '~',
          '0b101',
          '0x_1F',
          '0o17',
          '0_17',
          '1__0',
          '190:20:30',
          '1:60',
          '1:5',
          '-1:20',
          '6.8523015e+5',
          '685.230_15e+03',
          '685_230.15',
          '190:20:30.15',
          '.5e+3',
          '1.e-3',
          '-.inf',
          '+.inf',
          '.Inf',
          '.NAN',
          '2002-12-14',
          '2001-12-14t21:59:43.10-05:00',
          '0.',
          '+0',
          '-0',
        ),
      )
      .filter((s) => s.trim() === s && !/^[-?:] |^[-?:]$| #|: |:$|^#/.test(s));
    const samples = fc.sample(plain, { numRuns: 4000, seed: 7 });
    const loaded = heatLoad(samples.map((s) => `k: ${s}\n`));
    samples.forEach((s, i) => {
      const theirs = loaded[i] as { value?: { k: unknown }; error?: string };
      if (theirs.error !== undefined) return; // not a plain scalar PyYAML reads (e.g. a stray indicator)
      expect({ text: s, value: resolvePlain(s) }).toEqual({ text: s, value: theirs.value?.k });
    });
  });
});
