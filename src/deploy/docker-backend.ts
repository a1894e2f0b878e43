import { RESOURCE_TYPES } from '../template/resource-types/registry.js';
import type { DeployTarget } from '../template/resource-types/type-module.js';
import { createBackend } from './backend.js';
import type { Backend } from './engine/services.js';
import type { HandlerOptions } from './handler.js';

export interface DockerBackendOptions extends HandlerOptions {
  /** `swarm`: containers are Swarm services (`docs/swarm.md`); default plain Docker. */
  readonly target?: DeployTarget;
}

/**
 * The backend every stack verb runs with: the registry's handlers (the Docker container type's, for both its type
 * names) and what they observe and sweep under the stack's labels. Loads dockerode only when first used.
 */
export function createDockerBackend(options: DockerBackendOptions = {}): Backend {
  return createBackend(options, RESOURCE_TYPES, options.target);
}
