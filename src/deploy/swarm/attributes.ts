import type Docker from 'dockerode';
import { DOCKER_CONTAINER } from '../../template/resource-types/docker-container.js';
import { portKey } from '../docker/container-spec.js';
import { DockerResourceError } from '../docker/errors.js';
import { nodeTaskContainers, serviceReach } from './addresses.js';
import { swarmNetwork } from './network.js';
import { runningTasks, serviceTasks } from './tasks.js';

/**
 * A Swarm service's attributes, read from the service, its tasks and the stack's networks (`docs/swarm.md`): the same
 * names a container has where they mean the same — `network_ip` is where the service is reached by the rule of
 * `addresses.ts` (on a one-node swarm a running task's address on the stack's node network, which the host opens;
 * otherwise its virtual IP on the overlay, or with `endpoint_mode: dnsrr` a running task's address there) — plus
 * `replicas_running` and `task_ips`.
 */
export const SERVICE_ATTRIBUTES: readonly string[] = Object.keys(DOCKER_CONTAINER.attributes).filter(
  (a) => !a.startsWith('logs'),
);

const PORT_ATTRIBUTES = new Set(['network_tcp_ports', 'network_udp_ports', 'network_info']);

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
  if (attribute === 'replicas_running') return runningTasks(await serviceTasks(docker, info.ID)).length;
  const ports = PORT_ATTRIBUTES.has(attribute) ? await containerPorts(docker, info) : { tcp: [], udp: [] };
  if (attribute === 'network_tcp_ports') return ports.tcp.join(',');
  if (attribute === 'network_udp_ports') return ports.udp.join(',');
  const [network, tasks, onNode] = await Promise.all([
    swarmNetwork(docker, stack),
    serviceTasks(docker, info.ID),
    nodeTaskContainers(docker, `com.docker.swarm.service.id=${info.ID}`),
  ]);
  const reach = serviceReach(info, stack, tasks, network?.Id, onNode);
  if (attribute === 'task_ips') return reach.taskIps;
  if (attribute === 'network_gateway')
    return (reach.onNode ? reach.nodeGateway : network?.IPAM?.Config?.[0]?.Gateway) ?? '';
  if (attribute === 'network_ip') {
    if (reach.address === undefined)
      throw new DockerResourceError(`${at}: the service has no virtual IP on its stack network and no running task`);
    return reach.address;
  }
  // network_info
  return {
    IPAddress: reach.address ?? '',
    VirtualIPs: info.Endpoint?.VirtualIPs ?? [],
    Ports: info.Endpoint?.Ports ?? [],
    TcpPorts: ports.tcp.join(','),
    UdpPorts: ports.udp.join(','),
  };
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
