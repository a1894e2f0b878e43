import type Docker from 'dockerode';
import { HeatstackError } from '../../errors.js';
import { type DockerEndpoint, dockerClient, parseEndpoint } from '../docker/connection.js';
import { endpointOf } from '../docker/container-handler.js';
import { DockerResourceError, resourceError, statusOf } from '../docker/errors.js';
import { InFlight, once } from '../docker/in-flight.js';
import { decodeLogs, followFirstLine, lastLine } from '../docker/logs.js';
import { daemonsOf } from '../docker/observe.js';
import { reasonOf } from '../engine/run.js';
import type { Observation } from '../engine/services.js';
import {
  type CreateRequest,
  type ExistingResource,
  type HandlerOptions,
  LABELS,
  type Locator,
  locatorKey,
  observedObject,
  ownedBy,
  type TypeHandler,
} from '../handler.js';
import type { Fingerprint } from '../plan/drift.js';
import { type NodeTaskContainers, nodeTaskContainers, serviceReach } from './addresses.js';
import { SERVICE_ATTRIBUTES, serviceAttribute } from './attributes.js';
import { ensureSwarmNetworks, removeSwarmNetworks, type SwarmNetworks } from './network.js';
import { secretReferences, secretsReadBy } from './secrets.js';
import { serviceSpec } from './service-spec.js';
import { isSuspended, resumedSpec, suspendedSpec } from './suspend.js';
import { type SwarmTask, serviceTasks, swarmTimeoutMs, taskErrors, waitForTasks } from './tasks.js';

/**
 * The Docker container type's handler on `deploy --target swarm` (`DeployBinding.targets.swarm` in
 * `template/resource-types/docker-container.ts`): each resource is a Swarm service on the stack's attachable overlay
 * network, reachable there by its logical id. Created = every replica's task runs; an update is Swarm's rolling update,
 * watched until it completes or Swarm rolls it back; suspend scales to 0 and remembers the count in a label
 * (`suspend.ts`). What it
 * owns under the stack's labels is services and the stack's overlay network. `docs/swarm.md` tells the whole mapping.
 */
export function createHandler(typeNames: readonly string[], options: HandlerOptions): TypeHandler {
  return new SwarmServiceHandler(typeNames[typeNames.length - 1] ?? '', options);
}

const where = (logicalId: string) => `Resources.${logicalId}`;

/** How an update rolls out unless the template says: one task at a time, and back to the old spec if one fails. */
const DEFAULT_FAILURE_ACTION = 'rollback';

class SwarmServiceHandler implements TypeHandler {
  private readonly logsHeadTimeoutMs: number;
  /** One networks ensure per endpoint and stack. */
  private readonly networks = new Map<string, Promise<SwarmNetworks>>();
  /** Creates and deletes in flight per endpoint and stack: the network goes when the last delete settles. */
  private readonly active = new InFlight();

  constructor(
    private readonly observedType: string,
    options: HandlerOptions,
  ) {
    this.logsHeadTimeoutMs = options.logsHeadTimeoutMs ?? 10_000;
  }

  async create(request: CreateRequest): Promise<{ physicalId: string }> {
    const at = where(request.logicalId);
    const endpoint = endpointOf(request);
    // Property mistakes, and what Swarm cannot express, surface before anything is touched.
    serviceSpec({ ...request, network: '', nodeNetwork: '' });
    const docker = await dockerClient(endpoint);
    const key = `${endpoint.key}\0${request.stack}`;
    this.active.begin(key);
    let created: string | undefined;
    let ok = false;
    try {
      const networks = await this.ensureNetworks(docker, endpoint, request);
      const spec = await withSecrets(
        docker,
        request,
        serviceSpec({ ...request, network: networks.overlay, nodeNetwork: networks.node }),
      );
      spec.UpdateConfig = withFailureAction(spec.UpdateConfig);
      created = await createService(docker, spec, at);
      await waitForTasks(docker, created, {
        want: wantedTasks(spec),
        timeoutMs: swarmTimeoutMs(),
        signal: request.signal,
        at,
        step: `creating the service ${spec.Name}`,
      });
      ok = true;
      return { physicalId: created };
    } catch (error) {
      // The engine never learns the id of a service that did not come up: it goes now.
      if (created !== undefined)
        await docker
          .getService(created)
          .remove()
          .catch(() => undefined);
      throw resourceError(at, 'creating the service', endpoint, error);
    } finally {
      if (this.active.end(key) === 0 && !ok) await this.removeNetworkIfUnused(docker, endpoint, request.stack);
    }
  }

  /**
   * Swarm's rolling update to the request's spec, watched until it completes (then every new task runs) or Swarm rolls
   * it back (then it throws, the service back on its previous spec and labels, which the engine then sees).
   */
  async update(resource: ExistingResource, request: CreateRequest): Promise<{ fingerprint?: Fingerprint }> {
    const at = where(request.logicalId);
    const endpoint = endpointOf(request);
    serviceSpec({ ...request, network: '', nodeNetwork: '' });
    const docker = await dockerClient(endpoint);
    const service = docker.getService(resource.physicalId);
    try {
      const networks = await this.ensureNetworks(docker, endpoint, request);
      const before = (await service.inspect()) as Docker.Service;
      const spec = await withSecrets(
        docker,
        request,
        serviceSpec({ ...request, network: networks.overlay, nodeNetwork: networks.node }),
      );
      const name = before.Spec?.Name;
      if (request.properties.name === undefined && name !== undefined) spec.Name = name;
      else if (spec.Name !== name)
        throw new DockerResourceError(`${at}: Swarm cannot rename the service ${name} to ${spec.Name}`);
      spec.UpdateConfig = withFailureAction(spec.UpdateConfig);
      const started = new Date().toISOString();
      await service.update({ version: before.Version?.Index, ...spec });
      const after = (await service.inspect()) as Docker.Service;
      const rollsOut = JSON.stringify(after.Spec?.TaskTemplate) !== JSON.stringify(before.Spec?.TaskTemplate);
      if (rollsOut) await this.watchRollout(docker, service, before, at, request.signal);
      await waitForTasks(docker, resource.physicalId, {
        want: wantedTasks(spec),
        since: rollsOut ? started : undefined,
        timeoutMs: swarmTimeoutMs(),
        signal: request.signal,
        at,
        step: `updating the service ${spec.Name}`,
      });
      return {};
    } catch (error) {
      if (statusOf(error) === 404) throw gone(at, resource.physicalId);
      throw resourceError(at, 'updating the service', endpoint, error);
    }
  }

  /** Follows `UpdateStatus` until this update completes; a rollback or a pause is its failure. */
  private async watchRollout(
    docker: Docker,
    service: Docker.Service,
    before: Docker.Service,
    at: string,
    signal?: AbortSignal,
  ): Promise<void> {
    const deadline = Date.now() + swarmTimeoutMs();
    const previous = before.UpdateStatus?.StartedAt;
    for (;;) {
      const info = (await service.inspect()) as Docker.Service;
      const status = info.UpdateStatus;
      const ours = status !== undefined && status.StartedAt !== previous;
      if (ours && status.State === 'completed') return;
      if (ours && (status.State === 'rollback_completed' || status.State?.endsWith('paused'))) {
        const failed = (await serviceTasks(docker, info.ID)).filter(
          (t) => t.Status?.State === 'failed' || t.Status?.State === 'rejected',
        );
        const tasks = failed.length > 0 ? `; its tasks: ${taskErrors(failed)}` : '';
        const outcome =
          status.State === 'rollback_completed' ? 'Swarm rolled it back to the previous spec' : `it is ${status.State}`;
        const message = `${at}: the rolling update failed and ${outcome}: ${status.Message ?? ''}${tasks}`;
        // Rolled back to the spec it had, labels and all: the service is as it was before this update.
        const undone =
          status.State === 'rollback_completed' &&
          info.Spec?.Labels?.[LABELS.configHash] === before.Spec?.Labels?.[LABELS.configHash];
        throw undone ? new RolledBackError(message) : new DockerResourceError(message);
      }
      if (signal?.aborted) return;
      if (Date.now() > deadline)
        throw new DockerResourceError(
          `${at}: the rolling update did not finish in time (HEATSTACK_SWARM_TIMEOUT): ${status?.Message ?? 'not started'}`,
        );
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  async delete(resource: ExistingResource): Promise<void> {
    const endpoint = endpointOf(resource);
    const docker = await dockerClient(endpoint);
    const key = `${endpoint.key}\0${resource.stack}`;
    this.active.begin(key);
    try {
      if (resource.physicalId) await removeService(docker, resource.physicalId);
    } catch (error) {
      throw resourceError(where(resource.logicalId), 'removing the service', endpoint, error);
    } finally {
      if (this.active.end(key) === 0) await this.removeNetworkIfUnused(docker, endpoint, resource.stack);
    }
  }

  /**
   * Scales the service to 0 (a global one: no node may run it), keeping what a resume needs in a label
   * (`suspend.ts`), and waits until no task runs.
   */
  async suspend(resource: ExistingResource): Promise<void> {
    await this.scale(resource, 'suspending the service', suspendedSpec);
  }

  /** Brings the service back as its suspend found it, and waits until its tasks run. */
  async resume(resource: ExistingResource): Promise<void> {
    await this.scale(resource, 'resuming the service', resumedSpec);
  }

  private async scale(
    resource: ExistingResource,
    step: string,
    change: (spec: Docker.ServiceSpec) => Docker.ServiceSpec | undefined,
  ): Promise<void> {
    const at = where(resource.logicalId);
    const endpoint = endpointOf(resource);
    const docker = await dockerClient(endpoint);
    const service = docker.getService(resource.physicalId);
    try {
      const info = (await service.inspect()) as Docker.Service;
      const spec = change(info.Spec ?? {});
      if (spec === undefined) return; // already in the asked state
      await service.update({ version: info.Version?.Index, ...spec });
      const want = wantedTasks(spec);
      // A suspended service's tasks are all shut down, so on resume only new ones are meant to run.
      if (isSuspended(spec) || want === 0) await waitUntilNoTaskRuns(docker, resource.physicalId);
      else await waitForTasks(docker, resource.physicalId, { want, timeoutMs: swarmTimeoutMs(), at, step });
    } catch (error) {
      if (statusOf(error) === 404) throw gone(at, resource.physicalId);
      throw resourceError(at, step, endpoint, error);
    }
  }

  async attribute(resource: ExistingResource, attribute: string): Promise<unknown> {
    const endpoint = endpointOf(resource);
    const docker = await dockerClient(endpoint);
    const service = docker.getService(resource.physicalId);
    const at = where(resource.logicalId);
    try {
      if (attribute === 'logs') return decodeLogs(await serviceLogs(service), false);
      if (attribute === 'logs_tail') return lastLine(decodeLogs(await serviceLogs(service, 10), false));
      if (attribute === 'logs_head') {
        const stream = await service.logs({ follow: true, stdout: true, stderr: true });
        return await followFirstLine(stream as NodeJS.ReadableStream, false, this.logsHeadTimeoutMs);
      }
      if (SERVICE_ATTRIBUTES.includes(attribute))
        return await serviceAttribute(docker, service, resource.stack, attribute, at);
    } catch (error) {
      if (statusOf(error) === 404) throw gone(at, resource.physicalId);
      throw resourceError(at, `reading the attribute ${attribute}`, endpoint, error);
    }
    const known = [...SERVICE_ATTRIBUTES, 'logs', 'logs_head', 'logs_tail'].join(', ');
    throw new HeatstackError(`${at}: a Swarm service has no attribute '${attribute}'; it has ${known}`);
  }

  // ---- what it owns under the stack's labels ----------------------------------------------------------------------

  async observe(stack: string, locators: readonly Locator[]): Promise<Observation> {
    const targets = daemonsOf(locators);
    const found = await Promise.allSettled(targets.map((e) => this.servicesOn(stack, e)));
    const objects = found.flatMap((r) => (r.status === 'fulfilled' ? r.value : []));
    const unreachable = new Map<string, string>();
    found.forEach((result, i) => {
      if (result.status === 'fulfilled') return;
      const key = parseEndpoint(targets[i]).key;
      if (key === parseEndpoint(undefined).key) unreachable.set('', reasonOf(result.reason));
      for (const l of locators)
        if (typeof l.docker_endpoint === 'string' && parseEndpoint(l.docker_endpoint).key === key)
          unreachable.set(locatorKey(l), reasonOf(result.reason));
    });
    return { objects, unreachable };
  }

  private async servicesOn(stack: string, declared: string | undefined) {
    const endpoint = parseEndpoint(declared);
    const docker = await dockerClient(endpoint);
    let list: Docker.Service[];
    let tasks: SwarmTask[];
    let onNode: NodeTaskContainers | undefined;
    try {
      list = await stackServices(docker, stack);
      // Where each is reached now (`addresses.ts`): on a one-node swarm a task's address, which a rolling update changes.
      [tasks, onNode] = await Promise.all([
        list.length === 0 ? [] : runningStackTasks(docker),
        list.length === 0 ? undefined : nodeTaskContainers(docker, 'com.docker.swarm.service.id'),
      ]);
    } catch (error) {
      throw resourceError(`stack ${stack}`, 'listing its Swarm services', endpoint, error);
    }
    const locator = declared === undefined ? {} : { docker_endpoint: declared };
    return list.map((s) => {
      const reach = serviceReach(s, stack, tasks, undefined, onNode);
      // The binding's `listedAttributes`: the address readers were made with, while a task runs.
      const listed =
        reach.address !== undefined && reach.taskIps.length > 0 ? { network_ip: reach.address } : undefined;
      return {
        ...observedObject(s.Spec?.Labels, s.ID, this.observedType, locator),
        ...(listed && { attributes: listed }),
      };
    });
  }

  /** Removes its services under the stack's labels (or one run's), then the stack's network once none is left. */
  readonly sweep: TypeHandler['sweep'] = async (stack, locators, deployId, keep) => {
    let removed = 0;
    for (const declared of daemonsOf(locators)) {
      const endpoint = parseEndpoint(declared);
      const docker = await dockerClient(endpoint);
      const services = (await stackServices(docker, stack.name)).filter(
        (s) =>
          ownedBy(stack, s.Spec?.Labels) &&
          !keep?.has(s.ID) &&
          (deployId === undefined || s.Spec?.Labels?.[LABELS.deployId] === deployId),
      );
      await Promise.all(services.map((s) => removeService(docker, s.ID)));
      removed += services.length;
      if (services.length > 0 || deployId === undefined) {
        this.networks.delete(`${endpoint.key}\0${stack.name}`);
        // The networks stay while a service under the name is left, the stack's or another record's.
        if ((await stackServices(docker, stack.name)).length === 0)
          removed += await removeSwarmNetworks(docker, stack.name);
      }
    }
    return removed;
  };

  // ---- the stack's networks -------------------------------------------------------------------------------------

  private ensureNetworks(docker: Docker, endpoint: DockerEndpoint, request: CreateRequest): Promise<SwarmNetworks> {
    const { stack, owner } = request;
    return once(this.networks, `${endpoint.key}\0${stack}`, () => ensureSwarmNetworks(docker, stack, owner));
  }

  /** After the last create or delete in flight: the networks go if no service of the stack is left. */
  private async removeNetworkIfUnused(docker: Docker, endpoint: DockerEndpoint, stack: string): Promise<void> {
    this.networks.delete(`${endpoint.key}\0${stack}`);
    const left = await stackServices(docker, stack).catch(() => [undefined]);
    if (left.length === 0) await removeSwarmNetworks(docker, stack).catch(() => undefined);
  }
}

/** The tasks meant to run now, of every service (one call for the stack's services). */
async function runningStackTasks(docker: Docker): Promise<SwarmTask[]> {
  return (await docker.listTasks({ filters: JSON.stringify({ 'desired-state': ['running'] }) })) as SwarmTask[];
}

function stackServices(docker: Docker, stack: string): Promise<Docker.Service[]> {
  return docker.listServices({ filters: { label: [`${LABELS.stack}=${stack}`] } }) as Promise<Docker.Service[]>;
}

/** Creates the service; a name taken by another service is the user's to resolve. */
async function createService(docker: Docker, spec: Docker.CreateServiceOptions, at: string): Promise<string> {
  try {
    const created = (await docker.createService(spec)) as unknown as { id?: string; ID?: string };
    return (created.id ?? created.ID) as string;
  } catch (error) {
    if (statusOf(error) !== 409) throw error;
    throw new DockerResourceError(
      `${at}: a Swarm service named '${spec.Name}' already exists; choose another name, or remove that service`,
    );
  }
}

/**
 * Removes a service and waits until its tasks' containers are gone (its network can go only then). A delete is a kill,
 * as a container's is (a force-remove): the task containers this daemon runs are killed rather than given the service's
 * stop grace period, which would hold every destroy 10 s per service (20 s per dependency level, measured) for
 * processes that ignore SIGTERM, as a container's PID 1 does by default. Tasks on other nodes get Swarm's own stop.
 */
async function removeService(docker: Docker, id: string): Promise<void> {
  try {
    await docker.getService(id).remove();
  } catch (error) {
    if (statusOf(error) !== 404) throw error;
  }
  await killTaskContainers(docker, id);
  await waitUntilNoTaskRuns(docker, id, true);
}

async function killTaskContainers(docker: Docker, serviceId: string): Promise<void> {
  const running = await docker.listContainers({ filters: JSON.stringify(taskFilter(serviceId)) });
  // A kill refused (gone already: 404; not running: 409; or any other) leaves Swarm's own stop to end the task.
  await Promise.all(
    running.map((c) =>
      docker
        .getContainer(c.Id)
        .kill()
        .catch(() => undefined),
    ),
  );
}

const taskFilter = (serviceId: string) => ({ label: [`com.docker.swarm.service.id=${serviceId}`] });

/** Polls until none of the service's task containers runs (or, `gone`, until none is left at all). */
async function waitUntilNoTaskRuns(docker: Docker, serviceId: string, gone = false): Promise<void> {
  const deadline = Date.now() + swarmTimeoutMs();
  const filters = JSON.stringify(taskFilter(serviceId));
  for (;;) {
    const left = await docker.listContainers({ all: gone, filters });
    if (left.length === 0 || Date.now() > deadline) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Tasks a spec wants running: its replica count, or every node's (global). */
function wantedTasks(spec: Docker.ServiceSpec): number | 'all' {
  return spec.Mode?.Global !== undefined ? 'all' : (spec.Mode?.Replicated?.Replicas ?? 1);
}

/** The spec with the stack's generated secrets its env reads given to its tasks as files (`secrets.ts`). */
async function withSecrets(
  docker: Docker,
  request: CreateRequest,
  spec: Docker.CreateServiceOptions,
): Promise<Docker.CreateServiceOptions> {
  const container = (spec.TaskTemplate as Docker.ContainerTaskSpec).ContainerSpec ?? {};
  const secrets = await secretReferences(docker, secretsReadBy(request.stack, container.Env));
  if (secrets === undefined) return spec;
  return { ...spec, TaskTemplate: { ...spec.TaskTemplate, ContainerSpec: { ...container, Secrets: secrets } } };
}

function withFailureAction(config: Docker.UpdateConfig | undefined): Docker.UpdateConfig {
  const base = config ?? { Parallelism: 1, Order: 'stop-first' };
  return { ...base, FailureAction: base.FailureAction ?? DEFAULT_FAILURE_ACTION };
}

/** A rolling update Swarm rolled back: the service is on its previous spec (`isUndoneUpdate` in `handler.ts`). */
class RolledBackError extends DockerResourceError {
  readonly undone = true;
}

function gone(at: string, id: string): DockerResourceError {
  return new DockerResourceError(`${at}: its service ${id} is gone; deploy the stack again`);
}

async function serviceLogs(service: Docker.Service, tail?: number): Promise<Buffer> {
  const options = { follow: false as const, stdout: true, stderr: true, ...(tail ? { tail } : {}) };
  return (await service.logs(options)) as unknown as Buffer;
}
