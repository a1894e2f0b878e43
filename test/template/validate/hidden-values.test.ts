import { describe, expect, test } from 'vitest';
import { HeatstackError } from '../../../src/errors.js';
import { conditionHolds, evaluate } from '../../../src/template/evaluate/index.js';
import { call } from '../../../src/template/model.js';
import { resolveParameters } from '../../../src/template/parameter-values.js';
import { parseTemplate } from '../../../src/template/parse/index.js';
import { validateTemplate } from '../../../src/template/validate/index.js';

/** A hidden parameter's value must never appear in any message, however a function carried it there. */

const SECRET = 'TopSecretVal';

function template(properties: string, parameterType = 'string', extraParameter = '') {
  const text = [
    'heat_template_version: 2021-04-16',
    'parameters:',
    '  pw:',
    `    type: ${parameterType}`,
    '    hidden: true',
    extraParameter,
    'resources:',
    '  box:',
    '    type: DockerInc::Docker::Container',
    '    properties:',
    properties,
  ]
    .filter((l) => l !== '')
    .join('\n');
  const parsed = parseTemplate(text);
  if (parsed.template === undefined) throw new Error(JSON.stringify(parsed.diagnostics));
  return parsed.template;
}

const CASES: Record<string, string> = {
  'an integer property given the value': '      memory: {get_param: pw}',
  'a list property given the value': '      cmd: {get_param: pw}',
  'a join carrying the value into an integer property': '      memory: {list_join: ["-", ["x", {get_param: pw}]]}',
  'a replace carrying the value into a boolean property':
    '      privileged: {str_replace: {template: "a PW b", params: {PW: {get_param: pw}}}}',
  'a split of the value, out of range': '      name: {str_split: [",", {get_param: pw}, 7]}',
  'the value as a map key where a list is needed': '      env: {get_param: pw}',
};

describe('hidden parameter values in validation messages', () => {
  for (const [name, properties] of Object.entries(CASES)) {
    test(`${name}: every message shows ****** instead of the value`, () => {
      // GIVEN a property whose resolved value comes from a hidden parameter
      const t = template(properties);
      // WHEN it is validated with the secret given
      const diagnostics = validateTemplate(t, { parameters: { pw: SECRET } });
      // THEN there is a problem, and no message holds the secret (or any part the functions cut from it)
      expect(diagnostics.length).toBeGreaterThan(0);
      for (const d of diagnostics) expect(d.message).not.toContain(SECRET);
    });
  }

  test('the problem is still reported, with the value masked', () => {
    const diagnostics = validateTemplate(template(CASES['an integer property given the value'] as string), {
      parameters: { pw: SECRET },
    });
    expect(diagnostics.map((d) => d.message)).toContainEqual(expect.stringContaining("Value '******'"));
  });

  test('a hidden default is masked the same way', () => {
    const t = template('      memory: {get_param: pw}', 'string', `    default: ${SECRET}`);
    const diagnostics = validateTemplate(t, {});
    expect(diagnostics.length).toBeGreaterThan(0);
    for (const d of diagnostics) expect(d.message).not.toContain(SECRET);
  });

  test('a hidden comma_delimited_list: none of its items shows', () => {
    const t = template('      memory: {get_param: [pw, 1]}', 'comma_delimited_list');
    const diagnostics = validateTemplate(t, { parameters: { pw: `alpha,${SECRET}` } });
    expect(diagnostics.length).toBeGreaterThan(0);
    for (const d of diagnostics) expect(d.message).not.toContain(SECRET);
  });
});

describe('hidden parameter values in evaluation errors', () => {
  const ctx = (t: ReturnType<typeof template>) => ({
    template: t,
    parameters: { pw: SECRET },
    resourceId: () => 'id',
    attribute: () => null,
  });

  test('a failing function over the value names it ******', () => {
    const t = template('      name: {str_split: [",", {get_param: pw}, 7]}');
    const expr = t.resources.box?.properties.name ?? null;
    let message = '';
    try {
      evaluate(expr, ctx(t));
    } catch (e) {
      expect(e).toBeInstanceOf(HeatstackError);
      message = (e as Error).message;
    }
    expect(message).not.toBe('');
    expect(message).not.toContain(SECRET);
  });

  test('a condition naming the value as a condition names it ******', () => {
    // GIVEN `not` of the hidden value: Heat reads a string as a condition's name, and there is none so named
    const t = template('      name: x');
    const condition = call('not', call('get_param', 'pw'));
    // WHEN / THEN the error says so without the name
    expect(() => conditionHolds(t, condition, { pw: SECRET })).toThrow('Invalid condition "******"');
  });
});

describe('hidden parameter values in resolveParameters', () => {
  test('a value that breaks its type or constraints is named ******', () => {
    const t = template('      name: x', 'number', `    constraints: [{range: {min: 1}}]`);
    let message = '';
    try {
      resolveParameters(t, { pw: SECRET }, { stackName: 's', stackId: 'i' });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).not.toBe('');
    expect(message).not.toContain(SECRET);
  });

  test('a list value breaking a length constraint is named ****** item by item', () => {
    const t = template('      name: x', 'comma_delimited_list', `    constraints: [{length: {max: 1}}]`);
    let message = '';
    try {
      resolveParameters(t, { pw: `a,${SECRET}` }, { stackName: 's', stackId: 'i' });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).not.toBe('');
    expect(message).not.toContain(SECRET);
  });
});

describe('hidden values too short to be secrets (under 4 characters) do not garble messages', () => {
  const short = (constraints: string, type = 'string') =>
    template('      name: x', type, `    default: a\n    constraints: [${constraints}]`);

  test('a default `a` that breaks a constraint: the message reads, and names the value ******', () => {
    const messages = validateTemplate(short('{length: {min: 5}}')).map((d) => d.message);
    expect(messages).toContain('Invalid default ****** (length (1) is out of range (min: 5, max: None))');
    expect(messages.join('\n')).not.toContain('******l');
  });

  test('a given value quoted by its constraint or its type is ******, the rest of the message intact', () => {
    const pattern = validateTemplate(short('{allowed_pattern: "[0-9]+"}'), { parameters: { pw: 'e' } });
    expect(pattern.map((d) => d.message)).toContain('Value given for pw: "******" does not match pattern "[0-9]+"');
    const number = validateTemplate(short('{range: {min: 5}}', 'number'), { parameters: { pw: 'ab' } });
    expect(number.map((d) => d.message)).toContain(
      'Value given for pw: Value "******" is invalid for data type "number".',
    );
  });
});
