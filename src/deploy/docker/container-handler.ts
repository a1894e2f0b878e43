import type Docker from 'dockerode';
import { HeatstackError } from '../../errors.js';
import type { Observation } from '../engine/services.js';
import {
  type Created,
  type CreateRequest,
  type ExistingResource,
  FailedObjectKept,
  type HandlerOptions,
  InterruptedError,
  type Locator,
  type ResourceHandler,
  type StackIdentity,
  type TypeHandler,
} from '../handler.js';
import { type Fingerprint, isFinishedOneShot } from '../plan/drift.js';
import { INSPECT_ATTRIBUTES } from './attributes.js';
import { awaitsAddress } from './awaited-address.js';
import { type DockerEndpoint, dockerClient, parseEndpoint } from './connection.js';
import { joinNetworks } from './container-attachments.js';
import { containerCreateOptions, propertyPath, specInputFrom } from './container-spec.js';
import { containerUpdateBody } from './container-update.js';
import { DockerResourceError, daemonMessage, resourceError, statusOf } from './errors.js';
import { inspectFinds } from './external-object.js';
import { containerFingerprint, createdFingerprint, limitsDigest } from './fingerprint.js';
import { waitUntilHealthy } from './health-gate.js';
import { ensureImage, type PullPolicy } from './image.js';
import { InFlight, once } from './in-flight.js';
import { decodeLogs, followFirstLine, lastLine, tailLines } from './logs.js';
import { ensureStackNetwork, heldNetworkNotice, removeStackNetwork, stackNetworkName } from './network.js';
import { daemonsOf, observeContainers, observedState } from './observe.js';
import { settle } from './settle.js';
import {
  findStackObjects,
  type RemovedStackObjects,
  type RemoveStackObjectsOptions,
  removeContainer,
  removeStackObjects,
  type StackObjects,
} from './stack-objects.js';
import { type StopWatch, stoppedByDocker, watchStops } from './stopped-by-docker.js';

/**
 * The Docker container type's handler as the backend holds it (`DeployBinding.load` in
 * `template/resource-types/docker-container.ts`): it observes the stack's containers, reported as the last of
 * `typeNames`, and sweeps what it owns — containers, and the networks and volumes no resource claims.
 */
export function createHandler(typeNames: readonly string[], options: HandlerOptions): TypeHandler {
  const handler = new DockerContainerHandlerImpl(options);
  const observedType = typeNames[typeNames.length - 1] ?? '';
  return Object.assign(handler, {
    observe: (stack: string, locators: readonly Locator[]): Promise<Observation> =>
      observeContainers(stack, locators, observedType),
    sweep: async (
      stack: StackIdentity,
      locators: readonly Locator[],
      deployId?: string,
      keep?: ReadonlySet<string>,
    ): Promise<number> => {
      const only = { deployId, ownedOnly: true, keep, identity: stack };
      const removed = await handler.removeStackObjects(stack.name, daemonsOf(locators), only);
      for (const n of removed.held) options.onNotice?.(heldNetworkNotice(n.name, stack.name));
      return removed.containers.length + removed.networks.length - removed.kept.length + removed.volumes.length;
    },
  });
}

export interface DockerContainerHandlerOptions {
  /** `missing` (default): pull only an image the daemon lacks; `always`: pull once per deploy; `never`: fail. */
  readonly pullPolicy?: PullPolicy;
  /** How long `logs_head` waits for a first line of output (default 10 s, as the 2013 plugin). */
  readonly logsHeadTimeoutMs?: number;
  /**
   * The least time after start before a container counts as started (default 20 ms; it lies on the critical path
   * of every dependency chain). What decides is watched, not waited for: see `settle.ts`.
   */
  readonly settleMs?: number;
  /** How long a container whose processes never wait (busy from the start) runs before it counts as started. */
  readonly busyMs?: number;
  /**
   * Seconds a suspend waits after SIGTERM before it kills a container, for every container (as `docker compose stop
   * -t`); default each container's own `stop_timeout`, else Docker's 10.
   */
  readonly stopTimeoutSeconds?: number;
}

/** The handler, plus the stack-wide calls the engine makes when it deletes a whole stack or recovers one. */
export interface DockerContainerHandler extends ResourceHandler {
  /** Containers, networks and volumes carrying the stack's label (Docker is the ground truth). */
  findStackObjects(stack: string, endpoints?: readonly (string | undefined)[]): Promise<StackObjects>;
  /** Force-removes all of them (containers first), tolerating what is already gone; or only one run's. */
  removeStackObjects(
    stack: string,
    endpoints?: readonly (string | undefined)[],
    options?: RemoveStackObjectsOptions,
  ): Promise<RemovedStackObjects>;
  /** Removes the stack's network(s) once its containers are gone (delete does this by itself when idle). */
  removeStackNetwork(stack: string, endpoints?: readonly (string | undefined)[]): Promise<void>;
}

const where = (logicalId: string) => `Resources.${logicalId}`;

/** The daemon a resource lives on: its `docker_endpoint`, else `DOCKER_HOST`, else the local socket. */
export function endpointOf(resource: {
  logicalId: string;
  properties: Readonly<Record<string, unknown>>;
}): DockerEndpoint {
  const value = resource.properties.docker_endpoint;
  const declared = typeof value === 'string' ? value : undefined;
  return parseEndpoint(declared, process.env, propertyPath(resource.logicalId, 'docker_endpoint'));
}

export function createDockerContainerHandler(options: DockerContainerHandlerOptions = {}): DockerContainerHandler {
  return new DockerContainerHandlerImpl(options);
}

class DockerContainerHandlerImpl implements DockerContainerHandler {
  private readonly pullPolicy: PullPolicy;
  private readonly logsHeadTimeoutMs: number;
  private readonly settleMs: number;
  private readonly busyMs: number;
  private readonly stopOptions: { t?: number };
  /** One image check (or pull) per endpoint, deploy and image. */
  private readonly images = new Map<string, Promise<void>>();
  /** One network ensure per endpoint and stack. */
  private readonly networks = new Map<string, Promise<string>>();
  /** Concurrent inspects of one container share one call. */
  private readonly inspects = new Map<string, Promise<Docker.ContainerInspectInfo>>();
  /**
   * The inspect document read when a create settled, served to the attribute reads that follow at once (the
   * engine reads a new container's address for its dependents): one inspect per container, not two.
   */
  private readonly fresh = new Map<string, Docker.ContainerInspectInfo>();
  /** Creates and deletes in flight per endpoint and stack: the network is removed when the last delete settles. */
  private readonly active = new InFlight();

  constructor(options: DockerContainerHandlerOptions) {
    this.pullPolicy = options.pullPolicy ?? 'missing';
    this.logsHeadTimeoutMs = options.logsHeadTimeoutMs ?? 10_000;
    this.settleMs = options.settleMs ?? 20;
    this.busyMs = options.busyMs ?? 2000;
    this.stopOptions = options.stopTimeoutSeconds === undefined ? {} : { t: options.stopTimeoutSeconds };
  }

  async create(request: CreateRequest): Promise<Created> {
    const at = where(request.logicalId);
    const endpoint = endpointOf(request);
    // Property mistakes surface before anything is touched.
    const image = containerCreateOptions(specInputFrom(request, stackNetworkName(request.stack))).Image!;
    const docker = await dockerClient(endpoint);
    const key = `${endpoint.key}\0${request.stack}`;
    this.active.begin(key);
    let created = false;
    try {
      // Both settle before a failure is reported, so the cleanup below never races a network still being created.
      const [imageReady, network] = await Promise.allSettled([
        this.ensureImage(docker, endpoint, image, request),
        this.ensureNetwork(docker, endpoint, request),
      ]);
      if (imageReady.status === 'rejected') throw imageReady.reason;
      if (network.status === 'rejected') throw network.reason;
      giveUpIfInterrupted(request);
      let networkId = network.value;
      for (let attempt = 0; ; attempt++) {
        try {
          const info = await this.createAndStart(docker, request, networkId, image, at);
          created = true;
          this.remember(endpoint, info);
          return { physicalId: info.Id, fingerprint: createdFingerprint(info) };
        } catch (error) {
          // The network was removed behind this handler's back (another process, a stack cleanup): renew it once.
          if (attempt > 0 || !isNetworkMissing(error)) throw error;
          networkId = await this.renewNetwork(docker, endpoint, request, networkId);
        }
      }
    } catch (error) {
      if (error instanceof KeptContainer)
        throw new FailedObjectKept(
          resourceError(at, 'creating the container', endpoint, error.cause).message,
          error.id,
        );
      throw resourceError(at, 'creating the container', endpoint, error);
    } finally {
      // The stack's first create failing must not leave its network behind either.
      if (this.active.end(key) === 0 && !created) await this.removeNetworkIfUnused(docker, endpoint, request.stack);
    }
  }

  async delete(resource: ExistingResource): Promise<void> {
    const endpoint = endpointOf(resource);
    const docker = await dockerClient(endpoint);
    const key = `${endpoint.key}\0${resource.stack}`;
    this.forget(endpoint, resource.physicalId);
    this.active.begin(key);
    try {
      // Gone already counts as deleted; one being removed by someone else is waited for.
      if (resource.physicalId) await removeContainer(docker.getContainer(resource.physicalId));
    } catch (error) {
      throw resourceError(where(resource.logicalId), 'deleting the container', endpoint, error);
    } finally {
      if (this.active.end(key) === 0) await this.removeNetworkIfUnused(docker, endpoint, resource.stack);
    }
  }

  async suspend(resource: ExistingResource): Promise<void> {
    await this.containerCall(resource, 'stopping the container', (c) => c.stop(this.stopOptions));
  }

  async resume(resource: ExistingResource): Promise<void> {
    await this.containerCall(resource, 'starting the container', (c) => c.start());
  }

  /**
   * A container found stopped or paused outside heatstack runs again: unpaused, or started and watched as a create
   * watches it (`settle.ts`); one that exits again fails the repair, and the engine replaces it.
   */
  async repair(resource: ExistingResource): Promise<void> {
    const endpoint = endpointOf(resource);
    const docker = await dockerClient(endpoint);
    const container = docker.getContainer(resource.physicalId);
    const at = where(resource.logicalId);
    this.forget(endpoint, resource.physicalId);
    let info: Docker.ContainerInspectInfo;
    try {
      if ((await container.inspect()).State.Paused) return void (await container.unpause());
      await container.start();
      ({ info } = await settle(container, { settleMs: this.settleMs, busyMs: this.busyMs }));
    } catch (error) {
      if (statusOf(error) === 404) throw new DockerResourceError(`${at}: its container ${resource.physicalId} is gone`);
      throw resourceError(at, 'starting the container again', endpoint, error);
    }
    if (!info.State.Running)
      throw new DockerResourceError(`${at}: the container exited again (code ${info.State.ExitCode})`);
  }

  /**
   * Changes its limits and restart policy in place (`container-update.ts`): one call. Resolves to the part of its
   * fingerprint that changed, `limits`, as the values set give it (no inspect needed).
   */
  async update(resource: ExistingResource, request: CreateRequest): Promise<{ fingerprint: Fingerprint }> {
    const body = containerUpdateBody(resource.logicalId, request.properties);
    await this.containerCall(resource, 'updating the container', (c) => c.update(body));
    return { fingerprint: { limits: limitsDigest(body.Memory, body.CpuShares, body.CpusetCpus, body.RestartPolicy) } };
  }

  async exists(resource: ExistingResource): Promise<boolean> {
    return inspectFinds(endpointOf(resource), where(resource.logicalId), (docker) =>
      docker.getContainer(resource.physicalId).inspect(),
    );
  }

  /** Its content now (`fingerprint.ts`), from a fresh inspect. */
  async fingerprint(resource: ExistingResource): Promise<Fingerprint> {
    const endpoint = endpointOf(resource);
    const docker = await dockerClient(endpoint);
    try {
      return containerFingerprint(await docker.getContainer(resource.physicalId).inspect());
    } catch (error) {
      throw resourceError(where(resource.logicalId), 'inspecting the container', endpoint, error);
    }
  }

  async attribute(resource: ExistingResource, attribute: string): Promise<unknown> {
    const endpoint = endpointOf(resource);
    const docker = await dockerClient(endpoint);
    const container = docker.getContainer(resource.physicalId);
    const tty = resource.properties.tty === true;
    const at = where(resource.logicalId);
    const read = async (): Promise<unknown> => {
      const fromInspect = INSPECT_ATTRIBUTES[attribute];
      if (fromInspect) return readInspected(await this.inspect(endpoint, container), resource, attribute, fromInspect);
      if (attribute === 'logs') return decodeLogs(await logBuffer(container), tty);
      if (attribute === 'logs_tail') return lastLine(decodeLogs(await logBuffer(container, 10), tty));
      if (attribute === 'logs_head') return await this.logsHead(container, tty);
      return NO_SUCH_ATTRIBUTE;
    };
    let value: unknown;
    try {
      value = await readAgainOnce(read);
    } catch (error) {
      if (statusOf(error) === 404) {
        throw new DockerResourceError(`${at}: its container ${resource.physicalId} is gone; deploy the stack again`);
      }
      throw resourceError(at, `reading the attribute ${attribute}`, endpoint, error);
    }
    if (value !== NO_SUCH_ATTRIBUTE) return value;
    const known = [...Object.keys(INSPECT_ATTRIBUTES), 'logs', 'logs_head', 'logs_tail'].join(', ');
    throw new HeatstackError(`${at}: a Docker container has no attribute '${attribute}'; it has ${known}`);
  }

  findStackObjects(stack: string, endpoints?: readonly (string | undefined)[]): Promise<StackObjects> {
    return findStackObjects(stack, endpoints);
  }

  async removeStackObjects(
    stack: string,
    endpoints?: readonly (string | undefined)[],
    options?: RemoveStackObjectsOptions,
  ): Promise<RemovedStackObjects> {
    this.forgetNetworks(stack);
    return removeStackObjects(stack, endpoints, options);
  }

  async removeStackNetwork(stack: string, endpoints?: readonly (string | undefined)[]): Promise<void> {
    this.forgetNetworks(stack);
    const parsed = (endpoints && endpoints.length > 0 ? endpoints : [undefined]).map((e) => parseEndpoint(e));
    await Promise.all(parsed.map(async (e) => removeStackNetwork(await dockerClient(e), stack)));
  }

  // ---- create ---------------------------------------------------------------------------------------------------

  private ensureImage(docker: Docker, endpoint: DockerEndpoint, image: string, request: CreateRequest): Promise<void> {
    const key = `${endpoint.key}\0${request.deployId}\0${image}`;
    let done = this.images.get(key);
    if (!done) {
      done = ensureImage(docker, image, this.pullPolicy, where(request.logicalId), request.progress);
      this.images.set(key, done);
    }
    return done;
  }

  private ensureNetwork(docker: Docker, endpoint: DockerEndpoint, request: CreateRequest): Promise<string> {
    const { stack, owner } = request;
    return once(this.networks, `${endpoint.key}\0${stack}`, () => ensureStackNetwork(docker, stack, owner));
  }

  private forgetNetworks(stack: string): void {
    for (const key of this.networks.keys()) if (key.endsWith(`\0${stack}`)) this.networks.delete(key);
  }

  /**
   * Creates and starts the container; if any step fails, removes it: the engine never learns its id — unless the
   * request keeps a failed object (`--no-rollback`), for its logs.
   */
  private async createAndStart(
    docker: Docker,
    request: CreateRequest,
    networkId: string,
    image: string,
    at: string,
  ): Promise<Docker.ContainerInspectInfo> {
    const options = containerCreateOptions(specInputFrom(request, networkId));
    let container: Docker.Container;
    try {
      container = await docker.createContainer(options);
    } catch (error) {
      if (statusOf(error) !== 409) throw error;
      throw new DockerResourceError(
        `${at}: a container named '${options.name}' already exists: ${daemonMessage(error)}; ` +
          'choose another name, or remove that container',
      );
    }
    let stops: StopWatch | undefined;
    try {
      await joinNetworks(
        docker,
        container,
        request.properties,
        request.logicalId,
        propertyPath(request.logicalId, 'networks'),
      );
      stops = await watchStops(docker, container.id);
      await container.start();
      const started = await this.settled(docker, container, image, at, request, stops);
      const info = await waitUntilHealthy(container, started, {
        at,
        signal: request.signal,
        progress: request.progress,
      });
      // Interrupted meanwhile: the container goes (below), so the rollback finds nothing of this create.
      giveUpIfInterrupted(request);
      return info;
    } catch (error) {
      if (request.keepFailed && !request.signal?.aborted && !isNetworkMissing(error))
        throw new KeptContainer(container.id, error);
      await container.remove({ force: true, v: true }).catch(() => undefined);
      throw error;
    } finally {
      stops?.close();
    }
  }

  /** Ensures the network again, once for all the creates that found the same stale id. */
  private renewNetwork(
    docker: Docker,
    endpoint: DockerEndpoint,
    request: CreateRequest,
    staleId: string,
  ): Promise<string> {
    const key = `${endpoint.key}\0${request.stack}`;
    const cached = this.networks.get(key);
    const stillStale = cached ? cached.then((id) => id === staleId).catch(() => true) : Promise.resolve(true);
    return stillStale.then((stale) => {
      if (stale && this.networks.get(key) === cached) this.networks.delete(key);
      return this.ensureNetwork(docker, endpoint, request);
    });
  }

  /**
   * Waits until the container has started for good (`settle.ts` says what is watched). One that died fails the
   * create with the tail of its output, unless it exited 0: a finished one-shot container counts as created — not
   * one Docker stopped meanwhile (`stopped-by-docker.ts`), which fails the create.
   */
  private async settled(
    docker: Docker,
    container: Docker.Container,
    image: string,
    at: string,
    request: CreateRequest,
    stops: StopWatch,
  ): Promise<Docker.ContainerInspectInfo> {
    const options = { settleMs: this.settleMs, busyMs: this.busyMs, signal: request.signal };
    const { started, info } = await settle(container, options);
    const state = info.State;
    if (started) return info;
    if (state.Status === 'exited' && state.ExitCode === 0 && info.RestartCount === 0) {
      if (!stops.stopped() && !(await stoppedByDocker(docker, info))) return info;
      throw new DockerResourceError(
        `${at}: its container was stopped by Docker (a \`docker stop\`, or the daemon shutting down) while it started; deploy the stack again`,
      );
    }
    const tty = request.properties.tty === true;
    const output = tailLines(decodeLogs(await logBuffer(container, 20).catch(() => Buffer.alloc(0)), tty), 20);
    const why = state.OOMKilled ? ' (killed: out of memory)' : state.Error ? ` (${state.Error})` : '';
    // Restarted and running again, its exit code is no longer told.
    const how = state.Running ? '' : ` with code ${state.ExitCode}${why}`;
    const restarted = state.Restarting || info.RestartCount > 0 ? ' and was restarted by its restart policy' : '';
    throw new DockerResourceError(
      `${at}: the container (image ${image}) exited${how} right after it started${restarted}; ` +
        (output ? `the last lines of its output:\n${output}` : 'it printed nothing'),
    );
  }

  // ---- delete, suspend, resume ----------------------------------------------------------------------------------

  /** After the last delete in flight: the network goes if no container is left on it (Docker refuses otherwise). */
  private async removeNetworkIfUnused(docker: Docker, endpoint: DockerEndpoint, stack: string): Promise<void> {
    this.networks.delete(`${endpoint.key}\0${stack}`);
    await removeStackNetwork(docker, stack).catch(() => undefined);
  }

  private async containerCall(
    resource: ExistingResource,
    step: string,
    call: (container: Docker.Container) => Promise<unknown>,
  ): Promise<void> {
    const endpoint = endpointOf(resource);
    const docker = await dockerClient(endpoint);
    this.forget(endpoint, resource.physicalId);
    try {
      await call(docker.getContainer(resource.physicalId));
    } catch (error) {
      if (statusOf(error) === 304) return; // already in the asked state
      if (statusOf(error) === 404) {
        throw new DockerResourceError(`${where(resource.logicalId)}: its container ${resource.physicalId} is gone`);
      }
      throw resourceError(where(resource.logicalId), step, endpoint, error);
    }
  }

  // ---- attributes -----------------------------------------------------------------------------------------------

  private remember(endpoint: DockerEndpoint, info: Docker.ContainerInspectInfo): void {
    const key = `${endpoint.key}\0${info.Id}`;
    this.fresh.set(key, info);
    setTimeout(() => this.fresh.delete(key), FRESH_MS).unref();
  }

  private forget(endpoint: DockerEndpoint, physicalId: string): void {
    this.fresh.delete(`${endpoint.key}\0${physicalId}`);
  }

  private inspect(endpoint: DockerEndpoint, container: Docker.Container): Promise<Docker.ContainerInspectInfo> {
    const key = `${endpoint.key}\0${container.id}`;
    const fresh = this.fresh.get(key);
    if (fresh) return Promise.resolve(fresh);
    let pending = this.inspects.get(key);
    if (!pending) {
      pending = container.inspect().finally(() => this.inspects.delete(key));
      this.inspects.set(key, pending);
    }
    return pending;
  }

  /** The first line of output, followed live (`followFirstLine`). */
  private async logsHead(container: Docker.Container, tty: boolean): Promise<string> {
    const stream = await container.logs({ follow: true, stdout: true, stderr: true });
    return followFirstLine(stream as NodeJS.ReadableStream, tty, this.logsHeadTimeoutMs);
  }
}

/** A failed create's container, kept (`CreateRequest.keepFailed`): `create` turns it into a `FailedObjectKept`. */
class KeptContainer extends Error {
  constructor(
    readonly id: string,
    override readonly cause: unknown,
  ) {
    super(`container ${id} kept`);
  }
}

function giveUpIfInterrupted(request: CreateRequest): void {
  if (request.signal?.aborted) throw new InterruptedError();
}

/**
 * A start refused because its network is gone. A plain daemon says 404 "network … not found"; a daemon in swarm mode
 * asks the cluster for the attachment and answers 500 "Could not attach to network …: rpc error: code = NotFound".
 */
function isNetworkMissing(error: unknown): boolean {
  const message = daemonMessage(error);
  const status = statusOf(error);
  if (status === 404) return /network .* not found/i.test(message);
  return status === 500 && /could not attach to network .*code = NotFound/i.test(message);
}

/** How long a just-created container's inspect document stands in for a live one. */
const FRESH_MS = 2000;

/** The container's output so far (stdout and stderr as Docker interleaves them); `tail` limits it to n lines. */
/**
 * An attribute of the inspect document. A container that is not running has no address: its `network_ip` and
 * `network_gateway` are an error naming its state, never an empty string an output would interpolate (`http:///`);
 * deploying again helps only a container that should run (a finished one-shot is left finished).
 */
function readInspected(
  info: Docker.ContainerInspectInfo,
  resource: ExistingResource,
  attribute: string,
  read: (info: Docker.ContainerInspectInfo, stack: string) => unknown,
): unknown {
  const value = read(info, resource.stack);
  if (value !== '' || !ADDRESS_ATTRIBUTES.has(attribute)) return value;
  if (awaitsAddress(info))
    throw new DockerResourceError(
      `${where(resource.logicalId)}: its container is running with no address on its network (not attached again since the daemon restarted, or disconnected), so it has no ${attribute} yet; deploy the stack again`,
    );
  if (info.State.Running) return value;
  if (isFinishedOneShot(resource, observedState({ state: info.State.Status, exitCode: info.State.ExitCode })))
    throw new DockerResourceError(
      `${where(resource.logicalId)}: its container is a one-shot that has finished (exited 0), so it has no ${attribute}: a deploy leaves a finished one-shot as it is; read the address of a container that keeps running`,
    );
  throw new DockerResourceError(
    `${where(resource.logicalId)}: its container is ${info.State.Paused ? 'paused' : `${info.State.Status} (${info.State.ExitCode})`}, so it has no ${attribute}; deploy the stack again`,
  );
}

const ADDRESS_ATTRIBUTES: ReadonlySet<string> = new Set(['network_ip', 'network_gateway']);

async function logBuffer(container: Docker.Container, tail?: number): Promise<Buffer> {
  const options = { follow: false as const, stdout: true, stderr: true, ...(tail ? { tail } : {}) };
  return (await container.logs(options)) as Buffer;
}

const NO_SUCH_ATTRIBUTE = Symbol('no such attribute');

/**
 * Reading an attribute changes nothing, so a read the daemon failed (an error status, a connection dropped or never
 * answered) is made once more before it is reported: one transient fault must not leave a deployed stack's output
 * holding an error. heatstack's own errors (the attribute cannot be had) are not read again.
 */
async function readAgainOnce<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof HeatstackError) throw error;
    return read();
  }
}
