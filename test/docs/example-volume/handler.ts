import { randomBytes } from 'node:crypto';
import type Docker from 'dockerode';
import { dockerClient, parseEndpoint } from '../../../src/deploy/docker/connection.js';
import { resourceError, statusOf } from '../../../src/deploy/docker/errors.js';
import { daemonsOf, endpointOfLocator } from '../../../src/deploy/docker/observe.js';
import type { Observation } from '../../../src/deploy/engine/services.js';
import {
  type CreateRequest,
  type ExistingResource,
  LABELS,
  type Locator,
  locatorKey,
  observedObject,
  type TypeHandler,
} from '../../../src/deploy/handler.js';
import type { ObservedObject } from '../../../src/deploy/plan/planner.js';
import { HeatstackError } from '../../../src/errors.js';

/** The example volume's handler (docs/adding-a-resource-type.md, "The handler"). */
export function createHandler(typeNames: readonly string[]): TypeHandler {
  const type = typeNames[typeNames.length - 1] as string;
  return {
    async create(request: CreateRequest) {
      const endpoint = parseEndpoint(endpointOfLocator(request.properties));
      const docker = await dockerClient(endpoint);
      const name = `${request.stack}-${request.logicalId}-${randomBytes(3).toString('hex')}`;
      const labels = request.properties.labels as Record<string, string>;
      try {
        await docker.createVolume({
          Name: name,
          Driver: request.properties.driver as string,
          Labels: {
            ...labels,
            [LABELS.stack]: request.stack,
            [LABELS.resource]: request.logicalId,
            [LABELS.configHash]: request.configHash,
            [LABELS.deployId]: request.deployId,
          },
        });
      } catch (error) {
        throw resourceError(`Resources.${request.logicalId}`, 'creating the volume', endpoint, error);
      }
      return { physicalId: name };
    },
    async delete(resource: ExistingResource) {
      const endpoint = parseEndpoint(endpointOfLocator(resource.properties));
      const docker = await dockerClient(endpoint);
      try {
        await docker.getVolume(resource.physicalId).remove();
      } catch (error) {
        if (statusOf(error) !== 404) {
          throw resourceError(`Resources.${resource.logicalId}`, 'deleting the volume', endpoint, error);
        }
      }
    },
    // A volume does not run: nothing to stop or start.
    suspend: async () => undefined,
    resume: async () => undefined,
    async attribute(resource: ExistingResource, attribute: string) {
      const docker = await dockerClient(parseEndpoint(endpointOfLocator(resource.properties)));
      const info = await docker.getVolume(resource.physicalId).inspect();
      if (attribute === 'name') return info.Name;
      if (attribute === 'mountpoint') return info.Mountpoint;
      throw new HeatstackError(`Resources.${resource.logicalId}: a volume has no attribute '${attribute}'`);
    },
    async observe(stack: string, locators: readonly Locator[]): Promise<Observation> {
      const objects: ObservedObject[] = [];
      const unreachable = new Map<string, string>();
      for (const endpoint of daemonsOf(locators)) {
        try {
          const locator = endpoint === undefined ? {} : { docker_endpoint: endpoint };
          for (const v of await volumesOf(stack, endpoint))
            objects.push(observedObject(v.Labels, v.Name, type, locator));
        } catch (error) {
          unreachable.set(endpoint === undefined ? '' : locatorKey({ docker_endpoint: endpoint }), String(error));
        }
      }
      return { objects, unreachable };
    },
    async sweep(stack: string, locators: readonly Locator[], deployId?: string) {
      let removed = 0;
      for (const endpoint of daemonsOf(locators)) {
        const docker = await dockerClient(parseEndpoint(endpoint));
        for (const v of await volumesOf(stack, endpoint)) {
          if (deployId !== undefined && v.Labels?.[LABELS.deployId] !== deployId) continue;
          await docker.getVolume(v.Name).remove();
          removed++;
        }
      }
      return removed;
    },
  };
}

/** The stack's volumes of this type (those labelled with a resource) on one daemon. */
async function volumesOf(stack: string, endpoint: string | undefined): Promise<Docker.VolumeInspectInfo[]> {
  const docker = await dockerClient(parseEndpoint(endpoint));
  const filters = JSON.stringify({ label: [`${LABELS.stack}=${stack}`, LABELS.resource] });
  return (await docker.listVolumes({ filters })).Volumes ?? [];
}
