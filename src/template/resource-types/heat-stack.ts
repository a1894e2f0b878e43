import { ENGINE_RUN, heatTypeName, SHOW } from './heat-own.js';
import type { ResourceTypeSchema } from './schema.js';
import type { ResourceTypeModule } from './type-module.js';

/**
 * `OS::Heat::Stack`, as Heat 19's `engine/resources/openstack/heat/remote_stack.py` defines it: a nested stack from
 * the `template` property (the template's text, or `get_file` of a file beside the parent's) given `parameters`,
 * its outputs read as `get_attr: [Res, outputs, name]`. A template file used as a resource type (`type: db.yaml`)
 * is the same, its properties the parameters and its outputs attributes. The engine deploys a nested stack's
 * resources as resources of the parent stack (`deploy/expand/nested-stack.ts`), named `<resource>.<nested name>`,
 * so they are created, updated and destroyed with the parent and a failure among them fails it. `context` (another
 * region) has no meaning on one Docker host.
 */

export const HEAT_STACK: ResourceTypeSchema = {
  names: [
    heatTypeName(
      'OS::Heat::Stack',
      ['context', 'parameters', 'template', 'timeout'],
      ['outputs', 'show', 'stack_name'],
    ),
  ],
  properties: {
    context: {
      type: 'map',
      description: 'Context for this stack.',
      fields: {
        ca_cert: { type: 'string', description: 'CA Cert for SSL.', updateAllowed: true },
        credential_secret_id: {
          type: 'string',
          description:
            'A Barbican secret ID. The Barbican secret should contain an OpenStack credential that can be used to access a remote cloud.',
          updateAllowed: true,
        },
        insecure: {
          type: 'boolean',
          description: "If set, then the server's certificate will not be verified.",
          default: false,
          updateAllowed: true,
        },
        region_name: { type: 'string', description: 'Region name in which this stack will be created.' },
      },
      updateAllowed: true,
    },
    parameters: {
      type: 'map',
      description: 'Set of parameters passed to this stack.',
      default: {},
      updateAllowed: true,
    },
    template: {
      type: 'string',
      description: 'Template that specifies the stack to be created as a resource.',
      required: true,
      updateAllowed: true,
    },
    timeout: {
      type: 'integer',
      description: 'Number of minutes to wait for this stack creation.',
      updateAllowed: true,
    },
  },
  attributes: {
    outputs: { description: 'A dict of key-value pairs output from the stack.', type: 'map' },
    show: SHOW,
    stack_name: { description: 'Name of the stack.', type: 'string' },
  },
};

export const HEAT_STACK_TYPE: ResourceTypeModule = {
  schema: HEAT_STACK,
  definedByHeat: true,
  validation: { anyAttribute: true },
  deploy: ENGINE_RUN,
};
