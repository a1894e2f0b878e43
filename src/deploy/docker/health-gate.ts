import type Docker from 'dockerode';
import { InterruptedError } from '../handler.js';
import { DockerResourceError } from './errors.js';
import { tailLines } from './logs.js';

/**
 * The health gate: a container with a health check (its `healthcheck` property, or the image's `HEALTHCHECK`)
 * counts as created only once Docker reports it `healthy`, so what depends on it starts when it is ready — Compose's
 * `depends_on: condition: service_healthy`, here for every dependency, as Heat counts a resource created only once
 * its `check_create_complete` holds. It turns `unhealthy`, exits, or stays `starting` past the gate's deadline: the
 * create fails with the last probe's output, and the container handler removes the container (a failed create leaves
 * nothing; the engine rolls back as after any failed create).
 *
 * Docker itself decides: it runs the probe every `interval` (the first one `interval` after start), and marks the
 * container unhealthy after `retries` failures in a row outside the `start_period`. The gate only watches the
 * inspect document, so its deadline is a safety net for a daemon that never runs the probes: twice Docker's worst
 * case, plus a margin for a loaded machine.
 */

export interface HealthGateOptions {
  /** `Resources.<name>`, for messages. */
  readonly at: string;
  readonly signal?: AbortSignal;
  readonly progress?: (message: string) => void;
  /** Overrides the deadline computed from the health check (tests). */
  readonly deadlineMs?: number;
}

/** Docker's defaults for a health check field left at 0 (`HEALTHCHECK` reference). */
const DEFAULTS = { interval: 30_000, timeout: 30_000, retries: 3, startPeriod: 0 } as const;
const MARGIN_MS = 30_000;

/** @internal Resolves once `info`'s container is healthy, at once when it has no health check. */
export async function waitUntilHealthy(
  container: Docker.Container,
  info: Docker.ContainerInspectInfo,
  options: HealthGateOptions,
): Promise<Docker.ContainerInspectInfo> {
  if (info.State.Health === undefined) return info;
  const check = info.Config.Healthcheck ?? {};
  const begun = Date.now();
  const deadline = begun + (options.deadlineMs ?? deadlineMs(check));
  const pollMs = Math.min(500, Math.max(50, millis(check.Interval, DEFAULTS.interval) / 4));
  let current = info;
  let told = '';
  for (;;) {
    const health = current.State.Health;
    if (health === undefined) return current; // the check was turned off meanwhile: nothing to wait for
    if (health.Status === 'healthy') return current;
    // Docker marks a container that stopped unhealthy too: its exit is the news.
    if (!current.State.Running) throw gateError(options.at, current, exitedHow(current));
    if (health.Status === 'unhealthy') throw gateError(options.at, current, 'turned unhealthy');
    if (Date.now() > deadline)
      throw gateError(options.at, current, `was not healthy after ${Math.round((Date.now() - begun) / 1000)} s`);
    // Docker keeps the last five probes only: the latest one's verdict is what moves.
    const last = health.Log?.[health.Log.length - 1];
    const now = `waiting until healthy (${last === undefined ? 'no probe yet' : `last probe exited ${last.ExitCode}`})`;
    if (now !== told) options.progress?.(now);
    told = now;
    await pause(pollMs, options.signal);
    current = await container.inspect();
  }
}

/** Twice the longest Docker may take to decide, plus a margin. */
function deadlineMs(check: Docker.HealthConfig): number {
  const interval = millis(check.Interval, DEFAULTS.interval);
  const timeout = millis(check.Timeout, DEFAULTS.timeout);
  const retries = check.Retries || DEFAULTS.retries;
  const startPeriod = millis(check.StartPeriod, DEFAULTS.startPeriod);
  return 2 * (startPeriod + (retries + 1) * (interval + timeout)) + MARGIN_MS;
}

function millis(nanoseconds: number | undefined, fallback: number): number {
  return nanoseconds ? nanoseconds / 1e6 : fallback;
}

function exitedHow(info: Docker.ContainerInspectInfo): string {
  return `exited (code ${info.State.ExitCode}) before it was healthy`;
}

/** The failure, with the last probe's exit code and output (Docker keeps the last five). */
function gateError(at: string, info: Docker.ContainerInspectInfo, what: string): DockerResourceError {
  const log = info.State.Health?.Log ?? [];
  const last = log[log.length - 1];
  const failing = info.State.Health?.FailingStreak ?? 0;
  const streak = failing > 0 ? ` (${failing} failed probe${failing === 1 ? '' : 's'} in a row)` : '';
  const probe =
    last === undefined
      ? 'no probe has run yet'
      : `the last probe exited ${last.ExitCode}${last.Output.trim() ? ` and printed:\n${tailLines(last.Output, 20)}` : ' and printed nothing'}`;
  return new DockerResourceError(`${at}: the container ${what}${streak}; ${probe}`);
}

function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(new InterruptedError());
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', abort);
      resolve();
    }, ms);
    const abort = () => {
      clearTimeout(timer);
      reject(new InterruptedError());
    };
    signal?.addEventListener('abort', abort, { once: true });
  });
}
