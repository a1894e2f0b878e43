import type Docker from 'dockerode';
import { DockerResourceError } from '../docker/errors.js';
import { InterruptedError } from '../handler.js';

/**
 * Watching a service's tasks until they run (`docs/swarm.md`, "Readiness"): a service is created, updated or resumed
 * when as many tasks as it wants run its current spec. A task the node rejects (no such image, a port taken) fails the
 * wait at once; tasks that keep failing fail it after `FAILED_TASKS_LIMIT` of them; otherwise it fails when the time
 * runs out. Its message gives the tasks' own errors.
 */

/** A task as the Engine API lists it (the fields read here). */
export interface SwarmTask {
  readonly ID: string;
  readonly ServiceID?: string;
  readonly NodeID?: string;
  readonly DesiredState?: string;
  readonly CreatedAt?: string;
  readonly Status?: {
    readonly State?: string;
    readonly Err?: string;
    readonly Message?: string;
    readonly ContainerStatus?: { readonly ContainerID?: string; readonly ExitCode?: number };
  };
  readonly NetworksAttachments?: readonly {
    readonly Network?: { readonly ID?: string };
    readonly Addresses?: string[];
  }[];
}

/** Tasks that failed before the wait gives up without waiting out its time. */
const FAILED_TASKS_LIMIT = 3;
const POLL_MS = 250;

/** How long a service may take to run its tasks: `HEATSTACK_SWARM_TIMEOUT` seconds, default 120. */
export function swarmTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
  const raw = Number(env.HEATSTACK_SWARM_TIMEOUT);
  return Number.isFinite(raw) && raw > 0 ? raw * 1000 : 120_000;
}

/** @internal */
export async function serviceTasks(docker: Docker, serviceId: string): Promise<SwarmTask[]> {
  return (await docker.listTasks({ filters: JSON.stringify({ service: [serviceId] }) })) as SwarmTask[];
}

/** @internal Tasks meant to run now (the orchestrator's current ones) that run. */
export function runningTasks(tasks: readonly SwarmTask[]): SwarmTask[] {
  return tasks.filter((t) => t.DesiredState === 'running' && t.Status?.State === 'running');
}

export interface WaitOptions {
  /** Running tasks wanted; `'all'` (a global service): every task meant to run, and at least one. */
  readonly want: number | 'all';
  /** Only tasks created at or after this time count (an update's new tasks). */
  readonly since?: string;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  /** `Resources.X` and what the wait is for (`creating the service`), for the message. */
  readonly at: string;
  readonly step: string;
}

/** @internal Resolves when the service has its tasks running; throws a `DockerResourceError` giving the tasks' errors. */
export async function waitForTasks(docker: Docker, serviceId: string, options: WaitOptions): Promise<SwarmTask[]> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    if (options.signal?.aborted) throw new InterruptedError();
    const tasks = (await serviceTasks(docker, serviceId)).filter(
      (t) => options.since === undefined || (t.CreatedAt ?? '') >= options.since,
    );
    const running = runningTasks(tasks);
    const meant = tasks.filter((t) => t.DesiredState === 'running').length;
    const enough = options.want === 'all' ? meant > 0 && running.length === meant : running.length >= options.want;
    if (enough) return running;
    const failed = tasks.filter((t) => t.Status?.State === 'failed' || t.Status?.State === 'rejected');
    const rejected = failed.some((t) => t.Status?.State === 'rejected');
    if (rejected || failed.length >= FAILED_TASKS_LIMIT || Date.now() > deadline) {
      const why = rejected || failed.length > 0 ? `its tasks failed: ${taskErrors(failed)}` : 'its tasks did not start';
      const seconds = Math.round(options.timeoutMs / 1000);
      throw new DockerResourceError(
        `${options.at}: ${options.step}: ${running.length} of ${options.want === 'all' ? meant : options.want} tasks running` +
          `${failed.length > 0 ? '' : ` after ${seconds} s (HEATSTACK_SWARM_TIMEOUT)`}; ${why}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** @internal The distinct errors of failed tasks: `task: non-zero exit (1) (exit code 1)`, `No such image: x`. */
export function taskErrors(tasks: readonly SwarmTask[]): string {
  const errors = new Set(
    tasks.map((t) => {
      const code = t.Status?.ContainerStatus?.ExitCode;
      const err = t.Status?.Err || t.Status?.Message || t.Status?.State || 'failed';
      return code !== undefined && code !== 0 && !err.includes(String(code)) ? `${err} (exit code ${code})` : err;
    }),
  );
  return [...errors].join('; ');
}
