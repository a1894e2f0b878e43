/**
 * Convergence benchmarks against the local Docker daemon:
 *
 *   redeploy-noop-50   `heatstack deploy` (the CLI) of 50 unchanged containers  vs  `docker-compose up -d` of the
 *                      same 50 unchanged services, in the same run                                   (≤ 0.2×)
 *   update-inplace-50  a deploy changing the memory limit of 50 containers (in place)  vs  the same 50 update calls
 *                      straight through the Engine API, in parallel                                  (≤ 1.25×)
 *
 * The no-op line runs both sides as the CLIs a person runs (a process each: start-up counts on both sides); the
 * in-place line runs heatstack in this process (as `deploy.ts` does), so it compares the Docker work and what the
 * engine adds to it. Each figure is the median over the repetitions, the two sides alternating. docker-compose v1
 * (Debian's) is used when installed; without it, or without a daemon, the suite says so and reports what it can.
 * Provisional while the machine is shared: the figures move with the load.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type Docker from 'dockerode';
import { openSession } from '../../src/cli/session.js';
import { deployStack, destroyStack, type EngineOptions } from '../../src/deploy/engine/stack-engine.js';
import { LABELS } from '../../src/deploy/handler.js';
import { emptyTemplate, type ResourceDef, type Template } from '../../src/template/model.js';
import { ensureTestImages, TEST_IMAGES } from '../../test/support/images.js';
import { benchDaemon } from '../daemon.js';
import { type BenchContext, type BenchResult, median, result } from '../harness.js';

const IMAGE = TEST_IMAGES.busybox;
const CMD = ['sh', '-c', 'trap "exit 0" TERM; sleep 3600 & wait'];
const N = 50;
const MiB = 1024 * 1024;
const BIN = fileURLToPath(new URL('../../bin/heatstack.js', import.meta.url));

export async function* run(context: BenchContext): AsyncIterable<BenchResult> {
  const docker = await benchDaemon(context, 'convergence benchmarks');
  if (docker === undefined) return;
  await ensureTestImages();
  const dir = mkdtempSync(join(tmpdir(), 'heatstack-bench-converge-'));
  try {
    if (context.wants?.('redeploy-noop-50') === false) context.log('  redeploy-noop-50 not asked for');
    else if (composeAvailable()) yield await noopLine(dir, context);
    else context.log('  redeploy-noop-50 skipped: docker-compose is not installed (apt-get install docker-compose)');
    if (context.wants?.('update-inplace-50') !== false) yield await inPlaceLine(docker, dir, context);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** heatstack's CLI deploy of 50 unchanged containers beside `docker-compose up -d` of 50 unchanged services. */
async function noopLine(dir: string, context: BenchContext): Promise<BenchResult> {
  const stateDir = join(dir, 'state');
  const stack = `hs-bench-noop-${randomBytes(3).toString('hex')}`;
  const file = join(dir, 'noop.json');
  writeFileSync(file, JSON.stringify(templateJson()));
  const project = `hsbenchnoop${randomBytes(3).toString('hex')}`;
  writeFileSync(join(dir, 'docker-compose.yml'), composeFile());
  const heatstack = () => cli(['deploy', file, '--stack', stack], stateDir);
  const compose = (...args: string[]) => composeCli(dir, project, args);
  const [h, c]: [number[], number[]] = [[], []];
  try {
    heatstack();
    compose('up', '-d');
    for (let i = 0; i < context.repetitions; i++) {
      h.push(timedSync(heatstack));
      c.push(timedSync(() => compose('up', '-d')));
      context.log(`  redeploy-noop-50 run ${i + 1}: heatstack ${h[i]} ms, docker-compose ${c[i]} ms`);
    }
  } finally {
    cli(['destroy', '--stack', stack], stateDir);
    compose('down', '-t', '1');
  }
  return result('redeploy-noop-50', median(h), median(c), 'ms');
}

/** A deploy that changes the memory limit of 50 containers (in place) beside the same 50 update calls. */
async function inPlaceLine(docker: Docker, dir: string, context: BenchContext): Promise<BenchResult> {
  const engine = openSession({
    stateDir: join(dir, 'engine-state'),
    progress: { write: () => true, isTTY: false },
  }).engine;
  const stack = `hs-bench-upd-${randomBytes(3).toString('hex')}`;
  const floor = await floorContainers(docker, N);
  const [h, f]: [number[], number[]] = [[], []];
  try {
    await deployOrThrow(engine, stack, limited(64 * MiB));
    for (let i = 0; i < context.repetitions; i++) {
      const memory = (i % 2 === 0 ? 128 : 64) * MiB;
      h.push(await timed(() => deployOrThrow(engine, stack, limited(memory))));
      f.push(
        await timed(() =>
          Promise.all(floor.containers.map((c) => c.update({ Memory: memory, MemorySwap: 2 * memory }))),
        ),
      );
      context.log(`  update-inplace-50 run ${i + 1}: heatstack ${h[i]} ms, Engine API ${f[i]} ms`);
    }
  } finally {
    await destroyStack(stack, engine);
    await Promise.all(floor.containers.map((c) => c.remove({ force: true }).catch(() => undefined)));
    await docker
      .getNetwork(floor.network)
      .remove()
      .catch(() => undefined);
  }
  return result('update-inplace-50', median(h), median(f), 'ms');
}

function container(props: Record<string, unknown> = {}): ResourceDef {
  return {
    type: 'DockerInc::Docker::Container',
    properties: { image: IMAGE, cmd: CMD, ...props } as ResourceDef['properties'],
    dependsOn: [],
  };
}

function limited(memory: number): Template {
  const resources: Record<string, ResourceDef> = {};
  for (let i = 0; i < N; i++) resources[`C${i}`] = container({ memory });
  return { ...emptyTemplate('hot'), resources };
}

/** The 50 containers as a template file (JSON, which is YAML too). */
function templateJson(): unknown {
  const resources: Record<string, unknown> = {};
  for (let i = 0; i < N; i++)
    resources[`C${i}`] = { type: 'DockerInc::Docker::Container', properties: { image: IMAGE, cmd: CMD } };
  return { heat_template_version: '2021-04-16', resources };
}

function composeFile(): string {
  const services = Array.from(
    { length: N },
    (_, i) => `  c${i}:\n    image: ${IMAGE}\n    command: ${JSON.stringify(CMD)}`,
  );
  return `version: "2.4"\nservices:\n${services.join('\n')}\n`;
}

/** The floor's containers, made as heatstack makes them (limited, on a network of their own), before the clock. */
async function floorContainers(
  docker: Docker,
  n: number,
): Promise<{ network: string; containers: Docker.Container[] }> {
  const label = `hs-bench-floor-${randomBytes(3).toString('hex')}`;
  await docker.createNetwork({ Name: label, Labels: { 'io.heatstack.bench-floor': label } });
  const containers = await Promise.all(
    Array.from({ length: n }, async (_, i) => {
      const c = await docker.createContainer({
        Image: IMAGE,
        Cmd: CMD,
        Labels: { 'io.heatstack.bench-floor': label, [LABELS.resource]: `C${i}` },
        HostConfig: { Memory: 64 * MiB, NetworkMode: label },
      });
      await c.start();
      return c;
    }),
  );
  return { network: label, containers };
}

async function deployOrThrow(engine: EngineOptions, stackName: string, template: Template): Promise<void> {
  const r = await deployStack(
    { stackName, stackId: stackName, template, parameters: {}, hiddenParameters: new Set() },
    engine,
  );
  if (!r.ok) throw new Error(`benchmark run failed: ${r.failure?.reason}`);
}

function cli(args: string[], stateDir: string): void {
  execFileSync(process.execPath, [BIN, ...args], {
    stdio: 'ignore',
    env: { ...process.env, HEATSTACK_STATE_DIR: stateDir, CI: '1' },
  });
}

function composeAvailable(): boolean {
  return spawnSync('docker-compose', ['version', '--short'], { stdio: 'ignore' }).status === 0;
}

function composeCli(dir: string, project: string, args: string[]): void {
  execFileSync('docker-compose', ['-p', project, ...args], {
    cwd: dir,
    stdio: 'ignore',
    env: { ...process.env, COMPOSE_PARALLEL_LIMIT: '64' },
  });
}

function timedSync(work: () => void): number {
  const start = performance.now();
  work();
  return Math.round(performance.now() - start);
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();
  return Math.round(performance.now() - start);
}
