/**
 * Scaling an `OS::Heat::ResourceGroup` of busybox containers from 3 to 5 members, beside its floor — the two
 * create+start calls that make the new members, straight through dockerode on a user-defined network:
 *
 *   scale-3-to-5   heatstack deploy of the group's count 3 → 5   vs   2 create+start calls in parallel
 *
 * The deploy must create exactly two containers and touch nothing else (the suite fails otherwise): the group's
 * members are resources of the stack, so the planner sees only the two new ones. `npm run bench -- --only scale`.
 * Without a reachable daemon the suite reports nothing and says why.
 */

import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSession } from '../../src/cli/session.js';
import { dockerClient, parseEndpoint } from '../../src/deploy/docker/connection.js';
import { deployStack, destroyStack, type EngineOptions } from '../../src/deploy/engine/stack-engine.js';
import type { StackEvent } from '../../src/deploy/status.js';
import { emptyTemplate, type Template } from '../../src/template/model.js';
import { ensureTestImages, TEST_IMAGES } from '../../test/support/images.js';
import { benchDaemon } from '../daemon.js';
import { type BenchContext, type BenchResult, result } from '../harness.js';
import { floorParallel, median, okOrThrow, timed, withFloorNetwork } from './deploy.js';

const CMD = ['sh', '-c', 'trap "exit 0" TERM; sleep 3600 & wait'];

function group(count: number): Template {
  return {
    ...emptyTemplate('hot'),
    resources: {
      Web: {
        type: 'OS::Heat::ResourceGroup',
        properties: {
          count,
          resource_def: {
            type: 'DockerInc::Docker::Container',
            properties: { image: TEST_IMAGES.busybox, cmd: CMD, env: ['MEMBER=%index%'] },
          },
        },
        dependsOn: [],
      },
    },
  };
}

async function deploy(engine: EngineOptions, stackName: string, count: number): Promise<void> {
  okOrThrow(
    await deployStack(
      { stackName, stackId: stackName, template: group(count), parameters: {}, hiddenParameters: new Set() },
      engine,
    ),
  );
}

/** One scale-up, timed; throws unless it created exactly the two new members and nothing else changed. */
async function scaleOnce(engine: EngineOptions, events: StackEvent[]): Promise<number> {
  const stack = `hs-bench-scale-${randomBytes(3).toString('hex')}`;
  await deploy(engine, stack, 3);
  events.length = 0;
  const ms = await timed(() => deploy(engine, stack, 5));
  const changed = events.filter((e) => e.resource !== undefined && e.status.endsWith('_COMPLETE'));
  const summary = changed.map((e) => `${e.status} ${e.resource}`).sort();
  if (summary.join() !== 'CREATE_COMPLETE Web.3,CREATE_COMPLETE Web.4')
    throw new Error(`scale-3-to-5 did more than two creates: ${summary.join(', ')}`);
  okOrThrow(await destroyStack(stack, engine));
  return ms;
}

export async function* run(context: BenchContext): AsyncIterable<BenchResult> {
  if ((await benchDaemon(context, 'scale benchmark')) === undefined) return;
  await ensureTestImages();
  const docker = await dockerClient(parseEndpoint(undefined));
  const stateDir = mkdtempSync(join(tmpdir(), 'heatstack-bench-scale-'));
  const events: StackEvent[] = [];
  const silent = { write: () => true, isTTY: false };
  const engine = { ...openSession({ stateDir, progress: silent }).engine, onEvent: (e: StackEvent) => events.push(e) };
  const heatstack: number[] = [];
  const floor: number[] = [];
  try {
    for (let i = 0; i < context.repetitions; i++) {
      heatstack.push(await scaleOnce(engine, events));
      floor.push((await withFloorNetwork(docker, (network) => floorParallel(docker, 2, network))).createMs);
      context.log(
        `  scale run ${i + 1}/${context.repetitions}: heatstack ${heatstack.at(-1)} ms, floor ${floor.at(-1)} ms`,
      );
    }
  } finally {
    rmSync(stateDir, { recursive: true, force: true });
  }
  yield result('scale-3-to-5', median(heatstack), median(floor), 'ms');
}
