import type { PropertySchema } from './schema.js';
import { stringProperty } from './schema-helpers.js';

/**
 * The container's properties that attach it to heatstack's own Volume and Network types (`docs/storage.md`), by
 * reference: `mounts: [{volume: {get_resource: Data}, path: /var/lib/mysql}]` and `networks: [{network:
 * {get_resource: Back}, aliases: [db]}]`. `DockerInc::Docker::Container` only (the 2013 plugin's spelling has
 * neither). The stack's own network stays the container's first network.
 */

export const CONTAINER_MOUNTS: PropertySchema = {
  type: 'list',
  description: 'Volumes to mount: `{volume: <a Heatstack::Docker::Volume>, path: /in/the/container, read_only}`.',
  default: [],
  items: {
    type: 'map',
    description: 'A volume mount.',
    fields: {
      volume: stringProperty('The volume: `get_resource` of a `Heatstack::Docker::Volume` (or a volume’s name).', {
        required: true,
      }),
      path: stringProperty('Where the volume is mounted in the container (an absolute path).', {
        required: true,
        constraints: [{ kind: 'allowed_pattern', pattern: '^/.*' }],
      }),
      read_only: { type: 'boolean', description: 'Mount it read-only.', default: false },
    },
  },
};

export const CONTAINER_NETWORKS: PropertySchema = {
  type: 'list',
  description: 'Networks to join besides the stack’s: `{network: <a Heatstack::Docker::Network>, aliases: [name]}`.',
  default: [],
  items: {
    type: 'map',
    description: 'A network to join.',
    fields: {
      network: stringProperty('The network: `get_resource` of a `Heatstack::Docker::Network` (or a network’s id).', {
        required: true,
      }),
      aliases: {
        type: 'list',
        description: 'Names the container has on that network, besides its logical id.',
        default: [],
        items: { type: 'string', description: '' },
      },
    },
  },
};

/** Which type a reference in each attachment property must name, for validation's reference check. */
export const ATTACHMENT_TARGETS = {
  mounts: { field: 'volume', type: 'Heatstack::Docker::Volume' },
  networks: { field: 'network', type: 'Heatstack::Docker::Network' },
} as const;
