import type Docker from 'dockerode';
import { stackNetworkName } from './network.js';

/**
 * Attributes read from a container's inspect document. The address and ports are where the service is reachable
 * AT THAT ADDRESS: the container's address on its stack network, and the container-side ports it exposes (by its
 * image and by port_specs/port_bindings) — reachable from the stack's other containers and from the Linux host.
 */

type Inspect = Docker.ContainerInspectInfo;
type EndpointInfo = { IPAddress?: string; Gateway?: string };

/** The container's endpoint on its stack network; else the first network that gave it an address. */
function stackEndpoint(info: Inspect, stack: string): EndpointInfo | undefined {
  const networks = (info.NetworkSettings?.Networks ?? {}) as Record<string, EndpointInfo>;
  const own = networks[stackNetworkName(stack)];
  if (own?.IPAddress) return own;
  return Object.values(networks).find((n) => n.IPAddress);
}

/** The top-level (default bridge only) fields, which the typings of today's API leave out. */
function topLevel(info: Inspect): EndpointInfo {
  return (info.NetworkSettings ?? {}) as EndpointInfo;
}

/** @internal */
export function networkIp(info: Inspect, stack: string): string {
  return stackEndpoint(info, stack)?.IPAddress || topLevel(info).IPAddress || '';
}

/** @internal */
export function networkGateway(info: Inspect, stack: string): string {
  return stackEndpoint(info, stack)?.Gateway || topLevel(info).Gateway || '';
}

/** @internal Exposed container ports of one protocol, sorted numerically, comma-separated (`"80,443"`). */
export function exposedPorts(info: Inspect, protocol: 'tcp' | 'udp'): string {
  const keys = Object.keys(info.Config?.ExposedPorts ?? {});
  const ports = keys
    .map((key) => key.split('/'))
    .filter(([, proto]) => (proto ?? 'tcp') === protocol)
    .map(([port]) => Number(port))
    .filter((port) => Number.isInteger(port));
  return [...new Set(ports)].sort((a, b) => a - b).join(',');
}

/**
 * @internal `NetworkSettings` plus `TcpPorts`/`UdpPorts`. Today's Docker leaves the top-level `IPAddress`/`Gateway` empty
 * off the default bridge; they are filled from the stack network so paths such as `[NetworkInfo, IPAddress]` work.
 */
export function networkInfo(info: Inspect, stack: string): Record<string, unknown> {
  const settings = { ...(info.NetworkSettings ?? {}) } as Record<string, unknown>;
  if (!settings.IPAddress) settings.IPAddress = networkIp(info, stack);
  if (!settings.Gateway) settings.Gateway = networkGateway(info, stack);
  return { ...settings, TcpPorts: exposedPorts(info, 'tcp'), UdpPorts: exposedPorts(info, 'udp') };
}

/** @internal The attributes that come from the inspect document alone, by canonical name. */
export const INSPECT_ATTRIBUTES: Readonly<Record<string, (info: Inspect, stack: string) => unknown>> = {
  info: (info) => info,
  network_info: networkInfo,
  network_ip: networkIp,
  network_gateway: networkGateway,
  network_tcp_ports: (info) => exposedPorts(info, 'tcp'),
  network_udp_ports: (info) => exposedPorts(info, 'udp'),
  // The Swarm attributes (`docs/swarm.md`), as a container is one replica of itself.
  replicas_running: (info) => (info.State.Running ? 1 : 0),
  task_ips: (info, stack) => (info.State.Running && networkIp(info, stack) ? [networkIp(info, stack)] : []),
};
