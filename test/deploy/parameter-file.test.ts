import { describe, expect, test } from 'vitest';
import { parameterFileValues } from '../../src/deploy/parameter-file.js';
import { evaluate } from '../../src/template/evaluate/index.js';
import { resolveParameters } from '../../src/template/parameter-values.js';
import { parseTemplate } from '../../src/template/parse/index.js';
import { heatOutputs, testWithHeat } from '../support/heat.js';

/** Each kind of value an environment file may give, as PyYAML reads it. */
const ENVIRONMENT = `parameters:
  s: yes
  f: 5.0
  n: 5.0
  l: [1.0, true, x]
  j: {b: 1.0, a: [2, null]}
  z: null
`;

/** Every parameter written into one string, so that Heat's value and heatstack's compare as text. */
const TEMPLATE = `heat_template_version: 2018-08-31
parameters:
  s: {type: string}
  f: {type: string}
  n: {type: number}
  l: {type: comma_delimited_list}
  j: {type: json}
  z: {type: string, default: the default}
outputs:
  o:
    value:
      list_join:
        - ' | '
        - - {get_param: s}
          - {get_param: f}
          - {str_replace: {template: n=N, params: {N: {get_param: n}}}}
          - {list_join: [',', {get_param: l}]}
          - {str_replace: {template: J, params: {J: {get_param: j}}}}
          - {get_param: z}
`;

function heatstackOutput(environment: string): unknown {
  const { template } = parseTemplate(TEMPLATE);
  if (template === undefined) throw new Error('the test template does not parse');
  const given = parameterFileValues(environment, 'env.yaml');
  const parameters = resolveParameters(template, given, { stackName: 's', stackId: 'id' });
  return evaluate(template.outputs.o!.value, { template, parameters, resourceId: (n) => n, attribute: () => null });
}

describe('a --parameter-file, read as Heat reads an environment file', () => {
  test('a scalar is given as Python prints it, a list item by item, a map as JSON, a null not at all', () => {
    expect(parameterFileValues(ENVIRONMENT, 'env.yaml')).toEqual({
      s: 'True',
      f: '5.0',
      n: '5.0',
      l: '1.0,True,x',
      j: '{"b":1.0,"a":[2,null]}',
    });
  });

  test('what the stack makes of them', () => {
    expect(heatstackOutput(ENVIRONMENT)).toBe(
      'True | 5.0 | n=5.0 | 1.0,True,x | {"a": [2, null], "b": 1.0} | the default',
    );
  });

  testWithHeat(
    'is what Heat 19 makes of the same environment file',
    () => {
      const [heat] = heatOutputs([{ template: TEMPLATE, environment: ENVIRONMENT }]);
      const value = heat !== undefined && 'outputs' in heat ? heat.outputs.o?.value : heat;
      expect(value).toBe(heatstackOutput(ENVIRONMENT));
    },
    60_000,
  );

  test('a file that is not a map, or not YAML, is refused naming it', () => {
    expect(() => parameterFileValues('[a, b]\n', 'env.yaml')).toThrow(/the parameter file env.yaml must hold a map/);
    expect(() => parameterFileValues('a: [\n', 'env.yaml')).toThrow(/cannot read the parameter file env.yaml/);
  });

  test('a parameter named __proto__ is a value like any other', () => {
    const values = parameterFileValues('__proto__: x\n', 'env.yaml');
    expect(Object.keys(values)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(values)).toBe(Object.prototype);
  });
});
