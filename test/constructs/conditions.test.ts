import { Condition, DockerContainer, Fn, Mapping, Output, Parameter, Pseudo } from 'heatstack';
import { HeatRandomString } from 'heatstack/openstack/heat';
import { Template, Testing } from 'heatstack/testing';
import { describe, expect, test } from 'vitest';
import { parseTemplate } from '../../src/template/parse/index.js';
import { validateTemplate } from '../../src/template/validate/index.js';
import { heatVerdicts, testWithHeat } from '../support/heat.js';

/** Conditions, mappings and pseudo parameters in the SDK, written in both dialects and valid to heatstack. */

function conditionalStack() {
  const stack = Testing.stack('Cond');
  const env = new Parameter(stack, 'Env', { default: 'dev', allowedValues: ['dev', 'prod'] });
  const isProd = new Condition(stack, 'IsProd', { expression: Fn.conditionEquals(env.valueAsString, 'prod') });
  const notProd = new Condition(stack, 'NotProd', { expression: Fn.conditionNot(isProd) });
  new Condition(stack, 'Either', { expression: Fn.conditionOr(isProd, notProd) });
  const cache = new DockerContainer(stack, 'Cache', { image: 'redis' }, { condition: isProd });
  new DockerContainer(stack, 'Web', {
    image: Fn.conditionIf(isProd, 'nginx:stable', 'nginx:latest'),
    env: [`STACK=${Pseudo.stackName}`],
  });
  new Output(stack, 'CacheIp', { value: cache.networkIp, condition: isProd });
  return stack;
}

/** The text of a template as the CLI writes it, read back and validated: no error. */
function expectValid(text: string): void {
  const parsed = parseTemplate(text);
  expect(parsed.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  expect(validateTemplate(parsed.template!).filter((d) => d.severity === 'error')).toEqual([]);
}

describe('conditions', () => {
  test('cfn: a template with conditions is an AWSTemplateFormatVersion one, with Fn::Equals, Fn::Not, Fn::If', () => {
    const json = Template.fromStack(conditionalStack()).toJSON() as Record<string, Record<string, unknown>>;
    expect(json.AWSTemplateFormatVersion).toBe('2010-09-09');
    expect(json.Conditions).toEqual({
      IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] },
      // Heat reads a condition's name where a condition goes.
      NotProd: { 'Fn::Not': ['IsProd'] },
      Either: { 'Fn::Or': ['IsProd', 'NotProd'] },
    });
    expect(json.Resources!.Cache).toMatchObject({ Condition: 'IsProd' });
    expect(json.Resources!.Web).toMatchObject({
      Properties: { Image: { 'Fn::If': ['IsProd', 'nginx:stable', 'nginx:latest'] } },
    });
    expect(json.Outputs!.CacheIp).toMatchObject({ Condition: 'IsProd' });
  });

  test('hot: conditions, if and a pseudo parameter in HOT spellings, in a version that has them', () => {
    const t = Template.fromStack(conditionalStack(), { dialect: 'hot' });
    const json = t.toJSON() as Record<string, Record<string, unknown>>;
    expect(String(json.heat_template_version) >= '2016-10-14').toBe(true);
    expect(json.conditions!.IsProd).toEqual({ equals: [{ get_param: 'Env' }, 'prod'] });
    t.hasResourceProperties('DockerInc::Docker::Container', {
      image: { if: ['IsProd', 'nginx:stable', 'nginx:latest'] },
      env: [{ list_join: ['', ['STACK=', { get_param: 'OS::stack_name' }]] }],
    });
  });

  test('both dialects read back and validate without error, and snapshot', () => {
    for (const dialect of ['cfn', 'hot'] as const) {
      const text = Testing.synth(conditionalStack(), { dialect });
      expectValid(text);
      expect(text).toMatchSnapshot();
    }
  });

  test('a condition cannot refer to a resource, nor be its own part', () => {
    const stack = Testing.stack('Bad');
    const db = new DockerContainer(stack, 'Db', { image: 'x' });
    new Condition(stack, 'OnIp', { expression: Fn.conditionEquals(db.networkIp, '') });
    expect(() => Testing.synth(stack)).toThrow(/Bad\/OnIp.*a condition is decided from parameters only/);
  });

  test('the generated types take a condition too', () => {
    const stack = Testing.stack('Gen');
    const flag = new Parameter(stack, 'Flag', { type: 'boolean', default: false });
    const on = new Condition(stack, 'On', { expression: Fn.conditionEquals(flag.valueAsString, 'true') });
    new HeatRandomString(stack, 'Pw', {}, { condition: on, deletionPolicy: 'Retain' });
    Template.fromStack(stack, { dialect: 'hot' }).hasResource('OS::Heat::RandomString', {
      condition: 'On',
      deletion_policy: 'Retain',
    });
  });
});

describe('a condition written in place', () => {
  /** An output and a resource whose `condition` is an expression or a boolean, not a named `Condition`. */
  function inlineStack() {
    const stack = Testing.stack('Inline');
    const env = new Parameter(stack, 'Env', { default: 'dev' });
    const isProd = new Condition(stack, 'IsProd', { expression: Fn.conditionEquals(env.valueAsString, 'prod') });
    new HeatRandomString(stack, 'Pw', {}, { condition: Fn.conditionNot(isProd) });
    new HeatRandomString(stack, 'Never', {}, { condition: false });
    new Output(stack, 'Dev', { value: 'dev', condition: Fn.conditionNot(isProd) });
    new Output(stack, 'Qa', { value: 'qa', condition: Fn.conditionEquals(env.valueAsString, 'qa') });
    new Output(stack, 'Always', { value: 'yes', condition: true });
    return stack;
  }

  test('cfn: the condition key holds the expression, a named condition inside it by its name', () => {
    const json = Template.fromStack(inlineStack()).toJSON() as Record<string, Record<string, unknown>>;
    expect(json.AWSTemplateFormatVersion).toBe('2010-09-09');
    expect(json.Resources!.Pw).toMatchObject({ Condition: { 'Fn::Not': ['IsProd'] } });
    expect(json.Resources!.Never).toMatchObject({ Condition: false });
    expect(json.Outputs).toEqual({
      Dev: { Value: 'dev', Condition: { 'Fn::Not': ['IsProd'] } },
      Qa: { Value: 'qa', Condition: { 'Fn::Equals': [{ Ref: 'Env' }, 'qa'] } },
      Always: { Value: 'yes', Condition: true },
    });
  });

  test('hot: the same, in a version that has conditions, even with no named one', () => {
    const stack = Testing.stack('OnlyInline');
    const env = new Parameter(stack, 'env', { default: 'dev' });
    new Output(stack, 'qa', { value: 'qa', condition: Fn.conditionEquals(env.valueAsString, 'qa') });
    const json = Template.fromStack(stack, { dialect: 'hot' }).toJSON() as Record<string, Record<string, unknown>>;
    expect(String(json.heat_template_version) >= '2016-10-14').toBe(true);
    expect(json.outputs!.qa).toEqual({ value: 'qa', condition: { equals: [{ get_param: 'env' }, 'qa'] } });
    for (const dialect of ['cfn', 'hot'] as const) expectValid(Testing.synth(inlineStack(), { dialect }));
  });

  test('like a named one, it is decided from parameters only: a resource in it is a synth error naming the output', () => {
    const stack = Testing.stack('BadInline');
    const db = new DockerContainer(stack, 'Db', { image: 'x' });
    new Output(stack, 'Ip', { value: db.networkIp, condition: Fn.conditionEquals(db.networkIp, '') });
    expect(() => Testing.synth(stack)).toThrow(/BadInline\/Ip.*a condition is decided from parameters only/);
  });

  testWithHeat('Heat 19 accepts them in both dialects', () => {
    const texts = (['cfn', 'hot'] as const).map((dialect) => Testing.synth(inlineStack(), { dialect }));
    expect(heatVerdicts(texts)).toEqual([{ valid: true }, { valid: true }]);
  });
});

describe('mappings', () => {
  function mappingStack(key: (size: Parameter) => string) {
    const stack = Testing.stack('Map');
    const size = new Parameter(stack, 'Size', { default: 'small', allowedValues: ['small', 'large'] });
    const memory = new Mapping(stack, 'Memory', {
      mapping: { small: { bytes: '268435456' }, large: { bytes: '1073741824' } },
    });
    new DockerContainer(stack, 'Db', { image: 'mysql', env: [`MEMORY=${memory.findInMap(key(size), 'bytes')}`] });
    return stack;
  }

  test('cfn writes Mappings and Fn::FindInMap, with parameter keys too', () => {
    const json = Template.fromStack(mappingStack((s) => s.valueAsString)).toJSON() as Record<string, unknown>;
    expect(json.Mappings).toEqual({ Memory: { small: { bytes: '268435456' }, large: { bytes: '1073741824' } } });
    Template.fromStack(mappingStack((s) => s.valueAsString)).hasResourceProperties('OS::Heat::Docker', {
      Env: [{ 'Fn::Join': ['', ['MEMORY=', { 'Fn::FindInMap': ['Memory', { Ref: 'Size' }, 'bytes'] }]] }],
    });
    expectValid(Testing.synth(mappingStack((s) => s.valueAsString)));
  });

  test('hot has no mappings: a lookup with literal keys is its value', () => {
    const t = Template.fromStack(
      mappingStack(() => 'large'),
      { dialect: 'hot' },
    );
    expect((t.toJSON() as Record<string, unknown>).mappings).toBeUndefined();
    t.hasResourceProperties('DockerInc::Docker::Container', { env: ['MEMORY=1073741824'] });
  });

  test('hot: a lookup by a parameter is a synth error naming the construct; a missing key is one in both', () => {
    expect(() =>
      Testing.synth(
        mappingStack((s) => s.valueAsString),
        { dialect: 'hot' },
      ),
    ).toThrow(/Map\/Db.*Map\/Memory\.findInMap with a key known only at deploy time cannot be written in HOT/);
    expect(() => Testing.synth(mappingStack(() => 'huge'))).toThrow(/Map\/Memory has no value at huge\.bytes/);
  });
});

describe('pseudo parameters', () => {
  test('are written in each dialect’s spelling', () => {
    const stack = Testing.stack('Pseudo');
    new Output(stack, 'Name', { value: Pseudo.stackName });
    new Output(stack, 'Id', { value: Pseudo.stackId });
    Template.fromStack(stack).hasOutput('Name', { Value: { Ref: 'AWS::StackName' } });
    Template.fromStack(stack).hasOutput('Id', { Value: { Ref: 'AWS::StackId' } });
    Template.fromStack(stack, { dialect: 'hot' }).hasOutput('Name', { value: { get_param: 'OS::stack_name' } });
  });

  test('the project id has no CFN spelling: a synth error in cfn, fine in hot', () => {
    const stack = Testing.stack('Project');
    new Output(stack, 'Project', { value: Pseudo.projectId });
    expect(Testing.synth(stack, { dialect: 'hot' })).toContain('get_param: OS::project_id');
    expect(() => Testing.synth(stack)).toThrow(/OS::project_id has no CFN equivalent/);
  });
});

describe('in a real Heat', () => {
  testWithHeat('Heat 19 accepts conditions, mappings and pseudo parameters as written', () => {
    const app = (dialect: 'cfn' | 'hot') => {
      const stack = Testing.stack('Heat');
      const env = new Parameter(stack, 'Env', { default: 'dev', allowedValues: ['dev', 'prod'] });
      const isProd = new Condition(stack, 'IsProd', { expression: Fn.conditionEquals(env.valueAsString, 'prod') });
      new Condition(stack, 'Either', { expression: Fn.conditionOr(isProd, Fn.conditionNot(isProd)) });
      const lengths = new Mapping(stack, 'Lengths', { mapping: { dev: { length: '8' }, prod: { length: '32' } } });
      const key = dialect === 'cfn' ? env.valueAsString : 'prod';
      new HeatRandomString(stack, 'Pw', {
        length: Fn.conditionIf(isProd, 32, 16) as never,
        salt: lengths.findInMap(key, 'length'),
      });
      new HeatRandomString(stack, 'Extra', { salt: Pseudo.stackName }, { condition: isProd });
      return Testing.synth(stack, { dialect });
    };
    expect(heatVerdicts([app('cfn'), app('hot')])).toEqual([{ valid: true }, { valid: true }]);
  });
});
