import { describe, expect, test } from 'vitest';
import { parseTemplate } from '../../../src/template/parse/index.js';
import { translatedProperties } from '../../../src/template/resource-types/heat-translations.js';
import { validateTemplate } from '../../../src/template/validate/index.js';
import { checkResourceProperties } from '../../../src/template/validate/properties.js';
import { heatVerdicts, testWithHeat } from '../../support/heat.js';

/**
 * Heat reads a deprecated property as its replacement before it validates (`heat/engine/translation.py` REPLACE):
 * `network_id` is `network`, in each item of a server's `networks` `uuid` is `network`. heatstack's checks read
 * them the same way, and (where Heat 19 is installed) agree with Heat's verdict on each template.
 */

const HOT = 'heat_template_version: 2021-04-16\nresources:\n  net: {type: OS::Neutron::Net}\n';
const CASES: readonly { name: string; text: string; expect: string }[] = [
  {
    name: 'a subnet on network_id (the deprecated name of its required network)',
    text: `${HOT}  sub: {type: OS::Neutron::Subnet, properties: {network_id: {get_resource: net}, cidr: 10.0.0.0/24}}\n`,
    expect: 'valid',
  },
  {
    name: 'a subnet with network and network_id both',
    text: `${HOT}  sub: {type: OS::Neutron::Subnet, properties: {network: n1, network_id: n2, cidr: 10.0.0.0/24}}\n`,
    expect: 'Cannot define the following properties at the same time: network, network_id',
  },
  {
    name: 'a subnet with neither',
    text: `${HOT}  sub: {type: OS::Neutron::Subnet, properties: {cidr: 10.0.0.0/24}}\n`,
    expect: 'Property network not assigned',
  },
  {
    name: 'a router interface on router_id and subnet_id',
    text: `${HOT}  ri: {type: OS::Neutron::RouterInterface, properties: {router_id: r1, subnet_id: s1}}\n`,
    expect: 'valid',
  },
  {
    name: "a port's fixed_ips item with subnet_id",
    text: `${HOT}  p: {type: OS::Neutron::Port, properties: {network: n1, fixed_ips: [{subnet_id: s1, ip_address: 10.0.0.5}]}}\n`,
    expect: 'valid',
  },
  {
    name: "a port's fixed_ips item with subnet and subnet_id",
    text: `${HOT}  p: {type: OS::Neutron::Port, properties: {network: n1, fixed_ips: [{subnet: s2, subnet_id: s1}]}}\n`,
    expect: 'fixed_ips.subnet, fixed_ips.subnet_id',
  },
  {
    name: 'a network gateway connection on network_id',
    text: `${HOT}  gw: {type: OS::Neutron::NetworkGateway, properties: {devices: [{id: d, interface_name: i}], connections: [{network_id: n1, segmentation_type: flat}]}}\n`,
    expect: 'valid',
  },
];

function errors(text: string): string[] {
  const parsed = parseTemplate(text);
  const all = [...parsed.diagnostics];
  if (parsed.template !== undefined) all.push(...validateTemplate(parsed.template));
  return all.filter((d) => d.severity === 'error').map((d) => `${d.path}: ${d.message}`);
}

describe("Heat's property translations", () => {
  for (const c of CASES) {
    test(c.name, () => {
      if (c.expect === 'valid') expect(errors(c.text)).toEqual([]);
      else expect(errors(c.text).join('\n')).toContain(c.expect);
    });
  }

  test('move the value into the replacement, in the deprecated key’s place, and change nothing else', () => {
    const input = { network_id: 'n', ip_version: 4, cidr: '10.0.0.0/24' };
    expect(Object.entries(translatedProperties('OS::Neutron::Subnet', input))).toEqual([
      ['network', 'n'],
      ['ip_version', 4],
      ['cidr', '10.0.0.0/24'],
    ]);
    expect(input).toEqual({ network_id: 'n', ip_version: 4, cidr: '10.0.0.0/24' });
    const docker = { image: 'busybox' };
    expect(translatedProperties('DockerInc::Docker::Container', docker)).toBe(docker);
  });

  test('a deprecated property given as null adds nothing (Heat reads null as not given)', () => {
    expect(checkResourceProperties('OS::Neutron::Subnet', { network_id: null, network: 'n' })).toEqual([]);
  });

  testWithHeat(
    'Heat 19 gives the same verdict on each',
    () => {
      const heat = heatVerdicts(CASES.map((c) => c.text));
      const differ = CASES.flatMap((c, i) =>
        (errors(c.text).length === 0) === (heat[i]?.valid === true) ? [] : [`${c.name}: Heat says ${heat[i]?.error}`],
      );
      expect(differ).toEqual([]);
    },
    60_000,
  );
});
