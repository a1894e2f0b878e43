import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type Docker from 'dockerode';
import { afterAll, beforeAll } from 'vitest';
import { openSession } from '../../../src/cli/session.js';
import { deployStack, destroyStack, type RunResult, stackIdOf } from '../../../src/deploy/engine/stack-engine.js';
import { LABELS } from '../../../src/deploy/handler.js';
import { loadDeploySource } from '../../../src/deploy/input.js';
import type { StackEvent } from '../../../src/deploy/status.js';
import { resolveParameters } from '../../../src/template/parameter-values.js';
import { testDocker } from '../../support/docker.js';
import { ensureTestImages } from '../../support/images.js';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CLI = fileURLToPath(new URL('./heatstack-cli.ts', import.meta.url));

/** A stack name no other test (or engineer) uses. */
export function uniqueStack(prefix: string): string {
  return `hs-e2e-${prefix}-${randomBytes(3).toString('hex')}`;
}

export function tempStateDir(): string {
  return mkdtempSync(join(tmpdir(), 'heatstack-e2e-state-'));
}

/** A session on real Docker whose events are collected instead of printed. */
export function session(stateDir: string, events: StackEvent[] = []) {
  const silent = { write: () => true, isTTY: false };
  const { engine } = openSession({ stateDir, progress: silent });
  return { ...engine, onEvent: (e: StackEvent) => events.push(e) };
}

/** What `heatstack deploy FILE --stack NAME` does, in this process. */
export async function deployFile(
  file: string,
  stackName: string,
  stateDir: string,
  events: StackEvent[] = [],
  given: Record<string, string> = {},
  rollback = true,
): Promise<RunResult> {
  const source = await loadDeploySource(file, stackName, given);
  const options = session(stateDir, events);
  const stackId = await stackIdOf(options.store, stackName);
  const parameters = resolveParameters(source.template, given, { stackName, stackId });
  return deployStack(
    {
      stackName,
      stackId,
      template: source.template,
      parameters,
      hiddenParameters: source.hiddenParameters,
      rollback,
      // As the CLI gives it: a nested template file is read beside it.
      source: file,
    },
    options,
  );
}

/** Containers, networks and volumes Docker holds under the stack's label. */
export async function dockerObjectsOf(
  stack: string,
): Promise<{ containers: number; networks: number; volumes: number }> {
  const { containers, networks, volumes } = await dockerObjectLists(stack);
  return { containers: containers.length, networks: networks.length, volumes: volumes.length };
}

/** Docker's lists of the containers, networks and volumes under the stack's label. */
export async function dockerObjectLists(stack: string): Promise<{
  containers: Docker.ContainerInfo[];
  networks: Docker.NetworkInspectInfo[];
  volumes: Docker.VolumeInspectInfo[];
}> {
  const docker = await testDocker();
  const filters = JSON.stringify({ label: [`${LABELS.stack}=${stack}`] });
  const [containers, networks, v] = await Promise.all([
    docker.listContainers({ all: true, filters }),
    docker.listNetworks({ filters }),
    docker.listVolumes({ filters }),
  ]);
  return { containers, networks, volumes: v.Volumes ?? [] };
}

export interface CliRun {
  readonly child: ChildProcess;
  readonly done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
  stdout(): string;
  stderr(): string;
}

/**
 * Spawns the real CLI as a subprocess (plain progress lines: `CI=1`), with `env` added to this process's: the sources
 * through tsx, or `cli` (node's arguments before the CLI's).
 */
export function spawnCli(
  args: string[],
  stateDir: string,
  env: NodeJS.ProcessEnv = {},
  cli: readonly string[] = ['--import', 'tsx', CLI],
): CliRun {
  const child = spawn(process.execPath, [...cli, ...args], {
    cwd: ROOT,
    env: { ...process.env, HEATSTACK_STATE_DIR: stateDir, CI: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>(
    (resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout: out, stderr: err })),
  );
  return { child, done, stdout: () => out, stderr: () => err };
}

/** Resolves once `predicate` holds of the subprocess's stderr (its progress lines). */
export async function waitForOutput(
  run: CliRun,
  predicate: (stderr: string) => boolean,
  timeoutMs = 60_000,
): Promise<void> {
  const start = Date.now();
  while (!predicate(run.stderr())) {
    if (run.child.exitCode !== null) throw new Error(`the CLI exited early:\n${run.stderr()}`);
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for output:\n${run.stderr()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface E2eWorkspace {
  /** A scratch folder for template files. */
  readonly dir: string;
  readonly stateDir: string;
  /** A unique stack name, destroyed after the suite. */
  newStack(prefix: string): string;
}

/**
 * A Docker suite's scratch folder and state directory, made before its tests (with the test images) and removed
 * after them, together with every stack the suite named. Call it inside the suite's `describeDocker`.
 */
export function e2eWorkspace(prefix: string): E2eWorkspace {
  const stacks: string[] = [];
  const ws = {
    dir: '',
    stateDir: '',
    newStack(p: string): string {
      const s = uniqueStack(p);
      stacks.push(s);
      return s;
    },
  };
  beforeAll(async () => {
    await ensureTestImages();
    ws.dir = mkdtempSync(join(tmpdir(), `heatstack-${prefix}-`));
    ws.stateDir = tempStateDir();
  }, 120_000);
  afterAll(async () => {
    // Retained volumes too: a test leaves nothing behind on the shared daemon.
    for (const s of stacks)
      await destroyStack(s, { ...session(ws.stateDir), deleteRetained: true }).catch(() => undefined);
    rmSync(ws.dir, { recursive: true, force: true });
    rmSync(ws.stateDir, { recursive: true, force: true });
  }, 120_000);
  return ws;
}
