import { dockerObjectHolds } from './docker-exclusive.js';
import type { ResourceTypeSchema } from './schema.js';
import { dockerObjectProperties, sameSpelling, stringProperty } from './schema-helpers.js';
import type { DeployBinding, ResourceTypeModule } from './type-module.js';

/**
 * `Heatstack::Docker::Volume`: a named Docker volume, heatstack's own type (no Heat plugin has it; `docs/storage.md`).
 * Docker cannot change a volume, so no property is `updateAllowed`: a change replaces it. Its `DeletionPolicy`
 * defaults to `Retain`: a destroy or a replace keeps the volume and its data, and the stack's next deploy uses it
 * again (`deploy/engine/retention.ts`). A container mounts it by reference: `mounts: [{volume: {get_resource: Data},
 * path: /var/lib/mysql}]`. Handler: `deploy/docker/volume-handler.ts`.
 */

export const DOCKER_VOLUME_TYPE_NAME = 'Heatstack::Docker::Volume';

export const DOCKER_VOLUME: ResourceTypeSchema = {
  names: [
    sameSpelling(
      DOCKER_VOLUME_TYPE_NAME,
      ['name', 'driver', 'driver_opts', 'labels', 'docker_endpoint'],
      ['name', 'mountpoint', 'driver'],
    ),
  ],
  properties: {
    driver: stringProperty('The volume driver.', { default: 'local' }),
    ...dockerObjectProperties('volume', 'Options of the driver (`type`, `device`, `o` for `local`).'),
  },
  attributes: {
    name: { type: 'string', description: 'The volume’s name (also its id: `get_resource`).' },
    mountpoint: { type: 'string', description: 'Where the volume is on the daemon’s host.' },
    driver: { type: 'string', description: 'Its driver.' },
  },
};

/** Found on the daemon its `docker_endpoint` names; none: the default daemon. Shared by the Docker object types. */
export const locatedByEndpoint: DeployBinding['locatorOf'] = (p) =>
  typeof p.docker_endpoint === 'string' && p.docker_endpoint !== '' ? { docker_endpoint: p.docker_endpoint } : {};

export const DOCKER_VOLUME_TYPE: ResourceTypeModule = {
  schema: DOCKER_VOLUME,
  construct: { kind: 'Docker volume' },
  deploy: {
    locatorOf: locatedByEndpoint,
    defaultDeletionPolicy: 'Retain',
    holds: dockerObjectHolds,
    load: () => import('../../deploy/docker/volume-handler.js'),
    adopts: true,
  },
};
