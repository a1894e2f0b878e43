import { DockerContainer, HeatResource, Output, Parameter } from 'heatstack';
import { Template, Testing } from 'heatstack/testing';
import { describe, expect, test } from 'vitest';

/** HeatResource: a resource of any Heat type, its resource keys, and the escape hatches (overrides). */

function randomStack() {
  const stack = Testing.stack('Gen');
  const secret = new HeatResource(stack, 'Secret', {
    type: 'OS::Heat::RandomString',
    properties: { length: 24, character_classes: [{ class: 'digits', min: 4 }] },
    deletionPolicy: 'Retain',
    metadata: { purpose: 'the database password' },
  });
  return { stack, secret };
}

describe('a resource of any Heat type', () => {
  test('is written with its type, properties as given, and its resource keys, in both dialects', () => {
    const { stack } = randomStack();
    Template.fromStack(stack).hasResource('OS::Heat::RandomString', {
      Properties: { length: 24, character_classes: [{ class: 'digits', min: 4 }] },
      DeletionPolicy: 'Retain',
      Metadata: { purpose: 'the database password' },
    });
    Template.fromStack(stack, { dialect: 'hot' }).hasResource('OS::Heat::RandomString', {
      properties: { length: 24 },
      deletion_policy: 'Retain',
      metadata: { purpose: 'the database password' },
    });
  });

  test("a token in an attribute's path is written as its function, in both dialects", () => {
    const stack = Testing.stack('Net');
    const network = new Parameter(stack, 'Network', { default: 'private' });
    const server = new HeatResource(stack, 'Server', { type: 'OS::Nova::Server', properties: { flavor: 'm1' } });
    new Output(stack, 'Port', { value: server.getAtt('addresses', network.valueAsString, 0, 'port') });
    Template.fromStack(stack, { dialect: 'hot' }).hasOutput('Port', {
      value: { get_attr: ['Server', 'addresses', { get_param: 'Network' }, 0, 'port'] },
    });
    const addresses = { 'Fn::GetAtt': ['Server', 'addresses'] };
    Template.fromStack(stack).hasOutput('Port', {
      Value: { 'Fn::Select': ['port', { 'Fn::Select': [0, { 'Fn::Select': [{ Ref: 'Network' }, addresses] }] }] },
    });
  });

  test('its attributes are tokens: a string, a path into one, a list, any value; its id is ref', () => {
    const { stack, secret } = randomStack();
    const server = new HeatResource(stack, 'Server', {
      type: 'OS::Nova::Server',
      properties: { flavor: 'm1', image: 'cirros' },
    });
    new DockerContainer(stack, 'Db', { image: 'mysql', env: [`PASSWORD=${secret.getAtt('value')}`] });
    new Output(stack, 'Ip', { value: server.getAtt('addresses', 'private', 0, 'addr') });
    new Output(stack, 'Networks', { value: server.getAttList('networks') });
    new Output(stack, 'Show', { value: server.getAttValue('show') });
    new Output(stack, 'Id', { value: secret.ref });
    const t = Template.fromStack(stack, { dialect: 'hot' });
    t.hasResourceProperties('DockerInc::Docker::Container', {
      env: [{ list_join: ['', ['PASSWORD=', { get_attr: ['Secret', 'value'] }]] }],
    });
    t.hasOutput('Ip', { value: { get_attr: ['Server', 'addresses', 'private', 0, 'addr'] } });
    t.hasOutput('Networks', { value: { get_attr: ['Server', 'networks'] } });
    t.hasOutput('Show', { value: { get_attr: ['Server', 'show'] } });
    t.hasOutput('Id', { value: { get_resource: 'Secret' } });
  });

  test('tokens in its properties are resolved, and make it depend on what they name', () => {
    const stack = Testing.stack();
    const length = new Parameter(stack, 'Length', { type: 'number', default: 16 });
    const salt = new HeatResource(stack, 'Salt', { type: 'OS::Heat::RandomString' });
    new HeatResource(stack, 'Pw', {
      type: 'OS::Heat::RandomString',
      properties: { length: length.valueAsNumber, salt: salt.getAtt('value') },
    });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('OS::Heat::RandomString', {
      length: { Ref: 'Length' },
      salt: { 'Fn::GetAtt': ['Salt', 'value'] },
    });
    expect(Testing.synth(stack)).toContain('Salt:\n    Type: OS::Heat::RandomString\n');
  });
});

describe('escape hatches', () => {
  test('addPropertyOverride sets a nested property, creating maps and indexing lists', () => {
    const { stack, secret } = randomStack();
    secret.addPropertyOverride('character_classes.0.min', 8);
    secret.addPropertyOverride('sequence', 'lettersdigits');
    secret.addOverride('Metadata.extra.deep.key', 'x');
    Template.fromStack(stack).hasResourceProperties('OS::Heat::RandomString', {
      character_classes: [{ class: 'digits', min: 8 }],
      sequence: 'lettersdigits',
    });
    Template.fromStack(stack).hasResource('OS::Heat::RandomString', { Metadata: { extra: { deep: { key: 'x' } } } });
  });

  test('addOverride takes either dialect’s keys; addDeletionOverride removes; later overrides win', () => {
    const { stack, secret } = randomStack();
    secret.addOverride('deletion_policy', 'Delete');
    secret.addOverride('Metadata.owner', 'ops');
    secret.addOverride('UpdatePolicy', { rolling: true });
    secret.addDeletionOverride('Metadata.purpose');
    secret.addPropertyDeletionOverride('character_classes');
    secret.addOverride('DependsOn', 'Other');
    new HeatResource(stack, 'Other', { type: 'OS::Heat::None' });
    const json = Template.fromStack(stack).toJSON() as { Resources: Record<string, Record<string, unknown>> };
    expect(json.Resources.Secret).toEqual({
      Type: 'OS::Heat::RandomString',
      Properties: { length: 24 },
      DeletionPolicy: 'Delete',
      Metadata: { owner: 'ops' },
      UpdatePolicy: { rolling: true },
      DependsOn: 'Other',
    });
  });

  test('a key with a dot is written with \\.', () => {
    const { stack, secret } = randomStack();
    secret.addOverride('Metadata.a\\.b', 1);
    Template.fromStack(stack).hasResource('OS::Heat::RandomString', { Metadata: { 'a.b': 1 } });
  });

  test('an override of a key a resource does not have, or of the wrong shape, is a synth problem naming it', () => {
    const { stack, secret } = randomStack();
    secret.addOverride('Propertiez.length', 3);
    secret.addOverride('Properties', 'not a map');
    secret.addOverride('Type.x', 'y');
    expect(() => Testing.synth(stack)).toThrow(
      /Gen\/Secret.*override Propertiez\.length: a resource has no key Propertiez[\s\S]*override Properties: properties must be a map[\s\S]*override Type\.x: type has no keys inside it/,
    );
  });
});
