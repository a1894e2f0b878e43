import { createDockerContainerHandler, DOCKER_CONTAINER_TYPES, type PullPolicy } from './docker/index.js';
import type { Backend } from './engine/services.js';
import type { ResourceHandler } from './handler.js';
import type { ObservedObject } from './plan/planner.js';

export interface DockerBackendOptions {
  readonly pullPolicy?: PullPolicy;
  readonly logsHeadTimeoutMs?: number;
}

/**
 * The engine's view of Docker: the container handler for both type names, and the stack's labelled objects (the
 * ground truth the planner compares the record with). Loads dockerode only when first used.
 */
export function createDockerBackend(options: DockerBackendOptions = {}): Backend {
  const handler = createDockerContainerHandler({
    pullPolicy: options.pullPolicy,
    logsHeadTimeoutMs: options.logsHeadTimeoutMs,
  });
  const types = new Set<string>(DOCKER_CONTAINER_TYPES);
  return {
    handlerFor: (type: string): ResourceHandler | undefined => (types.has(type) ? handler : undefined),
    async observe(stack, endpoints): Promise<ObservedObject[]> {
      const objects = await handler.findStackObjects(stack, withDefault(endpoints));
      return objects.containers.map((c) => ({
        logicalId: c.logicalId,
        physicalId: c.id,
        configHash: c.configHash,
        deployId: c.deployId,
        type: 'DockerInc::Docker::Container',
      }));
    },
    async removeLeftovers(stack, endpoints, deployId): Promise<void> {
      await handler.removeStackObjects(stack, withDefault(endpoints), { deployId });
    },
  };
}

/** The default daemon always, plus the endpoints resources named. */
function withDefault(endpoints: readonly string[]): (string | undefined)[] {
  return [undefined, ...endpoints];
}
