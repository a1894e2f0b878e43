/**
 * Deploy benchmarks against the local Docker daemon, each beside its floor — the same Docker work done straight
 * through dockerode with nothing in between — and, where docker-compose is installed, beside compose doing the same:
 *
 *   deploy-50   heatstack deploy of 50 independent containers  vs  50 create+start calls in parallel   (≤ 1.25×)
 *   chain-10    10 containers, each depending on the previous   vs  10 create+start calls in sequence  (≤ 1.2×)
 *   destroy-50  heatstack destroy of those 50                   vs  50 force-removals in parallel       (≤ 1.25×)
 *
 * The floor's containers are made exactly as heatstack makes them, on a user-defined network like each stack's own
 * (Docker's default bridge is cheaper for the daemon: the `-vs-default-bridge` lines show heatstack against that).
 *
 * `npm run bench -- --only deploy` runs it through the harness (lines `deploy-50`, `chain-10`, `destroy-50` against
 * the floor, `…-vs-default-bridge`, and `…-compose` against docker-compose); alone,
 * `node --import tsx bench/suites/deploy.ts` prints the full figures, samples included, as JSON lines. Each figure
 * is the median over the repetitions; heatstack and its floor alternate within a repetition. Both sides run in this
 * process (no CLI start-up on either side): the figures compare the Docker work and what the engine adds to it.
 * Without a reachable daemon the suite reports nothing and says why.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type Docker from 'dockerode';
import { openSession } from '../../src/cli/session.js';
import { dockerClient, parseEndpoint } from '../../src/deploy/docker/connection.js';
import { deployStack, destroyStack, type EngineOptions } from '../../src/deploy/engine/stack-engine.js';
import { LABELS } from '../../src/deploy/handler.js';
import { call, emptyTemplate, type ResourceDef, type Template } from '../../src/template/model.js';
import { ensureTestImages, TEST_IMAGES } from '../../test/support/images.js';
import { benchDaemon } from '../daemon.js';
import { type BenchContext, type BenchResult, result } from '../harness.js';

const IMAGE = TEST_IMAGES.busybox;
const CMD = ['sh', '-c', 'trap "exit 0" TERM; sleep 3600 & wait'];

export interface DeployBenchLine {
  readonly name: 'deploy-50' | 'chain-10' | 'destroy-50';
  /** Median wall time of heatstack, ms. */
  readonly heatstackMs: number;
  /** Median wall time of the floor (the same calls, on a user-defined network as heatstack's), ms. */
  readonly floorMs: number;
  /** The same floor on Docker's default bridge, for comparison. */
  readonly floorBridgeMs: number;
  readonly ratio: number;
  readonly target: number;
  readonly withinTarget: boolean;
  /** docker-compose `up -d` (deploy-50, chain-10) or `down` (destroy-50) of the equivalent file, when installed. */
  readonly composeMs?: number;
  readonly samples: {
    readonly heatstack: number[];
    readonly floor: number[];
    readonly floorBridge: number[];
    readonly compose?: number[];
  };
}

/** Runs the three benchmarks; `runs` samples each. */
export async function runDeployBenchmarks(
  runs = Number(process.env.HEATSTACK_BENCH_RUNS ?? 3),
  log: (message: string) => void = () => {},
): Promise<DeployBenchLine[]> {
  await ensureTestImages();
  const docker = await dockerClient(parseEndpoint(undefined));
  const stateDir = mkdtempSync(join(tmpdir(), 'heatstack-bench-state-'));
  const silent = { write: () => true, isTTY: false };
  const engine = openSession({ stateDir, progress: silent }).engine;
  const compose = composeAvailable();
  const s = {
    deploy: [] as number[],
    deployFloor: [] as number[],
    chain: [] as number[],
    chainFloor: [] as number[],
    destroy: [] as number[],
    destroyFloor: [] as number[],
    deployFloorBridge: [] as number[],
    chainFloorBridge: [] as number[],
    destroyFloorBridge: [] as number[],
  };
  const c = { up50: [] as number[], chain: [] as number[], down50: [] as number[] };
  try {
    for (let run = 0; run < runs; run++) {
      // 50 independent: heatstack deploy + destroy, then the floor's create+start and force-removal.
      const stack = `hs-bench-${randomBytes(3).toString('hex')}`;
      s.deploy.push(await timed(() => deployOrThrow(engine, stack, independent(50))));
      s.destroy.push(await timed(() => destroyStack(stack, engine).then(okOrThrow)));
      const floor = await withFloorNetwork(docker, (network) => floorParallel(docker, 50, network));
      s.deployFloor.push(floor.createMs);
      s.destroyFloor.push(floor.removeMs);
      const bridge = await floorParallel(docker, 50);
      s.deployFloorBridge.push(bridge.createMs);
      s.destroyFloorBridge.push(bridge.removeMs);
      // Chain of 10.
      const chainStack = `hs-bench-${randomBytes(3).toString('hex')}`;
      s.chain.push(await timed(() => deployOrThrow(engine, chainStack, chainOf(10))));
      await destroyStack(chainStack, engine).then(okOrThrow);
      s.chainFloor.push(await withFloorNetwork(docker, (network) => floorSequential(docker, 10, network)));
      s.chainFloorBridge.push(await floorSequential(docker, 10));
      if (compose) {
        const up = composeRun(50, false);
        c.up50.push(up.upMs);
        c.down50.push(up.downMs);
        c.chain.push(composeRun(10, true).upMs);
      }
      log(`  deploy run ${run + 1}/${runs}: ${JSON.stringify({ s, c })}`);
    }
  } finally {
    rmSync(stateDir, { recursive: true, force: true });
  }
  return [
    line('deploy-50', s.deploy, s.deployFloor, s.deployFloorBridge, 1.25, compose ? c.up50 : undefined),
    line('chain-10', s.chain, s.chainFloor, s.chainFloorBridge, 1.2, compose ? c.chain : undefined),
    line('destroy-50', s.destroy, s.destroyFloor, s.destroyFloorBridge, 1.25, compose ? c.down50 : undefined),
  ];
}

/** The harness's entry: the three lines against the floor, and the same against docker-compose where installed. */
export async function* run(context: BenchContext): AsyncIterable<BenchResult> {
  if ((await benchDaemon(context, 'deploy benchmarks')) === undefined) return;
  const lines = await runDeployBenchmarks(context.repetitions, context.log);
  for (const l of lines) yield result(l.name, l.heatstackMs, l.floorMs, 'ms');
  for (const l of lines) yield result(`${l.name}-vs-default-bridge`, l.heatstackMs, l.floorBridgeMs, 'ms');
  for (const l of lines) {
    if (l.composeMs !== undefined) yield result(`${l.name}-compose`, l.heatstackMs, l.composeMs, 'ms');
  }
}

function line(
  name: DeployBenchLine['name'],
  heatstack: number[],
  floor: number[],
  floorBridge: number[],
  target: number,
  compose?: number[],
): DeployBenchLine {
  const h = median(heatstack);
  const f = median(floor);
  const ratio = Math.round((h / f) * 100) / 100;
  return {
    name,
    heatstackMs: h,
    floorMs: f,
    ratio,
    target,
    withinTarget: ratio <= target,
    floorBridgeMs: median(floorBridge),
    ...(compose ? { composeMs: median(compose) } : {}),
    samples: { heatstack, floor, floorBridge, ...(compose ? { compose } : {}) },
  };
}

function container(props: Record<string, unknown> = {}, dependsOn: string[] = []): ResourceDef {
  return {
    type: 'DockerInc::Docker::Container',
    properties: { image: IMAGE, cmd: CMD, ...props } as ResourceDef['properties'],
    dependsOn,
  };
}

export function independent(n: number): Template {
  const resources: Record<string, ResourceDef> = {};
  for (let i = 0; i < n; i++) resources[`C${i}`] = container();
  return { ...emptyTemplate('hot'), resources };
}

/** Each reads the previous one's address, as a real chain would. */
function chainOf(n: number): Template {
  const resources: Record<string, ResourceDef> = { C0: container() };
  for (let i = 1; i < n; i++)
    resources[`C${i}`] = container({ env: [call('join', '=', ['PREV', call('get_attr', `C${i - 1}`, 'network_ip')])] });
  return { ...emptyTemplate('hot'), resources };
}

export async function deployOrThrow(engine: EngineOptions, stackName: string, template: Template): Promise<void> {
  const result = await deployStack(
    { stackName, stackId: stackName, template, parameters: {}, hiddenParameters: new Set() },
    engine,
  );
  okOrThrow(result);
}

export function okOrThrow(result: { ok: boolean; failure?: { reason: string } }): void {
  if (!result.ok) throw new Error(`benchmark run failed: ${result.failure?.reason}`);
}

const FLOOR_LABEL = 'io.heatstack.bench-floor';

/**
 * The floor makes the same create+start calls heatstack makes: the same image and command, and — as each heatstack
 * container joins its stack's own network — on a user-defined network, created before the clock starts (heatstack
 * pays for creating its network inside its time). `network` undefined: Docker's default bridge, cheaper for the
 * daemon, reported beside it for comparison.
 */
async function createAndStart(docker: Docker, run: string, i: number, network?: string): Promise<Docker.Container> {
  const c = await docker.createContainer({
    Image: IMAGE,
    Cmd: CMD,
    Labels: { [FLOOR_LABEL]: run, [LABELS.resource]: `C${i}` },
    ...(network
      ? {
          HostConfig: { NetworkMode: network },
          NetworkingConfig: { EndpointsConfig: { [network]: { Aliases: [`C${i}`] } } },
        }
      : {}),
  });
  await c.start();
  return c;
}

/** Runs `work` with a user-defined network of its own, removed afterwards (not timed). */
export async function withFloorNetwork<T>(docker: Docker, work: (network: string) => Promise<T>): Promise<T> {
  const name = `hs-bench-floor-${randomBytes(3).toString('hex')}`;
  const network = await docker.createNetwork({ Name: name, Labels: { [FLOOR_LABEL]: name } });
  try {
    return await work(name);
  } finally {
    await network.remove().catch(() => undefined);
  }
}

/** n create+start calls in parallel, then n force-removals in parallel. */
export async function floorParallel(
  docker: Docker,
  n: number,
  network?: string,
): Promise<{ createMs: number; removeMs: number }> {
  const run = randomBytes(3).toString('hex');
  let containers: Docker.Container[] = [];
  const createMs = await timed(async () => {
    containers = await Promise.all(Array.from({ length: n }, (_, i) => createAndStart(docker, run, i, network)));
  });
  const removeMs = await timed(() => Promise.all(containers.map((c) => c.remove({ force: true }))));
  return { createMs, removeMs };
}

async function floorSequential(docker: Docker, n: number, network?: string): Promise<number> {
  const run = randomBytes(3).toString('hex');
  const containers: Docker.Container[] = [];
  const ms = await timed(async () => {
    for (let i = 0; i < n; i++) containers.push(await createAndStart(docker, run, i, network));
  });
  await Promise.all(containers.map((c) => c.remove({ force: true })));
  return ms;
}

function composeAvailable(): boolean {
  return spawnSync('docker-compose', ['version', '--short'], { stdio: 'ignore' }).status === 0;
}

/** `docker-compose up -d` then `down` of n services (a chain through depends_on when `chained`). */
function composeRun(n: number, chained: boolean): { upMs: number; downMs: number } {
  const dir = mkdtempSync(join(tmpdir(), 'heatstack-bench-compose-'));
  const project = `hsbench${randomBytes(3).toString('hex')}`;
  const services = Array.from({ length: n }, (_, i) => {
    const depends = chained && i > 0 ? `\n    depends_on: [c${i - 1}]` : '';
    return `  c${i}:\n    image: ${IMAGE}\n    command: ${JSON.stringify(CMD)}${depends}`;
  });
  writeFileSync(join(dir, 'docker-compose.yml'), `version: "2.4"\nservices:\n${services.join('\n')}\n`);
  const compose = (...args: string[]) =>
    execFileSync('docker-compose', ['-p', project, ...args], {
      cwd: dir,
      stdio: 'ignore',
      env: { ...process.env, COMPOSE_PARALLEL_LIMIT: '64' },
    });
  try {
    const t0 = performance.now();
    compose('up', '-d');
    const t1 = performance.now();
    // docker 20.10 sometimes says a network still has endpoints just after its containers went: try again, and at
    // worst leave that empty network (the containers are gone, which is what is timed).
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        compose('down', '-t', '10');
        break;
      } catch {
        if (attempt === 2) process.stderr.write(`docker-compose down of ${project} left its network behind\n`);
      }
    }
    const t2 = performance.now();
    return { upMs: Math.round(t1 - t0), downMs: Math.round(t2 - t1) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function timed(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();
  return Math.round(performance.now() - start);
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2
    ? (sorted[mid] as number)
    : Math.round(((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const l of await runDeployBenchmarks()) process.stdout.write(`${JSON.stringify(l)}\n`);
}
