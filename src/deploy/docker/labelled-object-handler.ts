import type Docker from 'dockerode';
import { HeatstackError } from '../../errors.js';
import { reasonOf } from '../engine/run.js';
import type { Observation } from '../engine/services.js';
import {
  type CreateRequest,
  type ExistingResource,
  LABELS,
  type Locator,
  locatorKey,
  observedObject,
  ownedBy,
  type StackIdentity,
  stackLabels,
  type TypeHandler,
} from '../handler.js';
import type { ObservedObject } from '../plan/planner.js';
import { type DockerEndpoint, dockerClient, parseEndpoint } from './connection.js';
import { generatedName, propertyPath } from './container-spec.js';
import { resourceError, statusOf } from './errors.js';
import { inspectFinds } from './external-object.js';
import { daemonsOf, endpointOfLocator } from './observe.js';

/**
 * The handler of a Docker object that does not run (a volume, a network), written once: what differs per kind is in a
 * `DockerObjectKind`. Objects are labelled with the stack, the resource, the configuration hash, the run and, for a
 * kind that honours it, the DeletionPolicy; `observe` and `sweep` see only this kind's objects labelled with a
 * resource of the stack (the stack's own network is the container handler's), and `sweep` never takes a retained one.
 */

/** A listed object: its physical id (what `get_resource` gives) and labels. */
export interface ListedObject {
  readonly id: string;
  readonly labels: Readonly<Record<string, string>> | undefined;
}

/** @internal What differs per kind of object: its Engine API calls. */
export interface DockerObjectKind {
  /** What messages call it (`volume`). */
  readonly noun: string;
  /** The kind's objects carrying all these labels (`key=value` or `key`). */
  list(docker: Docker, labels: readonly string[]): Promise<ListedObject[]>;
  /** Creates it named `name`, with these labels; returns its physical id. */
  create(docker: Docker, name: string, properties: Readonly<Record<string, unknown>>, labels: Labels): Promise<string>;
  /** Removes it; a 404 counts as removed. */
  remove(docker: Docker, id: string): Promise<void>;
  /** An attribute (canonical name) of the object; undefined when the kind has no such attribute. */
  attribute(docker: Docker, id: string, attribute: string): Promise<unknown>;
}

export type Labels = Record<string, string>;

/** @internal The handler of one kind of object, for the type names given (the last is the one observed). */
export function labelledObjectHandler(kind: DockerObjectKind, typeNames: readonly string[]): TypeHandler {
  const type = typeNames[typeNames.length - 1] ?? '';
  const at = (logicalId: string) => `Resources.${logicalId}`;
  return {
    async create(request: CreateRequest) {
      const endpoint = endpointOf(request.properties, request.logicalId);
      const docker = await dockerClient(endpoint);
      const declared = request.properties.name;
      const name =
        typeof declared === 'string' && declared !== '' ? declared : generatedName(request.stack, request.logicalId);
      try {
        return { physicalId: await kind.create(docker, name, request.properties, labelsOf(request)) };
      } catch (error) {
        throw resourceError(at(request.logicalId), `creating the ${kind.noun} ${name}`, endpoint, error);
      }
    },
    async delete(resource: ExistingResource) {
      const endpoint = endpointOf(resource.properties, resource.logicalId);
      try {
        await kind.remove(await dockerClient(endpoint), resource.physicalId);
      } catch (error) {
        if (statusOf(error) !== 404)
          throw resourceError(at(resource.logicalId), `deleting the ${kind.noun}`, endpoint, error);
      }
    },
    async exists(resource: ExistingResource) {
      // Every kind has a name: reading it is the look-up.
      const endpoint = endpointOf(resource.properties, resource.logicalId);
      return inspectFinds(endpoint, at(resource.logicalId), (docker) =>
        kind.attribute(docker, resource.physicalId, 'name'),
      );
    },
    // It does not run: nothing to stop or start.
    suspend: async () => undefined,
    resume: async () => undefined,
    async attribute(resource: ExistingResource, attribute: string) {
      const endpoint = endpointOf(resource.properties, resource.logicalId);
      let value: unknown;
      try {
        value = await kind.attribute(await dockerClient(endpoint), resource.physicalId, attribute);
      } catch (error) {
        if (statusOf(error) === 404)
          throw new HeatstackError(`${at(resource.logicalId)}: its ${kind.noun} ${resource.physicalId} is gone`);
        throw resourceError(at(resource.logicalId), `reading the attribute ${attribute}`, endpoint, error);
      }
      if (value === undefined)
        throw new HeatstackError(`${at(resource.logicalId)}: a Docker ${kind.noun} has no attribute '${attribute}'`);
      return value;
    },
    async observe(stack: string, locators: readonly Locator[]): Promise<Observation> {
      const objects: ObservedObject[] = [];
      const unreachable = new Map<string, string>();
      for (const declared of daemonsOf(locators)) {
        const locator = declared === undefined ? {} : { docker_endpoint: declared };
        try {
          for (const o of await ownObjects(kind, stack, declared))
            objects.push(observedObject(o.labels, o.id, type, locator));
        } catch (error) {
          unreachable.set(locatorKey(locator), reasonOf(error));
        }
      }
      return { objects, unreachable };
    },
    async sweep(stack: StackIdentity, locators: readonly Locator[], deployId?: string, keep?: ReadonlySet<string>) {
      let removed = 0;
      for (const declared of daemonsOf(locators)) {
        const endpoint = parseEndpoint(declared);
        const docker = await dockerClient(endpoint);
        try {
          for (const o of await ownObjects(kind, stack.name, declared)) {
            if (!ownedBy(stack, o.labels) || keep?.has(o.id) || o.labels?.[LABELS.deletionPolicy] === 'Retain')
              continue;
            if (deployId !== undefined && o.labels?.[LABELS.deployId] !== deployId) continue;
            await kind.remove(docker, o.id).catch((error: unknown) => {
              if (statusOf(error) !== 404) throw error;
            });
            removed++;
          }
        } catch (error) {
          // No resource holds a leftover: the failure names the stack and what was being removed.
          throw resourceError(`stack ${stack.name}`, `removing its leftover ${kind.noun}s`, endpoint, error);
        }
      }
      return removed;
    },
  };
}

/** The daemon the properties (or a record's locator) name. */
function endpointOf(properties: Readonly<Record<string, unknown>>, logicalId: string): DockerEndpoint {
  return parseEndpoint(endpointOfLocator(properties), process.env, propertyPath(logicalId, 'docker_endpoint'));
}

/** The object's labels: the template's, then heatstack's own (which win). */
function labelsOf(request: CreateRequest): Labels {
  const declared = request.properties.labels;
  const own: Labels = {
    ...stackLabels(request.stack, request.owner),
    [LABELS.resource]: request.logicalId,
    [LABELS.configHash]: request.configHash,
    [LABELS.deployId]: request.deployId,
  };
  if (request.deletionPolicy !== undefined) own[LABELS.deletionPolicy] = request.deletionPolicy;
  return { ...stringMap(declared), ...own };
}

/** A map property's entries as strings (a label's value is text). */
export function stringMap(value: unknown): Labels {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
}

/** The stack's objects of this kind that a resource owns (labelled with one), on one daemon. */
function ownObjects(kind: DockerObjectKind, stack: string, declared: string | undefined): Promise<ListedObject[]> {
  return dockerClient(parseEndpoint(declared)).then((docker) =>
    kind.list(docker, [`${LABELS.stack}=${stack}`, LABELS.resource]),
  );
}
