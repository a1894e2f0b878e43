import type Docker from 'dockerode';
import { HeatstackError } from '../../errors.js';
import { LABELS } from '../handler.js';
import { daemonMessage, statusOf } from './errors.js';

/**
 * Each stack has its own user-defined bridge network on each daemon it uses. Every container of the stack joins
 * it: containers reach each other by address and by name (logical id, `name`, link alias), and other stacks'
 * containers are not on it.
 */
export function stackNetworkName(stack: string): string {
  return `heatstack-${stack}`;
}

/** Creates the stack's network unless it exists; a same-named network of something else is an error. */
export async function ensureStackNetwork(docker: Docker, stack: string): Promise<string> {
  const name = stackNetworkName(stack);
  try {
    await docker.createNetwork({
      Name: name,
      Driver: 'bridge',
      CheckDuplicate: true,
      Labels: { [LABELS.stack]: stack },
    });
    return name;
  } catch (error) {
    if (statusOf(error) !== 409) {
      throw new HeatstackError(`stack ${stack}: could not create its network ${name}: ${daemonMessage(error)}`);
    }
  }
  const existing = await docker.getNetwork(name).inspect();
  if (existing.Labels?.[LABELS.stack] !== stack) {
    throw new HeatstackError(
      `stack ${stack}: a Docker network named ${name} exists but does not belong to this stack ` +
        `(no ${LABELS.stack}=${stack} label); remove or rename it (docker network rm ${name})`,
    );
  }
  return name;
}

/**
 * Removes the stack's network. `ifUnused`: quietly keep it while containers are still attached (another
 * resource of the stack is alive). A network already gone counts as removed.
 */
export async function removeStackNetwork(docker: Docker, stack: string, ifUnused = false): Promise<boolean> {
  try {
    await docker.getNetwork(stackNetworkName(stack)).remove();
    return true;
  } catch (error) {
    const status = statusOf(error);
    if (status === 404) return false;
    if (ifUnused && (status === 403 || status === 409)) return false;
    throw error;
  }
}
