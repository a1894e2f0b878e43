import type Docker from 'dockerode';
import { openSession } from '../../../src/cli/session.js';
import { destroyStack } from '../../../src/deploy/engine/stack-engine.js';
import { LABELS } from '../../../src/deploy/handler.js';
import type { StackEvent } from '../../../src/deploy/status.js';
import { testDocker } from '../../support/docker.js';

/**
 * Swarm tests run on a one-node swarm on the shared daemon: `.ci/run` starts it (`docker swarm init --advertise-addr
 * 127.0.0.1`), and `ensureSwarm` does the same for a run outside CI. A swarm is never left (other tests may use it).
 */
export async function ensureSwarm(): Promise<Docker> {
  const docker = await testDocker();
  const info = (await docker.info()) as { Swarm?: { LocalNodeState?: string } };
  if (info.Swarm?.LocalNodeState !== 'active') {
    await docker.swarmInit({ ListenAddr: '127.0.0.1:2377', AdvertiseAddr: '127.0.0.1' }).catch((error: unknown) => {
      // Another test process initialised it meanwhile.
      if (!String(error).includes('already part of a swarm')) throw error;
    });
  }
  return docker;
}

/** A session deploying to the swarm, its events collected instead of printed. */
export function swarmSession(stateDir: string, events: StackEvent[] = []) {
  const silent = { write: () => true, isTTY: false };
  const { engine } = openSession({ stateDir, progress: silent, target: 'swarm' });
  return { ...engine, onEvent: (e: StackEvent) => events.push(e) };
}

/** Services, networks, secrets, configs, volumes and containers Docker holds under the stack's label. */
export async function swarmObjectsOf(stack: string): Promise<Record<string, number>> {
  const docker = await testDocker();
  const label = [`${LABELS.stack}=${stack}`];
  const filters = JSON.stringify({ label });
  const [services, networks, secrets, volumes, containers] = await Promise.all([
    docker.listServices({ filters: { label } }),
    docker.listNetworks({ filters }),
    docker.listSecrets({ filters }),
    docker.listVolumes({ filters }),
    docker.listContainers({ all: true, filters }),
  ]);
  return {
    services: services.length,
    networks: networks.length,
    secrets: secrets.length,
    volumes: (volumes.Volumes ?? []).length,
    containers: containers.length,
  };
}

/** Polls `check` until it holds (or throws after `timeoutMs`). */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Destroys the stack and says what of it Docker still holds: nothing, when destroy is complete. */
export async function destroyAndCount(
  stack: string,
  stateDir: string,
): Promise<{ status: string; left: Record<string, number> }> {
  const destroyed = await destroyStack(stack, swarmSession(stateDir));
  return { status: destroyed.record.status, left: await swarmObjectsOf(stack) };
}

export const NOTHING_LEFT = { services: 0, networks: 0, secrets: 0, volumes: 0, containers: 0 };
