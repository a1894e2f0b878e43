import type Docker from 'dockerode';
import { type DockerEndpoint, dockerClient } from './connection.js';
import { resourceError, statusOf } from './errors.js';

/**
 * @internal Whether the Engine API finds the object an adopting resource names (`external_id`, `engine/external.ts`): `inspect`
 * asks for it; Docker's 404 is "no such object", any other failure an error naming the resource and the daemon.
 */
export async function inspectFinds(
  endpoint: DockerEndpoint,
  at: string,
  inspect: (docker: Docker) => Promise<unknown>,
): Promise<boolean> {
  const docker = await dockerClient(endpoint);
  try {
    await inspect(docker);
    return true;
  } catch (error) {
    if (statusOf(error) === 404) return false;
    throw resourceError(at, 'looking up the object its external_id names', endpoint, error);
  }
}
