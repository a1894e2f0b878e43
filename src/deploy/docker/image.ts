import type Docker from 'dockerode';
import { HeatstackError } from '../../errors.js';
import { LABELS } from '../handler.js';
import { daemonMessage, statusOf } from './errors.js';

export type PullPolicy = 'missing' | 'always' | 'never';

/** An image that cannot be had: missing under `never`, or a pull that failed. */
export class DockerImageError extends HeatstackError {
  override name = 'DockerImageError';
}

/** `registry:5000/ns/name:tag@digest` → the repository and the tag (or digest) to pull; no tag means `latest`. */
export function splitImageReference(image: string): { repository: string; tag: string } {
  const at = image.indexOf('@');
  if (at >= 0) return { repository: image.slice(0, at), tag: image.slice(at + 1) };
  const slash = image.lastIndexOf('/');
  const colon = image.lastIndexOf(':');
  if (colon > slash) return { repository: image.slice(0, colon), tag: image.slice(colon + 1) };
  return { repository: image, tag: 'latest' };
}

/** Whether the daemon has `image`, and whether a deploy built it (`Heatstack::Docker::Image`: it carries a stack's label). */
async function localImage(docker: Docker, image: string): Promise<{ exists: boolean; built: boolean }> {
  try {
    const info = await docker.getImage(image).inspect();
    return { exists: true, built: info.Config?.Labels?.[LABELS.stack] !== undefined };
  } catch (error) {
    if (statusOf(error) === 404) return { exists: false, built: false };
    throw error;
  }
}

interface PullEvent {
  status?: string;
  id?: string;
  progress?: string;
  error?: string;
  errorDetail?: { message?: string };
}

/** @internal Makes sure `image` is on the daemon, per the pull policy. `where` names the resource in messages. */
export async function ensureImage(
  docker: Docker,
  image: string,
  policy: PullPolicy,
  where: string,
  progress?: (message: string) => void,
): Promise<void> {
  const local = await localImage(docker, image);
  // An image a deploy built exists in no registry: `always` pulls the others only.
  if (local.built || (policy !== 'always' && local.exists)) return;
  if (policy === 'never') {
    throw new DockerImageError(
      `${where}: image '${image}' is not on the Docker daemon and the pull policy is 'never'; ` +
        `build or load it first (docker build -t ${image} …), or deploy with the pull policy 'missing'`,
    );
  }
  await pullImage(docker, image, where, progress);
}

async function pullImage(
  docker: Docker,
  image: string,
  where: string,
  progress?: (message: string) => void,
): Promise<void> {
  const { repository, tag } = splitImageReference(image);
  const failed = (reason: string) =>
    new DockerImageError(
      `${where}: could not pull image '${image}': ${reason}; check the name and that the registry is reachable`,
    );
  progress?.(`pulling ${repository}:${tag}`);
  let stream: NodeJS.ReadableStream;
  try {
    stream = await docker.createImage({ fromImage: repository, tag });
  } catch (error) {
    throw failed(daemonMessage(error));
  }
  const report = throttledProgress(repository, tag, progress);
  await new Promise<void>((resolve, reject) => {
    docker.modem.followProgress(
      stream,
      (error: Error | null, events: PullEvent[]) => {
        const streamed = events?.find((e) => e.error || e.errorDetail);
        if (error || streamed)
          reject(failed(error ? daemonMessage(error) : (streamed?.errorDetail?.message ?? streamed?.error ?? '')));
        else resolve();
      },
      report,
    );
  });
  progress?.(`pulled ${repository}:${tag}`);
}

/** One progress line per layer and status change, not one per downloaded chunk. */
function throttledProgress(repository: string, tag: string, progress?: (message: string) => void) {
  const last = new Map<string, string>();
  return (event: PullEvent) => {
    if (!progress || !event.status) return;
    const layer = event.id ?? '';
    if (last.get(layer) === event.status) return;
    last.set(layer, event.status);
    progress(`pulling ${repository}:${tag}: ${layer ? `${layer} ` : ''}${event.status}`);
  };
}
