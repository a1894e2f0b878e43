import { describe, expect, test } from 'vitest';
import { parseTemplate } from '../../../src/template/parse/index.js';
import { validateTemplate } from '../../../src/template/validate/index.js';
import { heatVerdicts, testWithHeat } from '../../support/heat.js';

/**
 * Templates using a stock Heat's resource types (not Docker's) get Heat's own property, attribute and policy
 * checks, from the spec dumped from Heat 19 (spec/heat-resource-types.json). Each case says what heatstack's
 * validate answers; where Heat 19 is installed, the same cases are put to Heat, which must agree.
 */

interface Case {
  readonly name: string;
  readonly resources: string;
  readonly outputs?: string;
  /** The error heatstack reports (a part of its message), or undefined when valid. */
  readonly error?: string;
}

const CASES: readonly Case[] = [
  { name: 'a RandomString with no properties', resources: 'r: {type: OS::Heat::RandomString}' },
  {
    name: 'a length in range, a string integer',
    resources: "r: {type: OS::Heat::RandomString, properties: {length: '16'}}",
  },
  {
    name: 'a length out of range',
    resources: 'r: {type: OS::Heat::RandomString, properties: {length: 0}}',
    error: '0 is out of range (min: 1, max: 512)',
  },
  {
    name: 'a value not allowed',
    resources: 'r: {type: OS::Heat::RandomString, properties: {character_classes: [{class: emoji}]}}',
    error: '"emoji" is not an allowed value',
  },
  {
    name: 'an unknown property',
    resources: 'r: {type: OS::Heat::RandomString, properties: {lenght: 3}}',
    error: 'Unknown Property lenght',
  },
  {
    name: 'an unknown field of a list item map',
    resources: 'r: {type: OS::Heat::RandomString, properties: {character_classes: [{klass: digits}]}}',
    error: 'Unknown Property klass',
  },
  {
    name: 'a required property missing',
    resources: 'srv: {type: OS::Nova::Server, properties: {image: cirros}}',
    error: 'Property flavor not assigned',
  },
  {
    name: 'a network and its subnet',
    resources:
      'n: {type: OS::Neutron::Net, properties: {name: private}}\n  s: {type: OS::Neutron::Subnet, properties: {network: {get_resource: n}, cidr: 10.0.0.0/24}}',
  },
  {
    name: 'a hidden property, which Heat translates before its checks',
    resources: 'r: {type: OS::Heat::RandomString, properties: {sequence: emoji}}',
  },
  {
    name: 'a ResourceGroup count that is not an integer',
    resources: "g: {type: OS::Heat::ResourceGroup, properties: {count: three, resource_def: {type: 'OS::Heat::None'}}}",
    error: "Value 'three' is not an integer",
  },
  {
    name: 'a ResourceGroup with its update policy',
    resources:
      "g: {type: OS::Heat::ResourceGroup, properties: {count: 2, resource_def: {type: 'OS::Heat::None'}}, update_policy: {rolling_update: {max_batch_size: 1}}}",
  },
  {
    name: 'an update policy key the type does not declare',
    resources: 'r: {type: OS::Heat::RandomString, update_policy: {rolling: 1}}',
    error: 'Unknown Property rolling',
  },
  {
    name: 'an update policy value out of range',
    resources:
      "g: {type: OS::Heat::ResourceGroup, properties: {resource_def: {type: 'OS::Heat::None'}}, update_policy: {rolling_update: {max_batch_size: 0}}}",
    error: '0 is out of range (min: 1)',
  },
  {
    name: 'Snapshot on a volume',
    resources: 'v: {type: OS::Cinder::Volume, properties: {size: 1}, deletion_policy: Snapshot}',
  },
  {
    name: 'Snapshot on a type that cannot snapshot',
    resources: 'r: {type: OS::Heat::RandomString, deletion_policy: Snapshot}',
    error: '"Snapshot" deletion policy not supported',
  },
  {
    name: 'an attribute the type has',
    resources: 'r: {type: OS::Heat::RandomString}',
    outputs: 'o: {value: {get_attr: [r, value]}}',
  },
  {
    name: 'an attribute the type lacks',
    resources: 'r: {type: OS::Heat::RandomString}',
    outputs: 'o: {value: {get_attr: [r, valu]}}',
    error: 'has no attribute "valu"',
  },
  {
    name: 'a type Heat does not have',
    resources: 'r: {type: OS::Nova::Sever}',
    error: 'The Resource Type (OS::Nova::Sever) could not be found.',
  },
  {
    name: 'a map property given a list',
    resources: 'p: {type: OS::Neutron::Port, properties: {network: private, value_specs: [1]}}',
    error: 'is not a map',
  },
];

function templateOf(c: Case): string {
  const outputs = c.outputs === undefined ? '' : `outputs:\n  ${c.outputs}\n`;
  return `heat_template_version: 2021-04-16\nresources:\n  ${c.resources}\n${outputs}`;
}

function heatstackErrors(text: string): string[] {
  const parsed = parseTemplate(text);
  const diagnostics = [...parsed.diagnostics, ...(parsed.template ? validateTemplate(parsed.template) : [])];
  return diagnostics.filter((d) => d.severity === 'error').map((d) => d.message);
}

describe('templates with a stock Heat’s resource types', () => {
  test.each(CASES)('$name', (c) => {
    const errors = heatstackErrors(templateOf(c));
    if (c.error === undefined) expect(errors).toEqual([]);
    else expect(errors.join('\n')).toContain(c.error);
  });

  testWithHeat('Heat 19 gives the same verdict on every case', () => {
    const verdicts = heatVerdicts(CASES.map(templateOf));
    const disagreements = CASES.flatMap((c, i) => {
      const heat = verdicts[i]!;
      return heat.valid === (c.error === undefined)
        ? []
        : [`${c.name}: Heat says ${heat.valid ? 'valid' : heat.error}`];
    });
    expect(disagreements).toEqual([]);
  });
});
