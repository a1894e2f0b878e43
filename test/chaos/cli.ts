/**
 * The real CLI as the chaos trials run it: a subprocess per command (so it can be killed), every answer checked
 * for what must never be printed — a stack trace, an `internal error`, a raw control character — and bounded in
 * time (a command that does not end is a hang, and is killed).
 */

import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { type CliRun, ROOT, spawnCli } from '../deploy/support/e2e.js';
import { RAW_CONTROL } from '../support/terminal.js';

/** A deploy of 20 containers on a loaded machine takes tens of seconds; this bound only catches a hang. */
export const COMMAND_BOUND_MS = 240_000;

const STACK_FRAME = /^\s+at .+:\d+:\d+\)?$/m;

export interface Answer {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  /** It did not end within the bound (and was killed). */
  readonly hung: boolean;
}

/** What a printed answer must never hold (empty: nothing wrong). */
export function crashesIn(answer: Answer, what: string): string[] {
  const crashes: string[] = [];
  if (/internal error/.test(answer.stderr) || STACK_FRAME.test(answer.stderr))
    crashes.push(`${what}: a stack trace: ${answer.stderr.slice(-600)}`);
  if (RAW_CONTROL.test(answer.stderr)) crashes.push(`${what}: a raw control character on stderr`);
  if (answer.signal !== null && answer.signal !== 'SIGKILL') crashes.push(`${what}: ended by ${answer.signal}`);
  if (answer.code !== null && ![0, 1, 130].includes(answer.code)) crashes.push(`${what}: exit ${answer.code}`);
  return crashes;
}

/** The environment of every command: where the state is, and which daemon (`DOCKER_HOST`). */
export interface CliEnv {
  readonly stateDir: string;
  readonly env?: NodeJS.ProcessEnv;
  /** The daemon the trial's own checks ask (the test daemon when absent: a proxy's `DOCKER_HOST` leads to it). */
  readonly docker?: Docker;
}

export function start(args: string[], where: CliEnv): CliRun {
  return spawnCli(args, where.stateDir, where.env ?? {}, builtCli());
}

let built: string[] | undefined | null = null;

/**
 * The built CLI (`bin/heatstack.js`, as users run it) when `npm run build` wrote dist/ after the last change under
 * src/ (CI builds before it tests), else undefined: the sources through tsx. A chaos run spawns hundreds of commands,
 * and the built one starts on a third of the CPU (a deploy of 4 containers: 0.25 s user, 0.64 s through tsx).
 */
function builtCli(): string[] | undefined {
  if (built === null) {
    const dist = newestUnder(join(ROOT, 'dist'));
    built = dist > 0 && dist >= newestUnder(join(ROOT, 'src')) ? [join(ROOT, 'bin', 'heatstack.js')] : undefined;
  }
  return built;
}

/** The newest modification time of a file under `dir` (0 when there is none). */
function newestUnder(dir: string): number {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true }))
    if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  return newest;
}

/** Waits for a started command to end, killing it past the bound. */
export async function finish(run: CliRun, boundMs = COMMAND_BOUND_MS): Promise<Answer> {
  let hung = false;
  const timer = setTimeout(() => {
    hung = true;
    run.child.kill('SIGKILL');
  }, boundMs);
  const done = await run.done;
  clearTimeout(timer);
  return { ...done, hung };
}

export async function heatstack(where: CliEnv, ...args: string[]): Promise<Answer> {
  return finish(start(args, where));
}

/** How many progress lines the command has printed on stderr so far. */
export const linesOf = (run: CliRun): number => run.stderr().split('\n').length - 1;

/** Resolves once the command has printed `lines` lines, or has ended. */
export async function afterLines(run: CliRun, lines: number): Promise<void> {
  while (linesOf(run) < lines && run.child.exitCode === null && run.child.signalCode === null)
    await new Promise((r) => setTimeout(r, 10));
}
