import type Docker from 'dockerode';
import { HeatstackError } from '../../errors.js';
import { LABELS } from '../handler.js';
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
async function stackNetworks(docker: Docker, stack: string): Promise<Docker.NetworkInspectInfo[]> {
  const name = stackNetworkName(stack);
  const found = await docker.listNetworks({ filters: JSON.stringify({ name: [name] }) });
  // The name filter matches substrings: keep the exact name only.
  return found.filter((n) => n.Name === name).sort((a, b) => a.Created.localeCompare(b.Created));
}

/** Creates the stack's network unless it exists; returns its id. A same-named network of something else is an error. */
export async function ensureStackNetwork(docker: Docker, stack: string): Promise<string> {
  const name = stackNetworkName(stack);
  try {
    const created = await docker.createNetwork({
      Name: name,
      Driver: 'bridge',
      CheckDuplicate: true,
      Labels: { [LABELS.stack]: stack },
    });
    return created.id;
  } catch (error) {
    if (statusOf(error) !== 409) {
      throw new HeatstackError(`stack ${stack}: could not create its network ${name}: ${daemonMessage(error)}`);
    }
  }
  const existing = await stackNetworks(docker, stack);
  const own = existing.find((n) => n.Labels?.[LABELS.stack] === stack);
  if (!own) {
    throw new HeatstackError(
      `stack ${stack}: a Docker network named ${name} exists but does not belong to this stack ` +
        `(no ${LABELS.stack}=${stack} label); remove or rename it (docker network rm ${name})`,
    );
  }
  return own.Id;
}

/**
 * Removes the stack's network(s). `ifUnused`: quietly keep one while containers are still attached (another
 * resource of the stack is alive). A network already gone counts as removed.
 */
export async function removeStackNetwork(docker: Docker, stack: string, ifUnused = false): Promise<void> {
  const networks = (await stackNetworks(docker, stack)).filter((n) => n.Labels?.[LABELS.stack] === stack);
  await Promise.all(
    networks.map(async (network) => {
      try {
        await docker.getNetwork(network.Id).remove();
      } catch (error) {
        const status = statusOf(error);
        if (status === 404 || (ifUnused && (status === 403 || status === 409))) return;
        throw error;
      }
    }),
  );
}
