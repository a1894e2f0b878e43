import { describe, expect, test } from 'vitest';
import { parseTemplate } from '../../../src/template/parse/index.js';
import { validateTemplate } from '../../../src/template/validate/index.js';

/** `path: message` of every error of a HOT template's resources section. */
function errorsOf(resources: string): string[] {
  const parsed = parseTemplate(`heat_template_version: 2021-04-16\nresources:\n${resources}`);
  if (parsed.template === undefined) throw new Error(parsed.diagnostics.map((d) => d.message).join('\n'));
  return validateTemplate(parsed.template)
    .filter((d) => d.severity === 'error')
    .map((d) => `${d.path}: ${d.message}`);
}

const VOLUME_AND_NETWORK = `
  Data:
    type: Heatstack::Docker::Volume
  Back:
    type: Heatstack::Docker::Network
    properties: { subnet: 10.30.0.0/24 }
  Web:
    type: DockerInc::Docker::Container
    properties: { image: busybox }
`;

/** A container Db, its properties to follow (indented for its `properties`). */
const DB = `  Db:
    type: DockerInc::Docker::Container
    properties:
      image: busybox
`;

describe('validate: a container mounts volumes and joins networks by reference', () => {
  test('references to a volume and a network of the template are accepted', () => {
    expect(
      errorsOf(`${VOLUME_AND_NETWORK}${DB}      mounts: [{ volume: { get_resource: Data }, path: /var/lib/mysql, read_only: true }, { volume: external, path: /x }]
      networks: [{ network: { get_resource: Back }, aliases: [database] }]
`),
    ).toEqual([]);
  });

  test('a reference to a resource of another type is refused as Heat refuses a constrained value, at the item', () => {
    expect(
      errorsOf(`${VOLUME_AND_NETWORK}${DB}      mounts: [{ volume: { get_resource: Web }, path: /data }]
      networks: [{ network: { get_resource: Data } }]
`),
    ).toEqual([
      "resources.Db.properties.mounts[0].volume: Error validating value 'Web': Web is a DockerInc::Docker::Container, not a Heatstack::Docker::Volume",
      "resources.Db.properties.networks[0].network: Error validating value 'Data': Data is a Heatstack::Docker::Volume, not a Heatstack::Docker::Network",
    ]);
  });

  test('a missing resource, a relative path and a mount without its volume are each reported', () => {
    expect(
      errorsOf(`${VOLUME_AND_NETWORK}${DB}      mounts: [{ volume: { get_resource: Dta }, path: data }, { path: /x }]
`),
    ).toEqual([
      'resources.Db.properties.mounts[0].path: "data" does not match pattern "^/.*"',
      'resources.Db.properties.mounts[1].volume: Property volume not assigned',
      'resources.Db.properties.mounts[0].volume.get_resource: get_resource names "Dta", which is not a resource of this template (did you mean \'Data\'?)',
    ]);
  });

  test('the 2013 type has neither property, and a volume’s own properties are checked', () => {
    expect(
      errorsOf(`
  Data:
    type: Heatstack::Docker::Volume
    properties: { drivr: local }
  Back:
    type: Heatstack::Docker::Network
    properties: { subnet: 10.30.0.0/33 }
  Db:
    type: OS::Heat::Docker
    properties: { Image: busybox, mounts: [] }
`),
    ).toEqual([
      "resources.Data.properties.drivr: Unknown Property drivr (did you mean 'driver'?)",
      expect.stringMatching(/^resources\.Back\.properties\.subnet: .*10\.30\.0\.0\/33/),
      expect.stringMatching(/^resources\.Db\.properties\.mounts: Unknown Property mounts/),
    ]);
  });
});
