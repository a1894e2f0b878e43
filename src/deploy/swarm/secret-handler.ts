import { randomBytes } from 'node:crypto';
import type Docker from 'dockerode';
import { dockerClient, parseEndpoint } from '../docker/connection.js';
import { resourceError, statusOf } from '../docker/errors.js';
import type { Observation } from '../engine/services.js';
import {
  type CreateRequest,
  type ExistingResource,
  LABELS,
  ownedBy,
  stackLabels,
  type TypeHandler,
} from '../handler.js';
import { generateRandomString, type RandomStringProperties } from '../heat/random-string.js';
import { rememberSecret } from './secrets.js';

/**
 * `OS::Heat::RandomString` on `deploy --target swarm` (`DeployBinding.targets.swarm` in
 * `template/resource-types/heat-random-string.ts`): the string is generated as on a plain daemon and kept in the
 * record's hidden `data` (the record stays its ground truth, so the engine still runs it: `engineRun`), and it is also
 * created as a Swarm secret on the default manager, named as Heat names the resource (`<stack>-<resource>-<random>`,
 * its physical id) and labelled with the stack, which services reading the value are given (`secrets.ts`). Delete
 * removes the secret, and the stack's sweep removes any no resource holds.
 */
export function createHandler(): TypeHandler {
  return new SwarmSecretHandler();
}

const where = (logicalId: string) => `Resources.${logicalId}`;
const NOTHING: Observation = { objects: [], unreachable: new Map() };
/** Swarm's limit on a secret's name. */
const MAX_NAME = 64;

class SwarmSecretHandler implements TypeHandler {
  async create(request: CreateRequest) {
    const at = where(request.logicalId);
    const value = generateRandomString(request.properties as unknown as RandomStringProperties, at);
    const name = secretName(request.stack, request.logicalId);
    const endpoint = parseEndpoint(undefined);
    try {
      const docker = await dockerClient(endpoint);
      await docker.createSecret({
        Name: name,
        Labels: {
          ...stackLabels(request.stack, request.owner),
          [LABELS.resource]: request.logicalId,
          [LABELS.configHash]: request.configHash,
          [LABELS.deployId]: request.deployId,
        },
        Data: Buffer.from(value).toString('base64'),
      });
    } catch (error) {
      throw resourceError(at, 'creating its Swarm secret', endpoint, error);
    }
    rememberSecret(request.stack, value, { name, logicalId: request.logicalId });
    return { physicalId: name, data: { value } };
  }

  async delete(resource: ExistingResource): Promise<void> {
    const endpoint = parseEndpoint(undefined);
    try {
      await removeSecret(await dockerClient(endpoint), resource.physicalId);
    } catch (error) {
      throw resourceError(where(resource.logicalId), 'removing its Swarm secret', endpoint, error);
    }
  }

  suspend = async () => {};
  resume = async () => {};

  async attribute(resource: ExistingResource, attribute: string): Promise<unknown> {
    if (attribute !== 'value') return null; // as on a plain daemon: Heat gives None for `show`
    const value = resource.data?.value;
    if (value === undefined) return null;
    rememberSecret(resource.stack, value, { name: resource.physicalId, logicalId: resource.logicalId });
    return value;
  }

  /** The record is the ground truth (`engineRun`): the engine counts the recorded ones as observed. */
  observe = async () => NOTHING;

  /** Removes the stack's secrets (or one run's) that no kept resource holds. */
  readonly sweep: TypeHandler['sweep'] = async (stack, _locators, deployId, keep) => {
    const docker = await dockerClient(parseEndpoint(undefined));
    const filters = JSON.stringify({ label: [`${LABELS.stack}=${stack.name}`] });
    const secrets = ((await docker.listSecrets({ filters })) as Docker.Secret[]).filter(
      (s) =>
        ownedBy(stack, s.Spec?.Labels) &&
        !keep?.has(s.Spec?.Name ?? '') &&
        (deployId === undefined || s.Spec?.Labels?.[LABELS.deployId] === deployId),
    );
    await Promise.all(secrets.map((s) => removeSecret(docker, s.ID)));
    return secrets.length;
  };
}

/** Heat's physical name, `<stack>-<resource>-<random>`, within Swarm's 64 characters (the stack's part shortened). */
function secretName(stack: string, logicalId: string): string {
  const tail = `-${logicalId}-${randomBytes(6).toString('hex')}`;
  return `${stack.slice(0, Math.max(1, MAX_NAME - tail.length))}${tail}`.slice(0, MAX_NAME);
}

async function removeSecret(docker: Docker, idOrName: string): Promise<void> {
  try {
    await docker.getSecret(idOrName).remove();
  } catch (error) {
    if (statusOf(error) !== 404) throw error;
  }
}
