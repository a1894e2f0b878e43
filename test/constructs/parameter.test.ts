import { App, DockerContainer, Output, Parameter, Stack } from 'heatstack';
import { call } from 'heatstack/template';
import { Template, Testing } from 'heatstack/testing';
import { describe, expect, test } from 'vitest';

describe('Parameter', () => {
  test('type, default, description, label, hidden and every constraint reach the model', () => {
    // GIVEN
    const app = new App();
    const stack = new Stack(app, 'S');
    // WHEN
    new Parameter(stack, 'Password', {
      description: 'Root password',
      label: 'Password',
      hidden: true,
      minLength: 8,
      maxLength: 64,
      allowedPattern: '[a-zA-Z0-9]+',
      constraintDescription: 'letters and digits',
    });
    new Parameter(stack, 'Port', { type: 'number', default: 8080, minValue: 1024, maxValue: 65535 });
    new Parameter(stack, 'Mode', { default: 'fast', allowedValues: ['fast', 'safe'] });
    // THEN
    const { parameters } = app.synth()[0]!.template;
    expect(parameters.Password).toEqual({
      type: 'string',
      description: 'Root password',
      label: 'Password',
      hidden: true,
      constraints: [
        { kind: 'allowed_pattern', pattern: '[a-zA-Z0-9]+', description: 'letters and digits' },
        { kind: 'length', min: 8, max: 64, description: 'letters and digits' },
      ],
    });
    expect(parameters.Port).toEqual({
      type: 'number',
      default: 8080,
      constraints: [{ kind: 'range', min: 1024, max: 65535 }],
    });
    expect(parameters.Mode!.constraints).toEqual([{ kind: 'allowed_values', values: ['fast', 'safe'] }]);
  });

  test('a constraintDescription without a constraint is kept for CFN (HOT has no place for it)', () => {
    const stack = Testing.stack();
    new Parameter(stack, 'Name', { constraintDescription: 'letters and digits' });
    Template.fromStack(stack).hasParameter('Name', { Type: 'String', ConstraintDescription: 'letters and digits' });
  });

  test('in each dialect’s spelling: NoEcho and Min/MaxLength in cfn, hidden and constraints in hot', () => {
    const stack = Testing.stack();
    new Parameter(stack, 'Password', { hidden: true, minLength: 8 });
    Template.fromStack(stack).hasParameter('Password', { Type: 'String', NoEcho: 'true', MinLength: 8 });
    Template.fromStack(stack, { dialect: 'hot' }).hasParameter('Password', {
      type: 'string',
      hidden: true,
      constraints: [{ length: { min: 8 } }],
    });
  });

  test('a parameter value is get_param (cfn Ref) wherever it is used', () => {
    const stack = Testing.stack();
    const tag = new Parameter(stack, 'Tag', { default: 'latest' });
    new DockerContainer(stack, 'Web', { image: `nginx:${tag.valueAsString}` });
    new Output(stack, 'TagValue', { value: tag.value });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('OS::Heat::Docker', { Image: { 'Fn::Join': ['', ['nginx:', { Ref: 'Tag' }]] } });
    t.hasOutput('TagValue', { Value: { Ref: 'Tag' } });
  });

  test('a default that breaks the parameter’s own constraints is a synth error', () => {
    const app = new App();
    const stack = new Stack(app, 'S');
    new Parameter(stack, 'Mode', { default: 'slow', allowedValues: ['fast', 'safe'] });
    new Parameter(stack, 'Port', { type: 'number', default: 80, minValue: 1024 });
    new Parameter(stack, 'Name', { default: 'x', minLength: 2, allowedPattern: '[a-z]+' });
    expect(() => app.synth()).toThrow(
      /3 problems:\n {2}S\/Mode \(created at .*\): the default 'slow' is not one of the allowed values fast, safe\n {2}S\/Port .*: the default 80 is outside 1024\.\.\n {2}S\/Name .*: the default's length 1 is outside 2\.\./,
    );
  });

  test('an unknown type is reported with the types there are', () => {
    const app = new App();
    new Parameter(new Stack(app, 'S'), 'P', { type: 'String' as 'string' });
    expect(() => app.synth()).toThrow(
      /S\/P .*: the type 'String' is not one of string, number, comma_delimited_list, json, boolean/,
    );
  });

  test('a parameter cannot refer to a resource', () => {
    const app = new App();
    const stack = new Stack(app, 'S');
    const db = new DockerContainer(stack, 'Db', { image: 'x' });
    new Parameter(stack, 'Ip', { default: db.networkIp });
    expect(() => app.synth()).toThrow(/S\/Ip .*a parameter cannot refer to S\/Db \(network_ip\)/);
  });

  test('a parameter of another stack is refused', () => {
    const app = new App();
    const tag = new Parameter(new Stack(app, 'One'), 'Tag');
    new DockerContainer(new Stack(app, 'Two'), 'Web', { image: tag.valueAsString });
    expect(() => app.synth()).toThrow(/Two\/Web: refers to One\/Tag \(its value\), which is in another stack \(One\)/);
  });
});

describe('Output', () => {
  test('an output holds a value of any shape, with a description', () => {
    const app = new App();
    const stack = new Stack(app, 'S', { description: 'outputs' });
    const db = new DockerContainer(stack, 'Db', { image: 'x' });
    new Output(stack, 'Info', {
      value: { ip: db.networkIp, ports: [db.networkTcpPorts], info: db.info },
      description: 'All',
    });
    const t = app.synth({ dialect: 'hot' })[0]!.template;
    expect(t.description).toBe('outputs');
    expect(t.outputs.Info).toEqual({
      value: {
        ip: call('get_attr', 'Db', 'network_ip'),
        ports: [call('get_attr', 'Db', 'network_tcp_ports')],
        info: call('get_attr', 'Db', 'info'),
      },
      description: 'All',
    });
  });

  test('a stack name must be one Heat accepts', () => {
    expect(() => new Stack(new App(), '1st stack')).toThrow(/Stack '1st stack': a stack name starts with a letter/);
  });
});
