import type { ResourceTypeSchema } from '../../../src/template/resource-types/schema.js';
import type { ResourceTypeModule } from '../../../src/template/resource-types/type-module.js';

/**
 * The worked example of docs/adding-a-resource-type.md: a Docker volume, written from the document alone. Its
 * module is this file; its handler is `handler.ts`, its typed construct `construct.ts`; the registry line is added by the test with `vi.mock`.
 */

export const EXAMPLE_VOLUME: ResourceTypeSchema = {
  names: [
    {
      name: 'Example::Docker::Volume',
      properties: { driver: 'driver', labels: 'labels', docker_endpoint: 'docker_endpoint' },
      attributes: { name: 'name', mountpoint: 'mountpoint' },
    },
  ],
  properties: {
    driver: { type: 'string', description: 'The volume driver.', default: 'local' },
    labels: { type: 'map', description: 'Labels of the volume, besides heatstack’s own.', default: {} },
    docker_endpoint: { type: 'string', description: 'The Docker daemon; default: the local one.' },
  },
  attributes: {
    name: { type: 'string', description: 'The volume’s name.' },
    mountpoint: { type: 'string', description: 'Where the volume is on the daemon’s host.' },
  },
};

export const EXAMPLE_VOLUME_TYPE: ResourceTypeModule = {
  schema: EXAMPLE_VOLUME,
  construct: { kind: 'example volume' },
  deploy: {
    locatorOf: (p) =>
      typeof p.docker_endpoint === 'string' && p.docker_endpoint !== '' ? { docker_endpoint: p.docker_endpoint } : {},
    load: () => import('./handler.js'),
  },
};
