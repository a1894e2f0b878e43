import { DockerContainer, HeatResource, Output, Parameter } from 'heatstack';
import { HeatRandomString, HeatResourceGroup } from 'heatstack/openstack/heat';
import { NeutronPort } from 'heatstack/openstack/neutron';
import { NovaServer } from 'heatstack/openstack/nova';
import { Template, Testing } from 'heatstack/testing';
import { describe, expect, test } from 'vitest';

/** The generated classes: camelCase props written as Heat spells them, typed attributes, resource options. */

function serverStack() {
  const stack = Testing.stack('Cloud');
  const flavor = new Parameter(stack, 'Flavor', { default: 'm1.small' });
  const password = new HeatRandomString(stack, 'Password', {
    length: 20,
    characterClasses: [{ class: 'lettersdigits', min: 2 }],
  });
  const port = new NeutronPort(stack, 'Port', { network: 'private', fixedIps: [{ ipAddress: '10.0.0.5' }] });
  const server = new NovaServer(
    stack,
    'Server',
    {
      flavor: flavor.valueAsString,
      image: 'cirros',
      adminPass: password.attrValue,
      networks: [{ port: port.ref }],
      userDataFormat: 'RAW',
    },
    { deletionPolicy: 'Retain', metadata: { tier: 'web' } },
  );
  new Output(stack, 'Ip', { value: port.attrFixedIps });
  new Output(stack, 'Name', { value: server.attrName });
  return { stack, server };
}

describe('a generated class', () => {
  test('writes its camelCase props as the Heat type spells them, nested fields too (cfn)', () => {
    const { stack } = serverStack();
    const t = Template.fromStack(stack);
    t.hasResourceProperties('OS::Heat::RandomString', {
      length: 20,
      character_classes: [{ class: 'lettersdigits', min: 2 }],
    });
    t.hasResourceProperties('OS::Neutron::Port', { network: 'private', fixed_ips: [{ ip_address: '10.0.0.5' }] });
    t.hasResource('OS::Nova::Server', {
      Properties: {
        flavor: { Ref: 'Flavor' },
        admin_pass: { 'Fn::GetAtt': ['Password', 'value'] },
        networks: [{ port: { Ref: 'Port' } }],
        user_data_format: 'RAW',
      },
      DeletionPolicy: 'Retain',
      Metadata: { tier: 'web' },
    });
  });

  test('its attribute getters are tokens of the attribute, in both dialects', () => {
    const { stack } = serverStack();
    const hot = Template.fromStack(stack, { dialect: 'hot' });
    hot.hasOutput('Ip', { value: { get_attr: ['Port', 'fixed_ips'] } });
    hot.hasOutput('Name', { value: { get_attr: ['Server', 'name'] } });
    hot.hasResourceProperties('OS::Nova::Server', { networks: [{ port: { get_resource: 'Port' } }] });
  });

  test('a group of Docker-free resources snapshots in both dialects', () => {
    const stack = Testing.stack('Group');
    new HeatResourceGroup(stack, 'Workers', {
      count: 3,
      resourceDef: { type: 'OS::Heat::RandomString', properties: { length: 8 } },
    });
    expect(Testing.synth(stack)).toMatchSnapshot();
    expect(Testing.synth(stack, { dialect: 'hot' })).toMatchSnapshot();
  });

  test('sits beside the hand-written Docker container in one stack', () => {
    const stack = Testing.stack('Mixed');
    const secret = new HeatRandomString(stack, 'Secret');
    new DockerContainer(stack, 'Db', { image: 'mysql', env: [`MYSQL_ROOT_PASSWORD=${secret.attrValue}`] });
    Template.fromStack(stack, { dialect: 'hot' }).hasResourceProperties('DockerInc::Docker::Container', {
      env: [{ list_join: ['', ['MYSQL_ROOT_PASSWORD=', { get_attr: ['Secret', 'value'] }]] }],
    });
  });

  test('its props are checked at synth as Heat checks them, every problem at once, with where it was created', () => {
    const stack = Testing.stack('Checked');
    new HeatRandomString(stack, 'Short', { length: 0 });
    const classes = new HeatRandomString(stack, 'Classes', { characterClasses: [{ class: 'emoji' as never }] });
    const port = new NeutronPort(stack, 'Port', { network: 'private' });
    port.addPropertyOverride('admin_state_up', 'maybe');
    classes.addPropertyOverride('lenght', 3);
    let message = '';
    try {
      Testing.synth(stack);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(
      /Checked\/Short \(created at test\/constructs\/openstack\.test\.ts:\d+:\d+\): Properties\.length: 0 is out of range/,
    );
    expect(message).toMatch(
      /Checked\/Classes .*Properties\.character_classes\[0\]\.class: "emoji" is not an allowed value/,
    );
    expect(message).toMatch(
      /Checked\/Classes .*Properties\.lenght: Unknown Property lenght \(did you mean 'length'\?\)/,
    );
    expect(message).toMatch(/Checked\/Port .*Properties\.admin_state_up: "maybe" is not a valid boolean/);
  });

  test('a HeatResource of a type no spec knows is written as given, unchecked', () => {
    const stack = Testing.stack('Custom');
    new HeatResource(stack, 'Thing', { type: 'Acme::Widget', properties: { anything: [1, { at: 'all' }] } });
    Template.fromStack(stack).hasResourceProperties('Acme::Widget', { anything: [1, { at: 'all' }] });
  });
});
