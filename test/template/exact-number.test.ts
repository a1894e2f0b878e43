import { describe, expect, test } from 'vitest';
import { emitTemplate } from '../../src/template/emit/index.js';
import { evaluate } from '../../src/template/evaluate/index.js';
import { ExactNumber } from '../../src/template/exact-number.js';
import type { Template } from '../../src/template/model.js';
import { resolveParameters } from '../../src/template/parameter-values.js';
import { parseTemplate } from '../../src/template/parse/index.js';
import { parseJsonExactly } from '../../src/template/parse/json-numbers.js';
import { validateTemplate } from '../../src/template/validate/index.js';
import { type HeatCase, heatOutputs, heatVerdicts, testWithHeat } from '../support/heat.js';

/**
 * Python's numbers (issue 10): a float without a fractional part keeps Python's text (`1.0`, `1000.0`, `1e+20`)
 * and an integer beyond 2^53 stays exact, wherever Heat makes text of a value — and wherever heatstack writes one
 * back (synth, convert). Each value case is checked against Heat 19 itself where it is installed.
 */

interface ValueCase {
  readonly name: string;
  /** The template's text, whose output `o` is the value. */
  readonly template: string;
  readonly parameters?: Readonly<Record<string, string>>;
  readonly expect: string;
}

const hot = (outputs: string, parameters = '') =>
  `heat_template_version: 2021-04-16\n${parameters}outputs:\n  o: {value: ${outputs}}\n`;
const replaced = (value: string) => `{str_replace: {template: v=X, params: {X: ${value}}}}`;
const holds = "{if: [c, 'yes', 'no']}";
const numberParameter = (extra = '') => `parameters:\n  n: {type: number${extra}}\n`;

/** `str_replace` of a number parameter given `value`. */
function givenNumber(name: string, value: string, expect: string): ValueCase {
  return { name, template: hot(replaced('{get_param: n}'), numberParameter()), parameters: { n: value }, expect };
}

const VALUE_CASES: readonly ValueCase[] = [
  { name: 'str_replace of 1.0 keeps the .0', template: hot(replaced('1.0')), expect: 'v=1.0' },
  {
    name: 'list_join of {f: 1.0} writes the float as json.dumps does',
    template: hot("{list_join: [',', [{f: 1.0}]]}"),
    expect: '{"f": 1.0}',
  },
  {
    name: 'a float of 1e16 and more is in exponent form (1.0e+20 → 1e+20)',
    template: hot(replaced('1.0e+20')),
    expect: 'v=1e+20',
  },
  {
    name: 'a whole float below 1e16 is its digits and .0',
    template: hot(replaced('12345678901234.0')),
    expect: 'v=12345678901234.0',
  },
  {
    name: 'shortest digits in exponent form',
    template: hot(replaced('12345678901234567.0')),
    expect: 'v=1.2345678901234568e+16',
  },
  {
    name: '-0.0 stays the float -0.0, -0 is the integer 0',
    template: hot("{list_join: [',', [{a: -0.0, b: -0}]]}"),
    expect: '{"a": -0.0, "b": 0}',
  },
  {
    name: '!!float 1, 1_000.0 and sexagesimal floats are floats',
    template: hot("{list_join: [',', [[!!float 1, 1_000.0, 190:20:30.0]]]}"),
    expect: '[1.0, 1000.0, 685230.0]',
  },
  {
    name: 'an integer beyond 2^53 is exact',
    template: hot(replaced('123456789012345678901')),
    expect: 'v=123456789012345678901',
  },
  {
    name: 'a hex integer beyond 2^53 is exact',
    template: hot(
      "{list_join: [',', [[0x1FFFFFFFFFFFFFFFFF, -0b100000000000000000000000000000000000000000000000000000001]]]}",
    ),
    expect: '[590295810358705651711, -72057594037927937]',
  },
  {
    name: 'integers beyond 2^53 compare exactly',
    template: hot(holds, 'conditions:\n  c: {equals: [9007199254740993, 9007199254740992]}\n'),
    expect: 'no',
  },
  {
    name: 'an integer beyond 2^53 equals a float only where the values are the same',
    template: hot(holds, 'conditions:\n  c: {equals: [9007199254740993, 9007199254740992.0]}\n'),
    expect: 'no',
  },
  {
    name: 'the float 1.0 equals the integer 1, as in Python',
    template: hot(holds, 'conditions:\n  c: {equals: [1, 1.0]}\n'),
    expect: 'yes',
  },
  { name: 'contains finds 1 in [1.0]', template: hot("{if: [{contains: [1, [1.0]]}, 'yes', 'no']}"), expect: 'yes' },
  {
    name: 'JSON: 1.0, 1e3 and a long integer as json.loads reads them',
    template:
      '{"heat_template_version": "2021-04-16", "outputs": {"o": {"value": {"list_join": [",", [{"f": 1.0, "g": 1e3, "h": 1E+20, "i": 123456789012345678901, "j": -0}]]}}}}',
    expect: '{"f": 1.0, "g": 1000.0, "h": 1e+20, "i": 123456789012345678901, "j": 0}',
  },
  givenNumber('a number parameter given "5.0" stays 5.0', '5.0', 'v=5.0'),
  givenNumber('a number parameter given "1e3" is 1000.0', '1e3', 'v=1000.0'),
  givenNumber('a number parameter given "5" is the integer 5', '5', 'v=5'),
  givenNumber('a number parameter given a long integer is exact', '12345678901234567891', 'v=12345678901234567891'),
  {
    name: "a number parameter's default 5.0 stays 5.0",
    template: hot(replaced('{get_param: n}'), numberParameter(', default: 5.0')),
    expect: 'v=5.0',
  },
  {
    name: 'a json parameter keeps 1.0',
    template: hot("{list_join: [',', [{get_param: j}]]}", 'parameters:\n  j: {type: json}\n'),
    parameters: { j: '{"a": 1.0, "b": 1e3}' },
    expect: '{"a": 1.0, "b": 1000.0}',
  },
];

function heatstackValue(c: ValueCase): unknown {
  const { template, diagnostics } = parseTemplate(c.template);
  if (template === undefined) throw new Error(`not a template: ${JSON.stringify(diagnostics)}`);
  const parameters = resolveParameters(template, c.parameters ?? {}, { stackName: 's', stackId: 'id' });
  const value = evaluate(template.outputs.o!.value, {
    template,
    parameters,
    resourceId: (n) => n,
    attribute: () => null,
  });
  return value;
}

describe('numbers keep their Python value and text', () => {
  for (const c of VALUE_CASES) test(c.name, () => expect(heatstackValue(c)).toBe(c.expect));

  testWithHeat(
    "Heat 19's values are the same",
    () => {
      const cases: HeatCase[] = VALUE_CASES.map((c) => ({ template: c.template, parameters: c.parameters ?? {} }));
      const heat = heatOutputs(cases);
      const differ = VALUE_CASES.flatMap((c, i) => {
        const result = heat[i];
        const value = result !== undefined && 'outputs' in result ? result.outputs.o?.value : result;
        return value === c.expect ? [] : [`${c.name}: Heat gives ${JSON.stringify(value)}`];
      });
      expect(differ).toEqual([]);
    },
    60_000,
  );
});

const VERDICT_CASES: readonly { name: string; template: string; valid: boolean }[] = [
  {
    name: 'a float in a string property is refused (Value must be a string; got 1.0)',
    template:
      'heat_template_version: 2021-04-16\nresources:\n  r:\n    type: OS::Heat::RandomString\n    properties: {salt: 1.0}\n',
    valid: false,
  },
  {
    name: 'an integer in a string property is taken',
    template:
      'heat_template_version: 2021-04-16\nresources:\n  r:\n    type: OS::Heat::RandomString\n    properties: {salt: 1}\n',
    valid: true,
  },
  {
    name: 'a float in an integer property is taken (int(8.0))',
    template:
      'heat_template_version: 2021-04-16\nresources:\n  r:\n    type: OS::Heat::RandomString\n    properties: {length: 8.0}\n',
    valid: true,
  },
  {
    name: 'a length bound written as a float is refused (min/max length must be integral)',
    template:
      'heat_template_version: 2021-04-16\nparameters:\n  p:\n    type: string\n    default: abc\n    constraints:\n      - length: {max: 10.0}\n',
    valid: false,
  },
  {
    name: 'a length bound written as a string holding a float is refused',
    template:
      "heat_template_version: 2021-04-16\nparameters:\n  p:\n    type: string\n    default: abc\n    constraints:\n      - length: {max: '10.0'}\n",
    valid: false,
  },
  {
    name: 'a range bound may be a float',
    template:
      'heat_template_version: 2021-04-16\nparameters:\n  p:\n    type: number\n    default: 3\n    constraints:\n      - range: {max: 10.0}\n',
    valid: true,
  },
  {
    name: 'a whole float is no condition (Invalid condition "1e+20"), as no number is',
    template: "heat_template_version: 2021-04-16\noutputs:\n  o: {value: {if: [1.0e+20, 'on', 'off']}}\n",
    valid: false,
  },
  {
    name: 'a CFN MaxLength written as a float is refused',
    template:
      "HeatTemplateFormatVersion: '2012-12-12'\nParameters:\n  P: {Type: String, Default: abc, MaxLength: 10.0}\n",
    valid: false,
  },
];

function heatstackAccepts(text: string): boolean {
  const parsed = parseTemplate(text);
  if (parsed.template === undefined || parsed.diagnostics.some((d) => d.severity === 'error')) return false;
  return !validateTemplate(parsed.template).some((d) => d.severity === 'error');
}

describe("Heat's verdict on floats where a type wants an integer or a string", () => {
  for (const c of VERDICT_CASES) test(c.name, () => expect(heatstackAccepts(c.template)).toBe(c.valid));

  test("a float length bound is one error, in Heat's words", () => {
    const { diagnostics } = parseTemplate(
      'heat_template_version: 2021-04-16\nparameters:\n  p: {type: string, constraints: [{length: {max: 10.0}}]}\n',
    );
    expect(diagnostics.filter((d) => d.severity === 'error').map((d) => d.message)).toEqual([
      'min/max length must be integral',
    ]);
  });

  testWithHeat(
    "Heat 19's verdicts are the same",
    () => {
      const verdicts = heatVerdicts(VERDICT_CASES.map((c) => c.template));
      const differ = VERDICT_CASES.flatMap((c, i) =>
        verdicts[i]?.valid === c.valid ? [] : [`${c.name}: Heat says ${JSON.stringify(verdicts[i])}`],
      );
      expect(differ).toEqual([]);
    },
    60_000,
  );
});

describe('written back as read: synth and convert keep each number', () => {
  const source = hot(
    "[1.0, 1.0e+20, -0.0, -0, 1.5, 0.00001, 123456789012345678901, 7, {f: 2.0}, '1.0']",
    'parameters:\n  n: {type: number, default: 5.0}\n',
  );
  const read = (text: string) => parseTemplate(text).template as Template;
  const original = read(source);

  for (const format of ['yaml', 'json'] as const) {
    for (const dialect of ['hot', 'cfn'] as const) {
      test(`${dialect} ${format}: the same values, the floats written with a dot`, () => {
        const text = emitTemplate(original, { dialect, format });
        expect(text).toMatch(format === 'yaml' ? /1\.0e\+20/ : /1e\+20/);
        expect(text).toContain('123456789012345678901');
        expect(text).toContain('-0.0');
        const back = read(text);
        const outputs = (t: Template) => Object.values(t.outputs)[0]?.value;
        expect(outputs(back)).toEqual(outputs(original));
        expect(Object.values(back.parameters)[0]?.default).toEqual(ExactNumber.float(5));
      });
    }
  }
});

describe('ExactNumber', () => {
  test('only where a number cannot stand for the Python value', () => {
    expect(ExactNumber.float(1.5)).toBe(1.5);
    expect(ExactNumber.float(-0)).toBe(-0);
    expect(ExactNumber.float(Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
    expect(ExactNumber.integer('9007199254740991')).toBe(9007199254740991);
    expect(ExactNumber.integer('-0')).toBe(0);
    expect(String(ExactNumber.float(3))).toBe('3.0');
    expect(String(ExactNumber.float(1e16))).toBe('1e+16');
    expect(String(ExactNumber.float(-1.5e300))).toBe('-1.5e+300');
    expect(String(ExactNumber.integer('9007199254740993'))).toBe('9007199254740993');
  });

  test('JSON (the deploy record, hashes) sees the number: Python has 1 == 1.0', () => {
    expect(JSON.stringify({ a: ExactNumber.float(1) })).toBe(JSON.stringify({ a: 1 }));
  });

  test('JSON text is read as json.loads reads it', () => {
    expect(parseJsonExactly('[1.0, 1e3, 1.5, 2, -0, -0.0, 12345678901234567890]')).toEqual([
      ExactNumber.float(1),
      ExactNumber.float(1000),
      1.5,
      2,
      0,
      -0,
      ExactNumber.integer('12345678901234567890'),
    ]);
    // A string that looks like the placeholders stays the string it is.
    expect(parseJsonExactly('{"a": "\\ue0000", "b": "\ue000", "c": 1.0}')).toEqual({
      a: '\ue0000',
      b: '\ue000',
      c: ExactNumber.float(1),
    });
  });
});
