import { dockerClient } from './docker/connection.js';
import { resourceError } from './docker/errors.js';
import {
  createDockerContainerHandler,
  DOCKER_CONTAINER_TYPES,
  type PullPolicy,
  parseEndpoint,
} from './docker/index.js';
import { reasonOf } from './engine/run.js';
import type { Backend, Observation } from './engine/services.js';
import { LABELS, type ResourceHandler } from './handler.js';
import type { ObservedObject } from './plan/planner.js';

export interface DockerBackendOptions {
  readonly pullPolicy?: PullPolicy;
  readonly logsHeadTimeoutMs?: number;
  /** Seconds a suspend gives each container to stop before it is killed (default: its own, else Docker's). */
  readonly stopTimeoutSeconds?: number;
}

/**
 * The engine's view of Docker: the container handler for both type names, and the stack's labelled containers (the
 * ground truth the planner compares the record with). Loads dockerode only when first used.
 */
export function createDockerBackend(options: DockerBackendOptions = {}): Backend {
  const handler = createDockerContainerHandler({
    pullPolicy: options.pullPolicy,
    logsHeadTimeoutMs: options.logsHeadTimeoutMs,
    stopTimeoutSeconds: options.stopTimeoutSeconds,
  });
  const types = new Set<string>(DOCKER_CONTAINER_TYPES);
  return {
    handlerFor: (type: string): ResourceHandler | undefined => (types.has(type) ? handler : undefined),
    async observe(stack, endpoints): Promise<Observation> {
      const targets = withDefault(endpoints);
      const found = await Promise.allSettled(targets.map((e) => containersOn(stack, e)));
      const objects: ObservedObject[] = [];
      const unreachable = new Map<string, string>();
      found.forEach((result, i) => {
        if (result.status === 'fulfilled') {
          objects.push(...result.value);
          return;
        }
        // Every spelling that names this daemon is unreachable, so a resource's locator finds its reason.
        const key = parseEndpoint(targets[i]).key;
        const reason = reasonOf(result.reason);
        if (key === parseEndpoint(undefined).key) unreachable.set('', reason);
        for (const e of endpoints) if (parseEndpoint(e).key === key) unreachable.set(e, reason);
      });
      return { objects, unreachable };
    },
    async removeLeftovers(stack, endpoints, deployId): Promise<number> {
      const removed = await handler.removeStackObjects(stack, withDefault(endpoints), { deployId });
      return removed.containers.length + removed.networks.length - removed.kept.length + removed.volumes.length;
    },
  };
}

/**
 * The stack's containers on one daemon: one list call, on the critical path of every deploy (the planner needs
 * nothing else; networks and volumes are the cleanup's business).
 */
async function containersOn(stack: string, declared: string | undefined): Promise<ObservedObject[]> {
  const endpoint = parseEndpoint(declared);
  const docker = await dockerClient(endpoint);
  let list: Awaited<ReturnType<typeof docker.listContainers>>;
  try {
    list = await docker.listContainers({ all: true, filters: JSON.stringify({ label: [`${LABELS.stack}=${stack}`] }) });
  } catch (error) {
    throw resourceError(`stack ${stack}`, 'listing its containers', endpoint, error);
  }
  const locator = declared === undefined ? {} : { docker_endpoint: declared };
  return list.map((c) => ({
    logicalId: c.Labels?.[LABELS.resource] ?? '',
    physicalId: c.Id,
    configHash: c.Labels?.[LABELS.configHash],
    deployId: c.Labels?.[LABELS.deployId],
    type: 'DockerInc::Docker::Container',
    locator,
  }));
}

/** The default daemon always, plus the endpoints resources named (each daemon once). */
function withDefault(endpoints: readonly string[]): (string | undefined)[] {
  const byKey = new Map<string, string | undefined>([[parseEndpoint(undefined).key, undefined]]);
  for (const e of endpoints) if (!byKey.has(parseEndpoint(e).key)) byKey.set(parseEndpoint(e).key, e);
  return [...byKey.values()];
}
