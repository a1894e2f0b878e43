import type Docker from 'dockerode';
import { DOCKER_CONTAINER } from '../../template/resource-types/docker-container.js';
import { portKey } from '../docker/container-spec.js';
import { DockerResourceError } from '../docker/errors.js';
import { swarmNetwork } from './network.js';
import { runningTasks, serviceTasks } from './tasks.js';

/**
 * A Swarm service's attributes, read from the service, its tasks and the stack network (`docs/swarm.md`): the same
 * names a container has where they mean the same (`network_ip` is the service's virtual IP on the stack network, which
 * balances over its tasks; with `endpoint_mode: dnsrr`, which has none, a running task's address), plus
 * `replicas_running` and `task_ips`.
 */
export const SERVICE_ATTRIBUTES: readonly string[] = Object.keys(DOCKER_CONTAINER.attributes).filter(
  (a) => !a.startsWith('logs'),
);

/** @internal */
export async function serviceAttribute(
  docker: Docker,
  service: Docker.Service,
  stack: string,
  attribute: string,
  at: string,
): Promise<unknown> {
  const info = (await service.inspect()) as Docker.Service;
  if (attribute === 'info') return info;
  const network = await swarmNetwork(docker, stack);
  if (attribute === 'replicas_running') return runningTasks(await serviceTasks(docker, info.ID)).length;
  if (attribute === 'task_ips') return taskAddresses(await serviceTasks(docker, info.ID), network?.Id);
  if (attribute === 'network_gateway') return network?.IPAM?.Config?.[0]?.Gateway ?? '';
  const ports = await containerPorts(docker, info);
  if (attribute === 'network_tcp_ports') return ports.tcp.join(',');
  if (attribute === 'network_udp_ports') return ports.udp.join(',');
  // With `endpoint_mode: dnsrr` there is no virtual IP: the address is a running task's (the lowest).
  const vip =
    info.Spec?.EndpointSpec?.Mode === 'dnsrr'
      ? taskAddresses(await serviceTasks(docker, info.ID), network?.Id)[0]
      : virtualIp(info, network?.Id);
  if (attribute === 'network_ip') {
    if (vip === undefined) throw new DockerResourceError(`${at}: the service has no virtual IP on its stack network`);
    return vip;
  }
  // network_info
  return {
    IPAddress: vip ?? '',
    VirtualIPs: info.Endpoint?.VirtualIPs ?? [],
    Ports: info.Endpoint?.Ports ?? [],
    TcpPorts: ports.tcp.join(','),
    UdpPorts: ports.udp.join(','),
  };
}

function virtualIp(info: Docker.Service, networkId: string | undefined): string | undefined {
  const vip = info.Endpoint?.VirtualIPs?.find((v) => v.NetworkID === networkId)?.Addr;
  return vip?.split('/')[0];
}

function taskAddresses(tasks: Parameters<typeof runningTasks>[0], networkId: string | undefined): string[] {
  return runningTasks(tasks)
    .flatMap((t) => (t.NetworksAttachments ?? []).filter((a) => a.Network?.ID === networkId))
    .flatMap((a) => a.Addresses ?? [])
    .map((a) => a.split('/')[0] as string)
    .sort();
}

/**
 * The service's own container ports, as a container's `network_tcp_ports`: those its image exposes (asked of the
 * manager's copy of the image, when it has one) and those it publishes, sorted.
 */
async function containerPorts(docker: Docker, info: Docker.Service): Promise<{ tcp: number[]; udp: number[] }> {
  const keys = new Set<string>();
  for (const p of info.Spec?.EndpointSpec?.Ports ?? []) keys.add(`${p.TargetPort}/${p.Protocol ?? 'tcp'}`);
  const image = (info.Spec?.TaskTemplate as Docker.ContainerTaskSpec | undefined)?.ContainerSpec?.Image;
  if (image !== undefined) {
    const inspected = await docker
      .getImage(image)
      .inspect()
      .catch(() => undefined);
    for (const key of Object.keys(inspected?.Config?.ExposedPorts ?? {})) keys.add(portKey(key, image));
  }
  const of = (protocol: string) =>
    [...keys]
      .filter((k) => k.endsWith(`/${protocol}`))
      .map((k) => Number(k.split('/')[0]))
      .sort((a, b) => a - b);
  return { tcp: of('tcp'), udp: of('udp') };
}
