import type Docker from 'dockerode';
import { nodeNetworkName } from './network.js';
import { runningTasks, type SwarmTask } from './tasks.js';

/**
 * Where a service is reached (`docs/swarm.md`, "Reaching a service from the host"): the one rule `network_ip`,
 * `task_ips`, `network_gateway` and `ps` follow.
 * - On a swarm of one node, the host of the daemon heatstack talks to: its running tasks' addresses on the stack's node
 *   network (a bridge of that host, `network.ts`), the lowest first. The host opens them, as it opens a plain stack's
 *   container addresses, and the stack's other tasks reach them: neither needs Swarm's virtual IPs, which are built on
 *   the kernel's `ip_vs` and do not route on a kernel without it. So the seed's `BlogURL` opens from the host.
 * - On a swarm of several nodes a node network's address is reached on its own node only: the service's virtual IP on
 *   the stack's overlay network, which balances over the tasks, or with `endpoint_mode: dnsrr` (no virtual IP) its
 *   running tasks' overlay addresses, the lowest first.
 * A service with no running task on a one-node swarm (suspended, `replicas: 0`) falls back to the second rule.
 */

/** A task container's networks as its node's daemon lists them, by network name. */
type ContainerNetworks = Readonly<Record<string, { readonly IPAddress?: string; readonly Gateway?: string }>>;

/** @internal Task containers by id, as the one node of a one-node swarm runs them. */
export type NodeTaskContainers = ReadonlyMap<string, ContainerNetworks>;

/** @internal Where a service is reached, by the rule above. */
export interface ServiceReach {
  /** `network_ip`: the lowest task address on the node network, or the virtual IP / lowest overlay task address. */
  readonly address?: string;
  /** The running tasks' addresses on the same network as `address`, sorted. */
  readonly taskIps: readonly string[];
  /** Whether `address` is on the stack's node network (the host reaches it), not on the overlay. */
  readonly onNode: boolean;
  /** The node network's gateway, when `onNode`. */
  readonly nodeGateway?: string;
}

/**
 * @internal The running task containers of the daemon's node matching a container label filter (`key` or `key=value`),
 * when the daemon is the only node of its swarm; `undefined` on a swarm of several nodes.
 */
export async function nodeTaskContainers(
  docker: Docker,
  label: string,
  abortSignal?: AbortSignal,
): Promise<NodeTaskContainers | undefined> {
  const info = (await docker.info()) as { Swarm?: { Nodes?: number } };
  if (info.Swarm?.Nodes !== 1) return undefined;
  const containers = await docker.listContainers({ filters: JSON.stringify({ label: [label] }), abortSignal });
  return new Map(containers.map((c) => [c.Id, (c.NetworkSettings?.Networks ?? {}) as ContainerNetworks]));
}

/**
 * @internal Where the service of `stack` is reached, from its tasks (any others are ignored), the overlay's id (undefined:
 * any overlay attachment) and, on a one-node swarm, the node's task containers.
 */
export function serviceReach(
  service: Docker.Service,
  stack: string,
  tasks: readonly SwarmTask[],
  overlayId: string | undefined,
  onNode: NodeTaskContainers | undefined,
): ServiceReach {
  const running = runningTasks(tasks.filter((t) => t.ServiceID === undefined || t.ServiceID === service.ID));
  if (onNode !== undefined) {
    const name = nodeNetworkName(stack);
    const entries = running
      .map((t) => onNode.get(t.Status?.ContainerStatus?.ContainerID ?? '')?.[name])
      .filter((e) => e?.IPAddress);
    const taskIps = entries.map((e) => e?.IPAddress as string).sort(byAddress);
    if (taskIps.length > 0) return { address: taskIps[0], taskIps, onNode: true, nodeGateway: entries[0]?.Gateway };
  }
  const taskIps = running
    .flatMap((t) => (t.NetworksAttachments ?? []).filter((a) => overlayId === undefined || a.Network?.ID === overlayId))
    .flatMap((a) => a.Addresses ?? [])
    .map((a) => a.split('/')[0] as string)
    .sort(byAddress);
  const dnsrr = service.Spec?.EndpointSpec?.Mode === 'dnsrr';
  return { address: dnsrr ? taskIps[0] : virtualIp(service, overlayId), taskIps, onNode: false };
}

function virtualIp(service: Docker.Service, overlayId: string | undefined): string | undefined {
  const vips = service.Endpoint?.VirtualIPs ?? [];
  const vip = vips.find((v) => v.Addr && (overlayId === undefined || v.NetworkID === overlayId))?.Addr;
  return vip?.split('/')[0];
}

/** Dotted addresses in numeric order (`10.0.0.9` before `10.0.0.10`). */
function byAddress(a: string, b: string): number {
  const [x, y] = [a.split('.').map(Number), b.split('.').map(Number)];
  for (let i = 0; i < Math.max(x.length, y.length); i++) if (x[i] !== y[i]) return (x[i] ?? 0) - (y[i] ?? 0);
  return 0;
}
