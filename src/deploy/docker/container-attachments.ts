import type Docker from 'dockerode';
import { DockerPropertyError } from './container-spec.js';

/**
 * A container's attachments to heatstack's own Volume and Network types (`template/resource-types/
 * container-attachments.ts`): `mounts` → the create body's `HostConfig.Mounts`; `networks` → joined after the create,
 * before the start (Docker 20.10's API takes one network in a create: the stack's), each with its aliases and the
 * container's logical id. Pure but for `joinNetworks`.
 */

type Props = Readonly<Record<string, unknown>>;

export interface NetworkAttachment {
  readonly network: string;
  readonly aliases: readonly string[];
}

/** @internal `mounts` → Docker mounts of named volumes; undefined when there are none. */
export function volumeMounts(value: unknown, where: string): Docker.MountSettings[] | undefined {
  const items = listOf(value, where, 'volume mounts');
  const out = items.map((item, i) => {
    const at = `${where}[${i}]`;
    const volume = text(item.volume, `${at}.volume`, 'a volume (get_resource of a Heatstack::Docker::Volume)');
    const path = text(item.path, `${at}.path`, 'the path in the container');
    if (!path.startsWith('/')) throw new DockerPropertyError(`${at}.path: '${path}' is not an absolute path`);
    return { Type: 'volume' as const, Source: volume, Target: path, ReadOnly: item.read_only === true };
  });
  return out.length > 0 ? out : undefined;
}

/** `networks` → the networks to join, each with its aliases. */
export function networkAttachments(value: unknown, where: string): NetworkAttachment[] {
  return listOf(value, where, 'networks').map((item, i) => {
    const at = `${where}[${i}]`;
    const network = text(item.network, `${at}.network`, 'a network (get_resource of a Heatstack::Docker::Network)');
    const aliases = item.aliases ?? [];
    if (!Array.isArray(aliases) || aliases.some((a) => typeof a !== 'string'))
      throw new DockerPropertyError(`${at}.aliases: expected a list of names`);
    return { network, aliases: aliases as string[] };
  });
}

/** @internal Joins the created (not yet started) container to its declared networks, its logical id an alias on each. */
export async function joinNetworks(
  docker: Docker,
  container: Docker.Container,
  properties: Props,
  logicalId: string,
  where: string,
): Promise<void> {
  for (const { network, aliases } of networkAttachments(properties.networks, where)) {
    const names = [...new Set([logicalId, logicalId.toLowerCase(), ...aliases])];
    await docker.getNetwork(network).connect({ Container: container.id, EndpointConfig: { Aliases: names } });
  }
}

function listOf(value: unknown, where: string, what: string): Record<string, unknown>[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new DockerPropertyError(`${where}: expected a list of ${what}`);
  return value.map((item, i) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item))
      throw new DockerPropertyError(`${where}[${i}]: expected a map`);
    return item as Record<string, unknown>;
  });
}

function text(value: unknown, where: string, what: string): string {
  if (typeof value !== 'string' || value === '') throw new DockerPropertyError(`${where}: expected ${what}`);
  return value;
}
