import { DockerContainer, HeatResource, Parameter } from 'heatstack';
import { NovaServer } from 'heatstack/openstack/nova';
import { Template, Testing } from 'heatstack/testing';
import { describe, expect, test } from 'vitest';

/**
 * `externalId`: a resource that adopts an existing object (`external_id`). Heat looks the object up instead of
 * checking the resource's properties (`Stack.validate` calls `validate_external`, not `validate`), so synth checks
 * none of them either.
 */

describe('an adopted resource (externalId)', () => {
  test('is written with external_id, and its properties are not checked, as Heat does not check them', () => {
    const stack = Testing.stack('Adopt');
    const id = new Parameter(stack, 'ServerId', { default: 'da5b940a-14ff-4884-8e95-5cf6a3a1028f' });
    new HeatResource(stack, 'Server', { type: 'OS::Nova::Server', externalId: id.valueAsString });
    Template.fromStack(stack, { dialect: 'hot' }).hasResource('OS::Nova::Server', {
      external_id: { get_param: 'ServerId' },
    });
  });

  test('a typed construct with no required prop missing but a value its checks refuse is written as given', () => {
    const stack = Testing.stack('Adopt');
    new NovaServer(stack, 'Server', { flavor: 'm1.small', diskConfig: 'SIDEWAYS' as 'AUTO' }, { externalId: 'abc' });
    new DockerContainer(stack, 'Db', { image: 'mysql', memory: -5 }, { externalId: 'f00d' });
    const template = Template.fromStack(stack, { dialect: 'hot' });
    template.hasResource('OS::Nova::Server', { external_id: 'abc', properties: { diskConfig: 'SIDEWAYS' } });
    template.hasResource('DockerInc::Docker::Container', { external_id: 'f00d', properties: { memory: -5 } });
  });

  test("DockerContainer.fromExternalId takes no props; its getters are the adopted container's attributes", () => {
    const stack = Testing.stack('Adopt');
    const db = DockerContainer.fromExternalId(stack, 'Db', 'shared-db', { description: 'made by hand' });
    new DockerContainer(stack, 'Web', { image: 'nginx', env: [`DB=${db.networkIp}`] });
    const template = Template.fromStack(stack, { dialect: 'hot' });
    const json = template.toJSON() as { resources: Record<string, unknown> };
    expect(json.resources.Db).toEqual({
      type: 'DockerInc::Docker::Container',
      description: 'made by hand',
      external_id: 'shared-db',
    });
    template.hasResourceProperties('DockerInc::Docker::Container', {
      env: [{ list_join: ['', ['DB=', { get_attr: ['Db', 'network_ip'] }]] }],
    });
  });

  test('without externalId the same resources are synth problems', () => {
    const stack = Testing.stack('Create');
    new HeatResource(stack, 'Server', { type: 'OS::Nova::Server' });
    new DockerContainer(stack, 'Db', { image: 'mysql', memory: -5 });
    expect(() => Testing.synth(stack, { dialect: 'hot' })).toThrow(/Server[\s\S]*flavor[\s\S]*Db[\s\S]*memory/);
  });

  test('CFN has no external_id: a synth error saying which HOT version has it', () => {
    const stack = Testing.stack('Adopt');
    new HeatResource(stack, 'Server', { type: 'OS::Nova::Server', externalId: 'abc' });
    expect(() => Testing.synth(stack)).toThrow(/external_id needs HOT 2016-10-14 or newer/);
  });
});
