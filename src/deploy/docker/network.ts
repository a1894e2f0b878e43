import type Docker from 'dockerode';
import { HeatstackError } from '../../errors.js';
import { LABELS, ownedBy, type StackOwner, stackLabels } from '../handler.js';
import { daemonMessage, statusOf } from './errors.js';

/**
 * Each stack has its own user-defined bridge network on each daemon it uses. Every container of the stack joins
 * it: containers reach each other by address and by name (logical id, `name`, link alias), and other stacks'
 * containers are not on it. Containers are attached by network id: Docker's duplicate-name check is not atomic,
 * so two racing creates (two processes) may leave two networks of one name, and a name would then be ambiguous.
 */
export function stackNetworkName(stack: string): string {
  return `heatstack-${stack}`;
}

/** The stack's networks on this daemon (normally one), oldest first. */
async function stackNetworks(
  docker: Docker,
  stack: string,
  name = stackNetworkName(stack),
): Promise<Docker.NetworkInspectInfo[]> {
  const found = await docker.listNetworks({ filters: JSON.stringify({ name: [name] }) });
  // The name filter matches substrings: keep the exact name only.
  return found.filter((n) => n.Name === name).sort((a, b) => a.Created.localeCompare(b.Created));
}

/**
 * A plain daemon's stack network; a Swarm stack's are an attachable overlay and a swarm-scoped bridge, its node
 * network (`swarm/network.ts`).
 */
export type NetworkDriver =
  | { readonly Driver: 'bridge' }
  | { readonly Driver: 'overlay'; readonly Attachable: true }
  | { readonly Driver: 'bridge'; readonly Scope: 'swarm'; readonly Attachable: true };

/**
 * @internal Creates the stack's network unless it exists; returns its id. A same-named network of something else, or
 * of a stack of the same name recorded in another state directory (`owner`), is an error.
 */
export async function ensureStackNetwork(
  docker: Docker,
  stack: string,
  owner: StackOwner | undefined,
  driver: NetworkDriver = { Driver: 'bridge' },
  name = stackNetworkName(stack),
): Promise<string> {
  try {
    const created = await docker.createNetwork({
      Name: name,
      ...driver,
      CheckDuplicate: true,
      Labels: stackLabels(stack, owner),
    });
    return created.id;
  } catch (error) {
    if (statusOf(error) !== 409) {
      throw new HeatstackError(`stack ${stack}: could not create its network ${name}: ${daemonMessage(error)}`);
    }
  }
  const existing = await stackNetworks(docker, stack, name);
  const named = existing.filter((n) => n.Labels?.[LABELS.stack] === stack);
  const identity = owner && { name: stack, ids: new Set([owner.id]), stateDir: owner.stateDir };
  const own = named.find((n) => identity === undefined || ownedBy(identity, n.Labels));
  const other = named[0]?.Labels;
  if (!own && other !== undefined) {
    throw new HeatstackError(
      `stack ${stack}: its network ${name} belongs to the stack ${stack} of another record ` +
        `(stack id ${other[LABELS.stackId]}, state directory ${other[LABELS.stateDir] ?? 'unknown'}); ` +
        'destroy that stack there, or choose another stack name',
    );
  }
  if (!own) {
    throw new HeatstackError(
      `stack ${stack}: a Docker network named ${name} exists but does not belong to this stack ` +
        `(no ${LABELS.stack}=${stack} label); remove or rename it (docker network rm ${name})`,
    );
  }
  return own.Id;
}

/**
 * @internal Removes the stack's network(s) once no container is on them; returns whether every one went. A network already
 * gone counts as removed; one still in use, or that Docker refuses to let go (below), is kept.
 */
export async function removeStackNetwork(docker: Docker, stack: string): Promise<boolean> {
  const networks = (await stackNetworks(docker, stack)).filter((n) => n.Labels?.[LABELS.stack] === stack);
  const removed = await Promise.all(networks.map((network) => removeEmptyNetwork(docker, network.Id)));
  return removed.every(Boolean);
}

const NETWORK_REMOVE_TRIES = 5;

/**
 * @internal Removes a network whose containers are gone; whether it went. Docker may still count a just-removed
 * container's endpoint for a moment, so "has active endpoints" is retried briefly while no container is attached.
 * Docker 20.10 can also lose that count for good under load (`docs/heat-docker.md`, "Docker behaviours heatstack works
 * around"): such a network is empty and harmless, is reused by the stack's next deploy, and goes with a daemon
 * restart. It is kept, not thrown (`networkRemoval` tells it apart). A network that still has containers (of another
 * deploy run) is kept as well.
 */
export async function removeEmptyNetwork(docker: Docker, id: string): Promise<boolean> {
  return (await networkRemoval(docker, id)) === 'removed';
}

/**
 * @internal How removing a network whose containers are gone ended: `removed` (or gone already); `attached`, a
 * container is still on it; `held`, Docker refuses it with no container attached (its lost endpoint count).
 */
export async function networkRemoval(docker: Docker, id: string): Promise<'removed' | 'attached' | 'held'> {
  for (let attempt = 1; ; attempt++) {
    try {
      await docker.getNetwork(id).remove();
      return 'removed';
    } catch (error) {
      const status = statusOf(error);
      if (status === 404) return 'removed';
      if (status !== 403) throw error;
      const attached = Object.keys((await docker.getNetwork(id).inspect()).Containers ?? {}).length;
      if (attached > 0) return 'attached';
      if (attempt >= NETWORK_REMOVE_TRIES) return 'held';
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
  }
}

/** What a user is told of a network `networkRemoval` found `held`: why it is left, and that nothing needs doing. */
export function heldNetworkNotice(network: string, stack: string): string {
  return (
    `network ${network} is left: Docker still counts an endpoint on it although no container is attached ` +
    `(a Docker 20.10 defect, moby/moby#42119); it goes when the daemon restarts, and the next deploy of stack ` +
    `${stack} uses it again`
  );
}
