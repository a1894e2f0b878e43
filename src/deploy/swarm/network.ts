import type Docker from 'dockerode';
import { ensureStackNetwork, removeEmptyNetwork, stackNetworkName } from '../docker/network.js';
import { LABELS, type StackOwner } from '../handler.js';

/**
 * @internal A Swarm stack's networks, both labelled with the stack (`docs/swarm.md`, "Reaching a service from the host"):
 * - its overlay, named as a plain stack's bridge (`heatstack-<stack>`): every service joins it and is reachable there by
 *   its logical id, on any node; attachable, so a plain container (a test's probe, a debugging shell) can join it too;
 * - its node network (`heatstack-<stack>-node`), a swarm-scoped bridge: each node that runs a task has it as a bridge
 *   of its own, like a plain daemon's stack network, so the task's address there is reached from that node's host and
 *   from the stack's other tasks on the node without Swarm's virtual IPs (which need the kernel's `ip_vs`).
 */
export interface SwarmNetworks {
  readonly overlay: string;
  readonly node: string;
}

/** @internal Creates the stack's overlay and node networks unless they exist; returns their ids. */
export async function ensureSwarmNetworks(
  docker: Docker,
  stack: string,
  owner: StackOwner | undefined,
): Promise<SwarmNetworks> {
  const nodeDriver = { Driver: 'bridge', Scope: 'swarm', Attachable: true } as const;
  const [overlay, node] = await Promise.all([
    ensureStackNetwork(docker, stack, owner, { Driver: 'overlay', Attachable: true }),
    ensureStackNetwork(docker, stack, owner, nodeDriver, nodeNetworkName(stack)),
  ]);
  return { overlay, node };
}

/** @internal The name of the stack's node network. */
export function nodeNetworkName(stack: string): string {
  return `${stackNetworkName(stack)}-node`;
}

/** @internal The stack's overlay network, if it exists. */
export function swarmNetwork(docker: Docker, stack: string): Promise<Docker.NetworkInspectInfo | undefined> {
  return labelledNetwork(docker, stack, stackNetworkName(stack), 'overlay');
}

/** @internal The stack's node network, if it exists. */
export function nodeNetwork(docker: Docker, stack: string): Promise<Docker.NetworkInspectInfo | undefined> {
  return labelledNetwork(docker, stack, nodeNetworkName(stack), 'bridge');
}

async function labelledNetwork(
  docker: Docker,
  stack: string,
  name: string,
  driver: string,
): Promise<Docker.NetworkInspectInfo | undefined> {
  const found = await docker.listNetworks({ filters: JSON.stringify({ name: [name], driver: [driver] }) });
  return found.find((n) => n.Name === name && n.Labels?.[LABELS.stack] === stack);
}

/**
 * @internal Removes the stack's overlay and node networks once its services' containers are gone; the tasks' endpoints on a
 * network can outlive their containers by a moment, so a refusal is retried for a while. Resolves to how many went.
 */
export async function removeSwarmNetworks(docker: Docker, stack: string): Promise<number> {
  const removed = await Promise.all([
    removeWhenReleased(() => swarmNetwork(docker, stack), docker),
    removeWhenReleased(() => nodeNetwork(docker, stack), docker),
  ]);
  return removed.filter(Boolean).length;
}

async function removeWhenReleased(
  find: () => Promise<Docker.NetworkInspectInfo | undefined>,
  docker: Docker,
): Promise<boolean> {
  const deadline = Date.now() + NETWORK_RELEASE_MS;
  for (;;) {
    const network = await find();
    if (network === undefined) return false;
    if (await removeEmptyNetwork(docker, network.Id)) return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** How long a network's endpoints may take to be released after the last task container goes. */
const NETWORK_RELEASE_MS = 15_000;
