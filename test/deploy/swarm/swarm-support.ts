import { rmSync } from 'node:fs';
import type Docker from 'dockerode';
import { afterAll, beforeAll } from 'vitest';
import { openSession } from '../../../src/cli/session.js';
import { deployStack, destroyStack, stackIdOf } from '../../../src/deploy/engine/stack-engine.js';
import { LABELS } from '../../../src/deploy/handler.js';
import type { StackEvent } from '../../../src/deploy/status.js';
import { parseTemplate } from '../../../src/template/parse/index.js';
import { testDocker } from '../../support/docker.js';
import { ensureTestImages } from '../../support/images.js';
import { tempStateDir, uniqueStack } from '../support/e2e.js';

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

/** Deploys a template's text as the stack, to the swarm (the engine's run, as `deploy --target swarm` makes it). */
export async function deployText(text: string, stack: string, stateDir: string, events: StackEvent[] = []) {
  const { template } = parseTemplate(text);
  if (template === undefined) throw new Error('the test template does not parse');
  const options = swarmSession(stateDir, events);
  const stackId = await stackIdOf(options.store, stack);
  return deployStack({ stackName: stack, stackId, template, parameters: {}, hiddenParameters: new Set() }, options);
}

/**
 * A suite's stack: deployed from the template's text before its tests (the test images and the swarm ensured), and
 * destroyed after them whatever they did. `result()` is the deploy's result.
 */
export function deployedBeforeAll(prefix: string, text: string) {
  const stack = uniqueStack(prefix);
  const stateDir = tempStateDir();
  let deployed: Awaited<ReturnType<typeof deployText>> | undefined;
  beforeAll(async () => {
    await Promise.all([ensureTestImages(), ensureSwarm()]);
    deployed = await deployText(text, stack, stateDir);
  }, 180_000);
  afterAll(async () => {
    await destroyStack(stack, swarmSession(stateDir)).catch(() => undefined);
    rmSync(stateDir, { recursive: true, force: true });
  }, 120_000);
  const result = () => {
    if (deployed === undefined) throw new Error(`stack ${stack} was not deployed`);
    return deployed;
  };
  return { stack, stateDir, result };
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
