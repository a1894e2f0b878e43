/**
 * The Swarm target's benchmark, beside its floor — the same services created straight through the Engine API:
 *
 *   swarm-deploy-20   heatstack deploy --target swarm of 20 independent services (one replica each)
 *                     vs 20 service creates on an overlay network and a swarm-scoped bridge (what heatstack gives a
 *                     stack: `src/deploy/swarm/network.ts`), in parallel, each waited for until its task runs (≤ 1.25×)
 *
 * Both sides wait for the same thing (every task running), so the figures compare what the engine adds to Swarm's
 * own scheduling. Needs the daemon in a swarm (`.ci/run` starts a one-node one); without one the suite says so and
 * reports nothing. `npm run bench -- --only swarm`.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { openSession } from '../../src/cli/session.js';
import { dockerClient, parseEndpoint } from '../../src/deploy/docker/connection.js';
import { destroyStack } from '../../src/deploy/engine/stack-engine.js';
import { ensureTestImages, TEST_IMAGES } from '../../test/support/images.js';
import { type BenchContext, type BenchResult, result } from '../harness.js';
import { deployOrThrow, independent, median, okOrThrow, timed } from './deploy.js';

const SERVICES = 20;

export async function* run(context: BenchContext): AsyncIterable<BenchResult> {
  let docker: Docker;
  try {
    docker = await dockerClient(parseEndpoint(undefined));
    const info = (await docker.info()) as { Swarm?: { LocalNodeState?: string } };
    if (info.Swarm?.LocalNodeState !== 'active') throw new Error('the daemon is in no swarm (docker swarm init)');
  } catch (error) {
    context.log(`  swarm benchmark skipped: ${(error as Error).message}`);
    return;
  }
  await ensureTestImages();
  const stateDir = mkdtempSync(join(tmpdir(), 'heatstack-bench-swarm-'));
  const engine = openSession({ stateDir, progress: { write: () => true, isTTY: false }, target: 'swarm' }).engine;
  const heatstack: number[] = [];
  const floor: number[] = [];
  try {
    for (let i = 0; i < context.repetitions; i++) {
      const stack = `hs-bench-swarm-${randomBytes(3).toString('hex')}`;
      heatstack.push(await timed(() => deployOrThrow(engine, stack, independent(SERVICES))));
      await destroyStack(stack, engine).then(okOrThrow);
      floor.push(await floorServices(docker, SERVICES));
      context.log(
        `  swarm run ${i + 1}/${context.repetitions}: heatstack ${heatstack.at(-1)} ms, floor ${floor.at(-1)} ms`,
      );
    }
  } finally {
    rmSync(stateDir, { recursive: true, force: true });
  }
  yield result('swarm-deploy-20', median(heatstack), median(floor), 'ms');
}

/**
 * A fresh overlay network and node network (a swarm-scoped bridge), and `n` services created on both in parallel, each
 * waited for until its task runs (what a deploy of the stack does); then removed, untimed.
 */
async function floorServices(docker: Docker, n: number): Promise<number> {
  const name = `hs-bench-floor-${randomBytes(3).toString('hex')}`;
  const network = { id: '', node: '' };
  const ids: string[] = [];
  try {
    return await timed(async () => {
      [network.id, network.node] = (
        await Promise.all([
          docker.createNetwork({ Name: name, Driver: 'overlay', Attachable: true }),
          docker.createNetwork({ Name: `${name}-node`, Driver: 'bridge', Scope: 'swarm', Attachable: true }),
        ])
      ).map((n) => n.id);
      await Promise.all(
        Array.from({ length: n }, async (_, i) => {
          const created = (await docker.createService({
            Name: `${name}-s${i}`,
            TaskTemplate: {
              ContainerSpec: {
                Image: TEST_IMAGES.busybox,
                Args: ['sh', '-c', 'trap "exit 0" TERM; sleep 3600 & wait'],
              },
              Networks: [{ Target: network.id }, { Target: network.node }],
            },
            Mode: { Replicated: { Replicas: 1 } },
          })) as unknown as { id: string };
          ids.push(created.id);
          await untilRunning(docker, created.id);
        }),
      );
    });
  } finally {
    await Promise.all(
      ids.map((id) =>
        docker
          .getService(id)
          .remove()
          .catch(() => undefined),
      ),
    );
    await Promise.all([network.id, network.node].map((id) => removeWhenFree(docker, id)));
  }
}

/** Removes a network once the removed services' endpoints are released (retried for up to 30 s). */
async function removeWhenFree(docker: Docker, id: string): Promise<void> {
  for (let attempt = 0; attempt < 60 && id !== ''; attempt++) {
    const removed = await docker
      .getNetwork(id)
      .remove()
      .then(
        () => true,
        () => false,
      );
    if (removed) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

async function untilRunning(docker: Docker, service: string): Promise<void> {
  for (;;) {
    const tasks = await docker.listTasks({ filters: JSON.stringify({ service: [service] }) });
    if (tasks.some((t: { Status?: { State?: string } }) => t.Status?.State === 'running')) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
