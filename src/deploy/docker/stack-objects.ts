import type Docker from 'dockerode';
import { LABELS, ownedBy, type StackIdentity } from '../handler.js';
import { type DockerEndpoint, dockerClient, parseEndpoint } from './connection.js';
import { resourceError, statusOf } from './errors.js';
import { networkRemoval } from './network.js';

/** What a daemon holds under a stack's label: Docker is the ground truth when the local record is lost or stale. */
export interface StackObjects {
  readonly containers: readonly StackContainer[];
  readonly networks: readonly StackObject[];
  readonly volumes: readonly StackObject[];
}

export interface StackObject {
  /** The endpoint as given (or the default's key), so the caller can act on the object again. */
  readonly endpoint: string;
  readonly id: string;
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
}

export interface StackContainer extends StackObject {
  /** The logical resource (`io.heatstack.resource`). */
  readonly logicalId: string;
  /** Docker's state: `running`, `exited`, `created`, … */
  readonly state: string;
  /** The configuration hash and the deploy run that created it (from its labels). */
  readonly configHash?: string;
  readonly deployId?: string;
}

export interface RemovedStackObjects extends StackObjects {
  /** Networks not removed: a container is still on them, or Docker would not let them go (`held`). */
  readonly kept: readonly StackObject[];
  /** Those of `kept` Docker refuses to remove with no container on them (`networkRemoval`'s `held`). */
  readonly held: readonly StackObject[];
}

export interface RemoveStackObjectsOptions {
  /**
   * Only what this deploy run created (its `io.heatstack.deploy-id` label), as a rollback needs; the stack's
   * network then goes only if no container is left on it.
   */
  readonly deployId?: string;
  /**
   * Only what the container handler owns: its containers, and the networks and volumes no resource claims (the
   * stack's network). A network or volume labelled with a resource (`io.heatstack.resource`) is a declared
   * resource's object, its own handler's to remove: the engine's cleanup of leftovers must not take it.
   */
  readonly ownedOnly?: boolean;
  /** Containers (by id) to leave in place: those a failed run's record still holds, as it says. */
  readonly keep?: ReadonlySet<string>;
  /**
   * Only the stack's own objects (`ownedBy`): those of a stack of the same name recorded elsewhere stay. Absent:
   * every object under the name label.
   */
  readonly identity?: StackIdentity;
}

function endpointsOf(endpoints: readonly (string | undefined)[] | undefined): DockerEndpoint[] {
  const parsed = (endpoints && endpoints.length > 0 ? endpoints : [undefined]).map((e) => parseEndpoint(e));
  return [...new Map(parsed.map((e) => [e.key, e])).values()];
}

/** Every container, network and volume carrying the stack's label on the given endpoints (default: the local daemon). */
export async function findStackObjects(
  stack: string,
  endpoints?: readonly (string | undefined)[],
): Promise<StackObjects> {
  const found = await Promise.all(endpointsOf(endpoints).map((endpoint) => findOn(endpoint, stack)));
  return {
    containers: found.flatMap((f) => f.containers),
    networks: found.flatMap((f) => f.networks),
    volumes: found.flatMap((f) => f.volumes),
  };
}

async function findOn(endpoint: DockerEndpoint, stack: string): Promise<StackObjects> {
  const docker = await dockerClient(endpoint);
  const filters = JSON.stringify({ label: [`${LABELS.stack}=${stack}`] });
  try {
    const [containers, networks, volumes] = await Promise.all([
      docker.listContainers({ all: true, filters }),
      docker.listNetworks({ filters }),
      docker.listVolumes({ filters }),
    ]);
    return {
      containers: containers.map((c) => ({
        endpoint: endpoint.key,
        id: c.Id,
        name: (c.Names[0] ?? '').replace(/^\//, ''),
        labels: c.Labels ?? {},
        logicalId: c.Labels?.[LABELS.resource] ?? '',
        state: c.State,
        configHash: c.Labels?.[LABELS.configHash],
        deployId: c.Labels?.[LABELS.deployId],
      })),
      networks: networks.map((n) => ({ endpoint: endpoint.key, id: n.Id, name: n.Name, labels: n.Labels ?? {} })),
      volumes: (volumes.Volumes ?? []).map((v) => ({
        endpoint: endpoint.key,
        id: v.Name,
        name: v.Name,
        labels: v.Labels ?? {},
      })),
    };
  } catch (error) {
    throw resourceError(`stack ${stack}`, 'listing its Docker objects', endpoint, error);
  }
}

/** What `options` asks to remove of what was found. */
function selected(found: StackObjects, options: RemoveStackObjectsOptions): StackObjects {
  const { deployId, ownedOnly, identity } = options;
  const own = (o: StackObject) => identity === undefined || ownedBy(identity, o.labels);
  const unclaimed = (o: StackObject) => own(o) && (!ownedOnly || o.labels[LABELS.resource] === undefined);
  const ofRun = (o: StackObject) => deployId === undefined || o.labels[LABELS.deployId] === deployId;
  return {
    containers: found.containers.filter((c) => own(c) && ofRun(c)),
    networks: found.networks.filter(unclaimed),
    volumes: found.volumes.filter((v) => unclaimed(v) && ofRun(v)),
  };
}

/** Tolerates "already gone" (404) and "removal already in progress" (409). */
async function removeQuietly(remove: () => Promise<unknown>): Promise<void> {
  try {
    await remove();
  } catch (error) {
    const status = statusOf(error);
    if (status !== 404 && status !== 409) throw error;
  }
}

/** @internal Force-removes a container; when someone else is already removing it, waits until it is gone. */
export async function removeContainer(container: Docker.Container): Promise<void> {
  try {
    await container.remove({ force: true, v: true });
  } catch (error) {
    const status = statusOf(error);
    if (status === 404) return;
    if (status !== 409) throw error;
    await removeQuietly(() => container.wait({ condition: 'removed' }));
  }
}

/**
 * Force-removes everything of the stack (or of one deploy run of it): containers first (with their anonymous
 * volumes), all in parallel, then its networks and volumes. Returns what it found and removed.
 */
export async function removeStackObjects(
  stack: string,
  endpoints?: readonly (string | undefined)[],
  options: RemoveStackObjectsOptions = {},
): Promise<RemovedStackObjects> {
  const parsed = endpointsOf(endpoints);
  const found = await findStackObjects(stack, endpoints);
  const chosen = selected(found, options);
  const objects = { ...chosen, containers: chosen.containers.filter((c) => !options.keep?.has(c.id)) };
  const clients = new Map<string, Docker>();
  for (const endpoint of parsed) clients.set(endpoint.key, await dockerClient(endpoint));
  const on = (o: StackObject) => clients.get(o.endpoint)!;
  const attempt = async (step: string, work: Promise<unknown>[]) => {
    const failures = (await Promise.allSettled(work)).filter((r) => r.status === 'rejected');
    if (failures.length > 0) {
      throw resourceError(`stack ${stack}`, step, parsed[0], (failures[0] as PromiseRejectedResult).reason);
    }
  };
  await attempt(
    'removing its containers',
    objects.containers.map((c) => removeContainer(on(c).getContainer(c.id))),
  );
  const kept: StackObject[] = [];
  const held: StackObject[] = [];
  const removeNetwork = async (n: StackObject) => {
    const removal = await networkRemoval(on(n), n.id);
    if (removal === 'removed') return;
    if (options.deployId === undefined) await refuseForeignAttached(on(n), n, stack);
    kept.push(n);
    if (removal === 'held') held.push(n);
  };
  await attempt('removing its networks and volumes', [
    ...objects.networks.map(removeNetwork),
    ...objects.volumes.map((v) => removeQuietly(() => on(v).getVolume(v.name).remove({ force: true }))),
  ]);
  return { ...objects, kept, held };
}

/**
 * A whole stack's removal that cannot remove its network because a container not of the stack (started by hand on
 * it, say) is attached fails naming both, as `docker compose down` does: leaving the labelled network behind while
 * saying DELETE_COMPLETE would hide it. Containers of the stack still attached (a retained one) keep it quietly.
 */
async function refuseForeignAttached(docker: Docker, network: StackObject, stack: string): Promise<void> {
  const attached = await docker.listContainers({ all: true, filters: JSON.stringify({ network: [network.id] }) });
  const foreign = attached.filter((c) => c.Labels?.[LABELS.stack] !== stack);
  if (foreign.length === 0) return;
  const names = foreign.map((c) => (c.Names?.[0] ?? c.Id.slice(0, 12)).replace(/^\//, ''));
  throw new Error(
    `network ${network.name} is still used by ${names.length === 1 ? 'container' : 'containers'} ` +
      `${names.join(', ')}, not of stack ${stack}: disconnect ${names.length === 1 ? 'it' : 'them'} ` +
      `(docker network disconnect ${network.name} ${names[0]}) and run destroy again`,
  );
}
