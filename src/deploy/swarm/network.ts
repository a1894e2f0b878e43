import type Docker from 'dockerode';
import { ensureStackNetwork, removeEmptyNetwork, stackNetworkName } from '../docker/network.js';
import { LABELS } from '../handler.js';

/**
 * @internal A Swarm stack's network: one attachable overlay per stack, named as a plain stack's bridge (`heatstack-<stack>`),
 * labelled with the stack. Every service joins it and is reachable there by its logical id (its virtual IP);
 * attachable, so a plain container (a test's probe, a debugging shell) can join it too.
 */
export function ensureSwarmNetwork(docker: Docker, stack: string): Promise<string> {
  return ensureStackNetwork(docker, stack, { Driver: 'overlay', Attachable: true });
}

/** @internal The stack's overlay network, if it exists. */
export async function swarmNetwork(docker: Docker, stack: string): Promise<Docker.NetworkInspectInfo | undefined> {
  const name = stackNetworkName(stack);
  const found = await docker.listNetworks({ filters: JSON.stringify({ name: [name], driver: ['overlay'] }) });
  return found.find((n) => n.Name === name && n.Labels?.[LABELS.stack] === stack);
}

/**
 * @internal Removes the stack's overlay network once its services' containers are gone; the tasks' endpoints on the network can
 * outlive their containers by a moment, so a refusal is retried for a while. Resolves to whether it went.
 */
export async function removeSwarmNetwork(docker: Docker, stack: string): Promise<boolean> {
  const deadline = Date.now() + NETWORK_RELEASE_MS;
  for (;;) {
    const network = await swarmNetwork(docker, stack);
    if (network === undefined) return false;
    if (await removeEmptyNetwork(docker, network.Id)) return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** How long the overlay's endpoints may take to be released after the last task container goes. */
const NETWORK_RELEASE_MS = 15_000;
