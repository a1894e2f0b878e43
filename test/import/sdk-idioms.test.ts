import { describe, expect, it } from 'vitest';
import { checkRoundTrip } from '../../src/import/check.js';
import { importTemplate } from '../../src/import/index.js';

/**
 * The SDK's own classes and idioms in imported code, each synthesizing the template again: Heat's `RandomString`
 * and `ResourceGroup` as `heatstack`'s classes with their getters, `get_file` and `get_azs` through `Fn`, an
 * attribute path a parameter gives, a list token joined, an output name no construct id can hold.
 */

const HOT = 'heat_template_version: 2016-10-14\n';

async function roundTrip(text: string, file = 'stack.yaml'): Promise<string> {
  for (const decorators of [true, false]) {
    const result = await checkRoundTrip(text, { file, decorators });
    expect(result.differences, `decorators: ${decorators}`).toEqual([]);
    expect(
      result.imported.report.raw.filter((r) => r.fn !== 'override'),
      `decorators: ${decorators}`,
    ).toEqual([]);
  }
  return importTemplate(text, { file }).source;
}

describe('heatstack import writes the SDK’s own classes', () => {
  it('a RandomString and a ResourceGroup, read through their getters', async () => {
    const source = await roundTrip(`${HOT}resources:
  password:
    type: OS::Heat::RandomString
    properties:
      length: 24
      character_classes: [{class: digits, min: 2}]
  web:
    type: OS::Heat::ResourceGroup
    properties:
      count: 3
      resource_def:
        type: DockerInc::Docker::Container
        properties: {image: nginx, env: [INDEX=%index%]}
  proxy:
    type: DockerInc::Docker::Container
    properties:
      image: haproxy
      env:
        - list_join: [',', {get_attr: [web, network_ip]}]
        - {get_attr: [password, value]}
        - {get_attr: [web, resource.1.network_ip]}
        - {get_attr: [web, resource.0]}
outputs:
  ids: {value: {get_attr: [web, refs]}}
  addresses: {value: {get_attr: [web, attributes, network_ip]}}
`);
    expect(source).toContain(
      "import { App, DockerContainer, Fn, Output, RandomString, ResourceGroup, Stack } from 'heatstack';",
    );
    expect(source).toMatch(
      /const password = new RandomString\(this, 'password', \{\s+length: 24,\s+characterClasses: \[\{ class: 'digits', min: 2 \}\],\s+\}\);/,
    );
    const lines = [
      "const web = new ResourceGroup(this, 'web', {",
      "Fn.join(',', web.attributeOfEach('network_ip'))",
      'password.value,',
      "web.memberAttribute(1, 'network_ip'),",
      'web.memberRef(0),',
      "new Output(this, 'ids', { value: web.refs });",
      "new Output(this, 'addresses', { value: web.attributeByMember('network_ip') });",
    ];
    for (const line of lines) expect(source).toContain(line);
    expect(source).not.toContain('heatstack/openstack');
  });

  it('a RandomString whose character class a function gives keeps the generated class', async () => {
    const source = await roundTrip(`${HOT}parameters:
  kind: {type: string, default: digits}
resources:
  password:
    type: OS::Heat::RandomString
    properties:
      character_classes: [{class: {get_param: kind}}]
`);
    expect(source).toContain('new HeatRandomString(');
  });

  it('get_file and get_azs through Fn, also inside str_replace', async () => {
    const source = await roundTrip(`${HOT}resources:
  config:
    type: OS::Heat::SoftwareConfig
    properties:
      config:
        str_replace:
          template: {get_file: fragments/boot.sh}
          params: {$agent: {get_file: fragments/agent.py}}
`);
    expect(source).toContain(
      "config: Fn.replace({ $agent: Fn.getFile('fragments/agent.py') }, Fn.getFile('fragments/boot.sh'))",
    );
    const cfn = await roundTrip(
      `{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"Group": {"Type": "AWS::AutoScaling::AutoScalingGroup", "Properties": {"AvailabilityZones": {"Fn::GetAZs": ""}, "MinSize": "1", "MaxSize": "2", "LaunchConfigurationName": "lc"}}}}`,
      'group.json',
    );
    expect(cfn).toContain("AvailabilityZones: Fn.getAzs('')");
  });

  it('an attribute path that a parameter gives', async () => {
    const source = await roundTrip(`${HOT}parameters:
  network: {type: string, default: private}
resources:
  server:
    type: OS::Nova::Server
    properties: {flavor: m1.small, image: cirros}
outputs:
  port: {value: {get_attr: [server, addresses, {get_param: network}, 0, port]}}
`);
    expect(source).toContain("server.getAtt('addresses', network.valueAsString, 0, 'port')");
  });

  it('an output whose name holds a "/", which no construct id can', async () => {
    const source = await roundTrip(`${HOT}resources: {port: {type: OS::Neutron::Port, properties: {network: private}}}
outputs: {port/mac_address: {value: {get_attr: [port, mac_address]}}}
`);
    expect(source).toContain(".overrideLogicalId('port/mac_address')");
  });
});
