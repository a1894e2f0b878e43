import { ENGINE_RUN, heatTypeName, SHOW } from './heat-own.js';
import type { PropertySchema, ResourceTypeSchema } from './schema.js';
import type { ResourceTypeModule } from './type-module.js';

/**
 * `OS::Heat::ResourceGroup`, as Heat 19's `engine/resources/openstack/heat/resource_group.py` defines it: `count`
 * members made from `resource_def`, `%index%` (`index_var`) in it replaced by each member's index. The engine
 * deploys the members as resources of the stack (`deploy/expand/resource-group.ts`), named `<group>.<index>`, so
 * scaling creates or deletes only the difference and every member is observed, swept and destroyed with the stack.
 */

const anyValue = (description: string): PropertySchema => ({ type: 'map', description });

export const HEAT_RESOURCE_GROUP: ResourceTypeSchema = {
  names: [
    heatTypeName(
      'OS::Heat::ResourceGroup',
      ['count', 'index_var', 'removal_policies', 'removal_policies_mode', 'resource_def'],
      ['attributes', 'refs', 'refs_map', 'removed_rsrc_list', 'show'],
    ),
  ],
  properties: {
    count: {
      type: 'integer',
      description: 'The number of resources to create.',
      default: 1,
      constraints: [{ kind: 'range', min: 0 }],
      updateAllowed: true,
    },
    index_var: {
      type: 'string',
      description:
        'A variable that this resource will use to replace with the current index of a given resource in the group. Can be used, for example, to customize the name property of grouped servers in order to differentiate them when listed with nova client.',
      default: '%index%',
      constraints: [{ kind: 'length', min: 3 }],
    },
    removal_policies: {
      type: 'list',
      description: 'Policies for removal of resources on update.',
      default: [],
      items: {
        type: 'map',
        description: 'Policy to be processed when doing an update which requires removal of specific resources.',
        fields: {
          resource_list: {
            type: 'list',
            description:
              "List of resources to be removed when doing an update which requires removal of specific resources. The resource may be specified several ways: (1) The resource name, as in the nested stack, (2) The resource reference returned from get_resource in a template, as available via the 'refs' attribute. Note this is destructive on update when specified; even if the count is not being reduced, and once a resource name is removed, its name is never reused in subsequent updates.",
            default: [],
          },
        },
      },
      updateAllowed: true,
    },
    removal_policies_mode: {
      type: 'string',
      description:
        'How to handle changes to removal_policies on update. The default "append" mode appends to the internal list, "update" replaces it on update.',
      default: 'append',
      constraints: [{ kind: 'allowed_values', values: ['append', 'update'] }],
      updateAllowed: true,
    },
    resource_def: {
      type: 'map',
      description:
        'Resource definition for the resources in the group. The value of this property is the definition of a resource just as if it had been declared in the template itself.',
      required: true,
      fields: {
        metadata: anyValue('Supplied metadata for the resources in the group.'),
        properties: anyValue('Property values for the resources in the group.'),
        type: { type: 'string', description: 'The type of the resources in the group.', required: true },
      },
      updateAllowed: true,
    },
  },
  attributes: {
    attributes: {
      description:
        'A map of resource names to the specified attribute of each individual resource. Requires heat_template_version: 2014-10-16.',
      type: 'map',
    },
    refs: { description: 'A list of resource IDs for the resources in the group.', type: 'list' },
    refs_map: { description: 'A map of resource names to IDs for the resources in the group.', type: 'map' },
    removed_rsrc_list: { description: 'A list of removed resource names.', type: 'list' },
    show: SHOW,
  },
};

export const HEAT_RESOURCE_GROUP_TYPE: ResourceTypeModule = {
  schema: HEAT_RESOURCE_GROUP,
  definedByHeat: true,
  validation: { anyAttribute: true },
  deploy: ENGINE_RUN,
};
