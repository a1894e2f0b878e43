import { ENGINE_RUN, heatTypeName, SHOW } from './heat-own.js';
import type { ResourceTypeSchema } from './schema.js';
import type { ResourceTypeModule } from './type-module.js';

/**
 * `OS::Heat::None`, as Heat 19's `none_resource.py` defines it: a placeholder that makes nothing, takes any
 * properties (Heat ignores them all) and gives every attribute as null; it is never replaced by an update.
 */

export const HEAT_NONE: ResourceTypeSchema = {
  names: [heatTypeName('OS::Heat::None', [], ['show'])],
  properties: {},
  attributes: { show: SHOW },
};

export const HEAT_NONE_TYPE: ResourceTypeModule = { schema: HEAT_NONE, definedByHeat: true, deploy: ENGINE_RUN };
