import { DOCKER_CONTAINER_TYPE } from './docker-container.js';
import { DOCKER_IMAGE_TYPE } from './docker-image.js';
import { DOCKER_NETWORK_TYPE } from './docker-network.js';
import { DOCKER_VOLUME_TYPE } from './docker-volume.js';
import { HEAT_NONE_TYPE } from './heat-none.js';
import { HEAT_RANDOM_STRING_TYPE } from './heat-random-string.js';
import { HEAT_RESOURCE_GROUP_TYPE } from './heat-resource-group.js';
import { HEAT_STACK_TYPE } from './heat-stack.js';
import { HEAT_VALUE_TYPE } from './heat-value.js';
import type { ResourceTypeModule } from './type-module.js';

/**
 * Every resource type heatstack defines itself: one line per type module (`docs/adding-a-resource-type.md`).
 * Validation, synth, the planner, the deploy backend (handlers, observation, cleanup) and the docs' type list read
 * this list; a type a stock Heat 19 has and no module here defines comes from `heat-spec.ts` (validated and
 * synthesized, never deployed).
 */
export const RESOURCE_TYPES: readonly ResourceTypeModule[] = [
  DOCKER_CONTAINER_TYPE,
  DOCKER_VOLUME_TYPE,
  DOCKER_NETWORK_TYPE,
  DOCKER_IMAGE_TYPE,
  HEAT_RANDOM_STRING_TYPE,
  HEAT_VALUE_TYPE,
  HEAT_NONE_TYPE,
  HEAT_RESOURCE_GROUP_TYPE,
  HEAT_STACK_TYPE,
];
