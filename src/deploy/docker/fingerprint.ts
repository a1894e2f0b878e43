import { createHash } from 'node:crypto';
import type Docker from 'dockerode';
import { type Fingerprint, STARTED_AS_SERVICE } from '../plan/drift.js';

/**
 * A container's content as the drift check compares it (`plan/drift.ts`): the image id it runs, a digest of its
 * environment, and a digest of the limits `docker update` can change in place. Docker's list tells only the image
 * id; an inspect tells all three.
 */

/** @internal From an inspect document: `image`, `env`, `limits`. */
export function containerFingerprint(info: Docker.ContainerInspectInfo): Fingerprint {
  const host = info.HostConfig ?? {};
  const restart: Partial<Docker.HostRestartPolicy> = host.RestartPolicy ?? {};
  return {
    image: info.Image,
    env: digest([...(info.Config?.Env ?? [])].sort()),
    limits: limitsDigest(host.Memory, host.CpuShares, host.CpusetCpus, restart),
  };
}

/** @internal A created container's fingerprint, marked as a service when it was left running (`STARTED_AS_SERVICE`). */
export function createdFingerprint(info: Docker.ContainerInspectInfo): Fingerprint {
  return { ...containerFingerprint(info), ...(info.State?.Running ? { [STARTED_AS_SERVICE]: 'running' } : {}) };
}

/**
 * @internal The `limits` digest of these HostConfig values: what an inspect gives after a create or an update, and
 * what an update sets (so it need not inspect to know).
 */
export function limitsDigest(
  memory: number | undefined,
  cpuShares: number | undefined,
  cpuset: string | undefined,
  restart: Partial<Docker.HostRestartPolicy> | undefined,
): string {
  return digest([memory ?? 0, cpuShares ?? 0, cpuset ?? '', restart?.Name || 'no', restart?.MaximumRetryCount ?? 0]);
}

/** @internal From an entry of Docker's container list: its image id only. */
export function listedFingerprint(c: Pick<Docker.ContainerInfo, 'ImageID'>): Fingerprint {
  return c.ImageID ? { image: c.ImageID } : {};
}

function digest(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 16);
}
