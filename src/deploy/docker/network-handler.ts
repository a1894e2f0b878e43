import type { HandlerOptions, TypeHandler } from '../handler.js';
import { type DockerObjectKind, labelledObjectHandler, stringMap } from './labelled-object-handler.js';
import { removeEmptyNetwork } from './network.js';

/**
 * The handler of `Heatstack::Docker::Network` (`template/resource-types/docker-network.ts`): a user-defined network,
 * its id the physical id. Its containers are deleted before it (they depend on it), so a delete finds it empty.
 */
export function createHandler(typeNames: readonly string[], _options: HandlerOptions): TypeHandler {
  return labelledObjectHandler(NETWORK, typeNames);
}

const NETWORK: DockerObjectKind = {
  noun: 'network',
  async list(docker, labels) {
    const networks = await docker.listNetworks({ filters: JSON.stringify({ label: labels }) });
    return networks.map((n) => ({ id: n.Id, labels: n.Labels ?? undefined }));
  },
  async create(docker, name, p, labels) {
    const subnet = typeof p.subnet === 'string' && p.subnet !== '' ? p.subnet : undefined;
    const gateway = typeof p.gateway === 'string' && p.gateway !== '' ? p.gateway : undefined;
    // Docker's IPAM takes a gateway only within a declared subnet.
    if (gateway !== undefined && subnet === undefined) throw new Error(`a gateway (${gateway}) needs its subnet`);
    const created = await docker.createNetwork({
      Name: name,
      Driver: typeof p.driver === 'string' ? p.driver : 'bridge',
      Internal: p.internal === true,
      CheckDuplicate: true,
      Options: stringMap(p.driver_opts),
      ...(subnet !== undefined && { IPAM: { Driver: 'default', Config: [{ Subnet: subnet, Gateway: gateway }] } }),
      Labels: labels,
    });
    return created.id;
  },
  async remove(docker, id) {
    await removeEmptyNetwork(docker, id);
  },
  async attribute(docker, id, attribute) {
    const info = await docker.getNetwork(id).inspect();
    const ipam = (info.IPAM?.Config ?? [])[0] as { Subnet?: string; Gateway?: string } | undefined;
    if (attribute === 'name') return info.Name;
    if (attribute === 'subnet') return ipam?.Subnet ?? '';
    if (attribute === 'gateway') return ipam?.Gateway ?? '';
    if (attribute === 'driver') return info.Driver;
    return undefined;
  },
};
