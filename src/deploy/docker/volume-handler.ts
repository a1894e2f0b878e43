import type Docker from 'dockerode';
import type { HandlerOptions, TypeHandler } from '../handler.js';
import { LABELS } from '../handler.js';
import { statusOf } from './errors.js';
import { type DockerObjectKind, type Labels, labelledObjectHandler, stringMap } from './labelled-object-handler.js';

/**
 * The handler of `Heatstack::Docker::Volume` (`template/resource-types/docker-volume.ts`): a named volume, its name
 * the physical id. A volume of the declared name that exists already is never taken over: it may hold someone
 * else's data (Docker's own create would hand it back silently).
 */
export function createHandler(typeNames: readonly string[], _options: HandlerOptions): TypeHandler {
  return labelledObjectHandler(VOLUME, typeNames);
}

const VOLUME: DockerObjectKind = {
  noun: 'volume',
  async list(docker, labels) {
    const volumes = (await docker.listVolumes({ filters: JSON.stringify({ label: labels }) })).Volumes ?? [];
    return volumes.map((v) => ({ id: v.Name, labels: v.Labels ?? undefined }));
  },
  async create(docker, name, properties, labels: Labels) {
    await refuseExisting(docker, name);
    const created = (await docker.createVolume({
      Name: name,
      Driver: typeof properties.driver === 'string' ? properties.driver : 'local',
      DriverOpts: stringMap(properties.driver_opts),
      Labels: labels,
    })) as { Name?: string; name?: string };
    return created.Name ?? created.name ?? name;
  },
  async remove(docker, id) {
    await removeOnceReleased(docker, id);
  },
  async attribute(docker, id, attribute) {
    const info = await docker.getVolume(id).inspect();
    if (attribute === 'name') return info.Name;
    if (attribute === 'mountpoint') return info.Mountpoint;
    if (attribute === 'driver') return info.Driver;
    return undefined;
  },
};

async function refuseExisting(docker: Docker, name: string): Promise<void> {
  try {
    await docker.getVolume(name).inspect();
  } catch (error) {
    if (statusOf(error) === 404) return;
    throw error;
  }
  // A plain error: the handler's wrapper names the resource and the step before it.
  throw new Error(
    `a volume named '${name}' exists already (kept by an earlier DeletionPolicy Retain, or not heatstack's); ` +
      'choose another name, or remove that volume (`destroy --delete-volumes` for one of this stack)',
  );
}

/** How long a volume's delete waits for the containers of its stack still mounting it to go. */
const RELEASE_WAIT_MS = 20_000;

/**
 * Removes a volume once no container mounts it. Docker refuses one a container still mounts (409), even a container
 * being removed at that moment, and a destroy without a record deletes the stack's leftover containers and volumes
 * at once, with no order between them. So while every container on it is of the volume's own stack (going away in
 * the same run), it is asked again; one of anybody else's is refused at once, with Docker's reason.
 */
async function removeOnceReleased(docker: Docker, name: string): Promise<void> {
  const deadline = Date.now() + RELEASE_WAIT_MS;
  for (let attempt = 1; ; attempt++) {
    try {
      await docker.getVolume(name).remove();
      return;
    } catch (error) {
      if (statusOf(error) !== 409 || Date.now() > deadline || !(await heldOnlyByItsStack(docker, name))) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.min(50 * attempt, 500)));
    }
  }
}

/** Whether every container that mounts the volume carries the volume's own stack label. */
async function heldOnlyByItsStack(docker: Docker, name: string): Promise<boolean> {
  const stack = (await docker.getVolume(name).inspect()).Labels?.[LABELS.stack];
  if (stack === undefined) return false;
  const users = await docker.listContainers({ all: true, filters: JSON.stringify({ volume: [name] }) });
  return users.every((c) => c.Labels?.[LABELS.stack] === stack);
}
