import { dockerObjectHolds } from './docker-exclusive.js';
import { locatedByEndpoint } from './docker-volume.js';
import type { ResourceTypeSchema } from './schema.js';
import { dockerObjectProperties, sameSpelling, stringProperty } from './schema-helpers.js';
import type { ResourceTypeModule } from './type-module.js';

/**
 * `Heatstack::Docker::Network`: a user-defined Docker network, heatstack's own type (`docs/storage.md`). Containers
 * join it by reference, besides their stack's own network (`networks: [{network: {get_resource: Back}, aliases:
 * [db]}]`). Docker cannot change a network, so a change replaces it. Its DeletionPolicy is Heat's default (`Delete`):
 * a network holds no data. Handler: `deploy/docker/network-handler.ts`.
 */

export const DOCKER_NETWORK_TYPE_NAME = 'Heatstack::Docker::Network';

export const DOCKER_NETWORK: ResourceTypeSchema = {
  names: [
    sameSpelling(
      DOCKER_NETWORK_TYPE_NAME,
      ['name', 'driver', 'internal', 'subnet', 'gateway', 'driver_opts', 'labels', 'docker_endpoint'],
      ['name', 'subnet', 'gateway', 'driver'],
    ),
  ],
  properties: {
    driver: stringProperty('The network driver.', { default: 'bridge' }),
    internal: { type: 'boolean', description: 'Cut the network off from the outside world.', default: false },
    subnet: stringProperty('Its subnet in CIDR form (`10.20.0.0/24`); default: one Docker picks.', {
      constraints: [{ kind: 'custom_constraint', name: 'net_cidr' }],
    }),
    gateway: stringProperty('Its gateway address, inside `subnet`; default: Docker’s choice.', {
      constraints: [{ kind: 'custom_constraint', name: 'ip_addr' }],
    }),
    ...dockerObjectProperties('network', 'Options of the driver.'),
  },
  attributes: {
    name: { type: 'string', description: 'The network’s name.' },
    subnet: { type: 'string', description: 'Its subnet (CIDR).' },
    gateway: { type: 'string', description: 'Its gateway address.' },
    driver: { type: 'string', description: 'Its driver.' },
  },
};

export const DOCKER_NETWORK_TYPE: ResourceTypeModule = {
  schema: DOCKER_NETWORK,
  construct: { kind: 'Docker network' },
  deploy: {
    locatorOf: locatedByEndpoint,
    holds: dockerObjectHolds,
    load: () => import('../../deploy/docker/network-handler.js'),
    adopts: true,
  },
};
