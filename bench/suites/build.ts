/**
 * Image build benchmark against the local Docker daemon, beside its floor:
 *
 *   build-cached   heatstack deploy of a stack whose image context did not change (the template read, the context
 *                  hashed, the plan made: no build, nothing changes)
 *                  vs  the same context sent again through dockerode's `buildImage`, every step a cache hit — what
 *                  a tool that leaves the decision to the daemon's layer cache pays (`docker compose up --build`)
 *                  (≤ 1: an unchanged context costs no build)
 *
 * The context is a Dockerfile `FROM` the local test busybox with a `COPY` of 200 files (2 MB) and a `RUN` step. The
 * first deploy and the floor's first build are outside the clock (a cold build is not compared: whichever side builds
 * second finds the other's layers in the daemon's cache). Each repetition checks that the redeploy changed nothing
 * (no event of any resource). `npm run bench -- --only build`. Without a reachable daemon the suite reports nothing
 * and says why.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { openSession } from '../../src/cli/session.js';
import { contextTar, readBuildContext } from '../../src/deploy/docker/build-context.js';
import { deployStack, destroyStack, type EngineOptions } from '../../src/deploy/engine/stack-engine.js';
import { loadDeploySource } from '../../src/deploy/input.js';
import type { StackEvent } from '../../src/deploy/status.js';
import { ensureTestImages, TEST_IMAGES } from '../../test/support/images.js';
import { benchDaemon } from '../daemon.js';
import { type BenchContext, type BenchResult, median, result, timed } from '../harness.js';

const FILES = 200;
const FILE_BYTES = 10_000;

/** The context and a template deploying its image and a container running it. */
function workspace(): { dir: string; template: string; context: string } {
  const dir = mkdtempSync(join(tmpdir(), 'heatstack-bench-build-'));
  const context = join(dir, 'web');
  mkdirSync(join(context, 'files'), { recursive: true });
  for (let i = 0; i < FILES; i++)
    writeFileSync(join(context, 'files', `f${i}.txt`), randomBytes(FILE_BYTES / 2).toString('hex'));
  writeFileSync(
    join(context, 'Dockerfile'),
    `FROM ${TEST_IMAGES.busybox}\nCOPY files /files\nRUN ls /files | wc -l > /count\nCMD ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"]\n`,
  );
  const template = join(dir, 'stack.json');
  const resources = {
    Web: { type: 'Heatstack::Docker::Image', properties: { context: 'web', network: 'none' } },
    Server: { type: 'DockerInc::Docker::Container', properties: { image: { get_resource: 'Web' } } },
  };
  writeFileSync(template, JSON.stringify({ heat_template_version: '2021-04-16', resources }));
  return { dir, template, context };
}

/** A deploy as `heatstack deploy FILE` makes it (the file read, the context hashed); the resources' events. */
async function deployFile(engine: EngineOptions, file: string, stackName: string): Promise<StackEvent[]> {
  const events: StackEvent[] = [];
  const source = await loadDeploySource(file, stackName, {});
  const run = await deployStack(
    { stackName, stackId: stackName, template: source.template, parameters: {}, hiddenParameters: new Set() },
    { ...engine, onEvent: (e) => events.push(e) },
  );
  if (!run.ok) throw new Error(`benchmark deploy failed: ${run.failure?.reason}`);
  return events.filter((e) => e.resource !== undefined);
}

/** The floor: the context sent to the daemon's builder again, tagged as before. */
async function floorBuild(docker: Docker, contextDir: string, tag: string): Promise<void> {
  const context = await readBuildContext(contextDir, 'Dockerfile', 'bench');
  const stream = await docker.buildImage(contextTar(context), { t: tag, rm: true, forcerm: true, networkmode: 'none' });
  await new Promise<void>((resolve, reject) =>
    docker.modem.followProgress(stream, (error: Error | null, events: { error?: string }[]) => {
      const failed = error?.message ?? events.find((e) => e.error)?.error;
      if (failed) reject(new Error(`floor build failed: ${failed}`));
      else resolve();
    }),
  );
}

export async function* run(context: BenchContext): AsyncIterable<BenchResult> {
  const docker = await benchDaemon(context, 'build benchmarks');
  if (docker === undefined) return;
  await ensureTestImages();
  const ws = workspace();
  const stateDir = mkdtempSync(join(tmpdir(), 'heatstack-bench-state-'));
  const engine = openSession({ stateDir, progress: { write: () => true, isTTY: false } }).engine;
  const stack = `hs-bench-build-${randomBytes(3).toString('hex')}`;
  const floorTag = `heatstack-bench/floor-${randomBytes(3).toString('hex')}:latest`;
  const cached: number[] = [];
  const floor: number[] = [];
  try {
    await deployFile(engine, ws.template, stack);
    await floorBuild(docker, ws.context, floorTag);
    for (let i = 0; i < context.repetitions; i++) {
      const again = await timed(() => deployFile(engine, ws.template, stack));
      if (again.value.length > 0)
        throw new Error(`the unchanged redeploy changed resources: ${JSON.stringify(again.value)}`);
      cached.push(again.ms);
      floor.push((await timed(() => floorBuild(docker, ws.context, floorTag))).ms);
      context.log(
        `  build run ${i + 1}/${context.repetitions}: heatstack ${cached[i]?.toFixed(0)} ms, floor ${floor[i]?.toFixed(0)} ms`,
      );
    }
    yield result('build-cached', median(cached), median(floor), 'ms');
  } finally {
    await destroyStack(stack, engine).catch(() => undefined);
    await docker
      .getImage(floorTag)
      .remove()
      .catch(() => undefined);
    rmSync(ws.dir, { recursive: true, force: true });
    rmSync(stateDir, { recursive: true, force: true });
  }
}
