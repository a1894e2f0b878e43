import { describe, expect, test } from 'vitest';
import { emptyTemplate, type ParameterDef, type Template } from '../../src/template/model.js';
import {
  ParameterError,
  parseParameterValue,
  redactHiddenParameters,
  resolveParameters,
} from '../../src/template/parameter-values.js';

const PSEUDO = { stackName: 'blog', stackId: 'abc-123' };

function withParameters(dialect: 'cfn' | 'hot', parameters: Record<string, ParameterDef>): Template {
  return { ...emptyTemplate(dialect), parameters };
}

const param = (type: ParameterDef['type'], extra: Partial<ParameterDef> = {}): ParameterDef => ({
  type,
  constraints: [],
  ...extra,
});

describe('resolveParameters', () => {
  test('given strings become typed values; defaults fill the rest; HOT pseudo parameters are added', () => {
    const t = withParameters('hot', {
      port: param('number'),
      names: param('comma_delimited_list'),
      cfg: param('json'),
      debug: param('boolean', { default: 'false' }),
      image: param('string', { default: 'busybox' }),
    });
    const values = resolveParameters(t, { port: '8080', names: 'a,b, c', cfg: '{"x": [1]}' }, PSEUDO);
    expect(values).toEqual({
      port: 8080,
      names: ['a', 'b', ' c'],
      cfg: { x: [1] },
      debug: false,
      image: 'busybox',
      'OS::stack_id': 'abc-123',
      'OS::stack_name': 'blog',
      'OS::project_id': 'heatstack',
    });
  });

  test('CFN stacks get the AWS pseudo parameters', () => {
    const values = resolveParameters(withParameters('cfn', {}), {}, PSEUDO);
    expect(values).toEqual({
      'AWS::StackId': 'arn:openstack:heat::heatstack:stacks/blog/abc-123',
      'AWS::StackName': 'blog',
      'AWS::Region': 'ap-southeast-1',
    });
  });

  test('every problem is reported at once, each with its template path', () => {
    const t = withParameters('cfn', {
      DbPassword: param('string', {
        hidden: true,
        constraints: [
          { kind: 'allowed_pattern', pattern: '[a-zA-Z0-9]+' },
          { kind: 'length', min: 8 },
        ],
      }),
      Port: param('number', { constraints: [{ kind: 'range', min: 1, max: 65535 }] }),
      Size: param('string', {
        constraints: [{ kind: 'allowed_values', values: ['s', 'm'], description: 'Pick s or m.' }],
      }),
      Required: param('string'),
    });
    let error: unknown;
    try {
      resolveParameters(t, { DbPassword: 'sh!', Port: '0', Size: 'xl', Extra: '1' }, PSEUDO);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ParameterError);
    expect((error as ParameterError).problems).toEqual([
      { path: 'Parameters.Extra', message: 'The Parameter (Extra) was not defined in template.' },
      { path: 'Parameters.DbPassword', message: '"******" does not match pattern "[a-zA-Z0-9]+"' },
      { path: 'Parameters.DbPassword', message: 'length (3) is out of range (min: 8, max: None)' },
      { path: 'Parameters.Port', message: '0 is out of range (min: 1, max: 65535)' },
      { path: 'Parameters.Size', message: 'Pick s or m.' },
      { path: 'Parameters.Required', message: 'The Parameter (Required) was not provided.' },
    ]);
  });

  test('a value of the wrong type is reported', () => {
    const t = withParameters('hot', { n: param('number'), b: param('boolean'), j: param('json') });
    expect(() => resolveParameters(t, { n: 'ten', b: 'maybe', j: '{' }, PSEUDO)).toThrow(
      /parameters.n: Value "ten" is invalid for data type "number".\n {2}parameters.b: Unrecognized value 'maybe'.*\n {2}parameters.j: Value must be valid JSON/,
    );
  });

  test('allowed values apply to each item of a list, and compare numbers as numbers', () => {
    const t = withParameters('hot', {
      zones: param('comma_delimited_list', { constraints: [{ kind: 'allowed_values', values: ['a', 'b'] }] }),
      n: param('number', { constraints: [{ kind: 'allowed_values', values: [1, 2] }] }),
    });
    expect(resolveParameters(t, { zones: 'a,b', n: '2.0' }, PSEUDO).zones).toEqual(['a', 'b']);
    expect(() => resolveParameters(t, { zones: 'a,c', n: '1' }, PSEUDO)).toThrow(
      '["a", "c"] is not an allowed value ["a", "b"]',
    );
  });

  test('modulo constraints work as Python’s %', () => {
    const t = withParameters('hot', { n: param('number', { constraints: [{ kind: 'modulo', step: 2, offset: 1 }] }) });
    expect(resolveParameters(t, { n: '7' }, PSEUDO).n).toBe(7);
    expect(() => resolveParameters(t, { n: '4' }, PSEUDO)).toThrow('4 is not a multiple of 2 with an offset of 1');
  });
});

describe('parseParameterValue', () => {
  test('booleans accept oslo’s spellings', () => {
    for (const s of ['1', 't', 'True', 'on', 'y', 'YES'])
      expect(parseParameterValue('boolean', s)).toEqual({ value: true });
    for (const s of ['0', 'f', 'false', 'off', 'n', 'No'])
      expect(parseParameterValue('boolean', s)).toEqual({ value: false });
  });

  test('an empty comma-delimited list is an empty list; a list default is kept item by item as strings', () => {
    expect(parseParameterValue('comma_delimited_list', '')).toEqual({ value: [] });
    expect(parseParameterValue('comma_delimited_list', [1, 'a'])).toEqual({ value: ['1', 'a'] });
  });

  test('json defaults that are already maps are kept', () => {
    expect(parseParameterValue('json', { a: 1 })).toEqual({ value: { a: 1 } });
  });
});

describe('redactHiddenParameters', () => {
  test('hidden parameters print as stars', () => {
    const t = withParameters('cfn', { Password: param('string', { hidden: true }), Name: param('string') });
    expect(redactHiddenParameters(t, { Password: 'secret', Name: 'blog', 'AWS::StackName': 's' })).toEqual({
      Password: '******',
      Name: 'blog',
      'AWS::StackName': 's',
    });
  });
});
