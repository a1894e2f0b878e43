import { describe, expect, test } from 'vitest';
import { parseTemplate } from '../../../src/template/parse/index.js';
import { validateTemplate } from '../../../src/template/validate/index.js';
import { heatVerdicts, testWithHeat } from '../../support/heat.js';

/**
 * A resource with `external_id` adopts an existing object: Heat's `Stack.validate` calls its `validate_external` (a
 * look-up in the cloud) instead of `validate`, so neither its properties nor its policies are checked. References
 * are: they are the stack's dependencies, which Heat reads for every resource.
 */

function problems(text: string, severity: 'error' | 'warning' = 'error'): string[] {
  const parsed = parseTemplate(text);
  expect(parsed.diagnostics).toEqual([]);
  return validateTemplate(parsed.template!)
    .filter((d) => d.severity === severity)
    .map((d) => `${d.path}: ${d.message}`);
}

/** A server with no flavor, a Snapshot policy it cannot take, a string too long: adopted, or created. */
function resources(adopted: boolean): string {
  const id = (value: string) => (adopted ? `\n    external_id: ${value}` : '');
  return `heat_template_version: 2016-10-14
resources:
  server:
    type: OS::Nova::Server${id('da5b940a-14ff-4884-8e95-5cf6a3a1028f')}
  secret:
    type: OS::Heat::RandomString${id('f00d')}
    deletion_policy: Snapshot
    properties: {length: 513}
outputs:
  address: {value: {get_attr: [server, networks, private, 0]}}
`;
}

describe('an adopted resource (external_id)', () => {
  test('a missing required property, a refused value or policy is no problem', () => {
    expect(problems(resources(true))).toEqual([]);
  });

  test('the same resources without external_id are refused', () => {
    expect(problems(resources(false))).toEqual([
      'resources.server.properties.flavor: Property flavor not assigned',
      expect.stringMatching(/^resources\.secret\.properties\.length: 513 is out of range/),
      'resources.secret.deletion_policy: "Snapshot" deletion policy not supported',
    ]);
  });

  test('of a type deploy adopts (a container, a network, a volume), no warning; of another it runs, a warning', () => {
    const adopted = `heat_template_version: 2016-10-14
resources:
  db:
    type: DockerInc::Docker::Container
    external_id: f00d
  net:
    type: Heatstack::Docker::Network
    external_id: backend
  secret:
    type: OS::Heat::RandomString
    external_id: f00d
`;
    expect(problems(adopted)).toEqual([]);
    expect(problems(adopted, 'warning')).toEqual([
      expect.stringMatching(/^resources\.secret\.external_id: deploy cannot adopt an existing object of this type/),
    ]);
  });

  test('its references are still checked', () => {
    expect(
      problems(`heat_template_version: 2016-10-14
resources:
  server:
    type: OS::Nova::Server
    external_id: abc
    properties: {flavor: {get_param: nope}}
`),
    ).toEqual([expect.stringMatching(/^resources\.server\.properties\.flavor\.get_param: .*"nope"/)]);
  });

  testWithHeat(
    'with an explicit depends_on is refused, as Heat refuses it; a reference in its properties is not',
    () => {
      const explicit = `heat_template_version: 2016-10-14
resources:
  a: {type: OS::Heat::None}
  b: {type: OS::Heat::RandomString, external_id: f00d, depends_on: [a]}
`;
      const referenced = `heat_template_version: 2016-10-14
resources:
  a: {type: OS::Heat::RandomString}
  b: {type: OS::Heat::RandomString, external_id: f00d, properties: {salt: {get_attr: [a, value]}}}
`;
      expect(problems(explicit)).toEqual([
        'resources.b.depends_on: Invalid dependency with external OS::Heat::RandomString resource: f00d',
      ]);
      expect(problems(referenced)).toEqual([]);
      expect(heatVerdicts([explicit, referenced]).map((v) => v.valid)).toEqual([false, true]);
    },
  );
});
