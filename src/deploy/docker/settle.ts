import type Docker from 'dockerode';
import { InterruptedError } from '../handler.js';
import { statusOf } from './errors.js';

/**
 * When a just-started container counts as started. A fixed wait after `start` followed by one look at its state is a
 * race: on a loaded machine a command that exits at once may not have run yet, and Docker may not have recorded an
 * exit yet, when the look comes. So the decision rests on what cannot lag behind:
 *
 * - Docker's state (inspect): exited, restarting, or restarted already (`RestartCount`) — it died;
 * - the kernel's (the daemon's `top`, which lists the container's live processes with their state): the main process
 *   gone means it has exited even if Docker has not recorded it yet (its exit code is then waited for); every process
 *   *waiting* (`S`, sleeping on something: a socket, a timer, a child) means the program has run up to the point
 *   where it waits for work — one that exits at once never gets there, however late it is scheduled.
 *
 * A container counts as started once two looks in a row, at least `settleMs` after start, find every one of its
 * processes waiting, the same processes and the same start (two looks, so a parent that waits on a child which has
 * just exited is not taken for a settled one). A process that never waits counts as started once it has been running
 * `busyMs` and has spent a tenth of that computing (so it is busy, not merely not scheduled yet on a loaded machine);
 * any container still running `MAX_SETTLE_MS` after start counts as started. Where the daemon cannot list
 * processes (three looks in a row), Docker's state alone decides, at least `settleMs` after start.
 */

export interface SettleOptions {
  /** The least time after start before a container counts as started. */
  readonly settleMs: number;
  /** How long a container whose processes never wait may run before it counts as started. */
  readonly busyMs: number;
  readonly signal?: AbortSignal;
}

/**
 * @internal How the settle ended — started, or not (it exited or was restarted) — with the inspect document that
 * says so.
 */
export interface Settled {
  readonly started: boolean;
  readonly info: Docker.ContainerInspectInfo;
}

/** One live process: its state letter (`S`, `R`, `D`…) and its share of the CPU since it began, in percent. */
interface Process {
  readonly state: string;
  readonly cpu: number;
}

/** The container's live processes, by host pid; `gone` when it has none; `unknown` when the daemon cannot tell. */
type Processes = ReadonlyMap<string, Process> | 'gone' | 'unknown';

interface Look {
  readonly info: Docker.ContainerInspectInfo;
  readonly processes: Processes;
}

/** @internal */
export async function settle(container: Docker.Container, options: SettleOptions): Promise<Settled> {
  const start = Date.now();
  let previous: Look | undefined;
  let untold = 0;
  for (let round = 0; ; round++) {
    if (options.signal?.aborted) throw new InterruptedError();
    const look = await lookAt(container);
    if (died(look.info)) return { started: false, info: look.info };
    if (look.processes === 'gone' || !hasMain(look)) return await exitRecorded(container, options);
    const elapsed = Date.now() - start;
    untold = look.processes === 'unknown' ? untold + 1 : 0;
    if (look.processes === 'unknown') {
      // Asked again first: a failed `top` may be a container dying as it was asked, which the next look tells.
      if (untold >= UNTOLD_LOOKS && elapsed >= options.settleMs) return { started: true, info: look.info };
    } else if (allWaiting(look.processes)) {
      if (previous !== undefined && elapsed >= options.settleMs && sameRun(previous, look))
        return { started: true, info: look.info };
    } else if (elapsed >= options.busyMs && cpuMs(look, elapsed) >= options.busyMs / 10) {
      return { started: true, info: look.info };
    }
    if (elapsed >= MAX_SETTLE_MS) return { started: true, info: look.info };
    previous = look;
    await sleep(Math.max(options.settleMs - elapsed, Math.min(50, 2 ** round)));
  }
}

async function lookAt(container: Docker.Container): Promise<Look> {
  const [info, processes] = await Promise.all([container.inspect(), processesOf(container)]);
  return { info, processes };
}

/** Exited, restarting, or restarted by its restart policy: it did not stay up. */
function died(info: Docker.ContainerInspectInfo): boolean {
  return !info.State.Running || info.State.Restarting || info.RestartCount > 0;
}

function hasMain(look: Look): boolean {
  return typeof look.processes !== 'object' || look.processes.has(String(look.info.State.Pid));
}

/** The main process has ended, Docker has not recorded it yet: wait until it has (its exit code is the verdict). */
async function exitRecorded(container: Docker.Container, options: SettleOptions): Promise<Settled> {
  const deadline = Date.now() + EXIT_RECORD_MS;
  for (;;) {
    if (options.signal?.aborted) throw new InterruptedError();
    const info = await container.inspect();
    if (died(info) || Date.now() > deadline) return { started: !died(info), info };
    await sleep(10);
  }
}

/** Looks in a row where the daemon could not list processes before one look at Docker's state decides. */
const UNTOLD_LOOKS = 3;

/** A container still running this long after start counts as started, whatever its processes do. */
const MAX_SETTLE_MS = 30_000;

/** CPU time the main process has spent since it started, from its share over `elapsed`. */
function cpuMs(look: Look, elapsed: number): number {
  const main = typeof look.processes === 'object' ? look.processes.get(String(look.info.State.Pid)) : undefined;
  return ((main?.cpu ?? 0) / 100) * elapsed;
}

/** How long Docker may take to record an exit the kernel already shows. */
const EXIT_RECORD_MS = 10_000;

/** The container's processes, their state and CPU share, from the daemon's `top` (`ps -o pid,stat,pcpu` on its host). */
async function processesOf(container: Docker.Container): Promise<Processes> {
  let top: { Titles?: string[] | null; Processes?: string[][] | null };
  try {
    top = (await container.top({ ps_args: '-o pid,stat,pcpu' })) as typeof top;
  } catch (error) {
    // 409: not running (or restarting) by the time the daemon looked.
    return statusOf(error) === 409 ? 'gone' : 'unknown';
  }
  const [pid, stat, cpu] = ['PID', 'STAT', '%CPU'].map((title) => top.Titles?.indexOf(title) ?? -1);
  if (pid === undefined || stat === undefined || cpu === undefined || Math.min(pid, stat, cpu) < 0) return 'unknown';
  if (!top.Processes || top.Processes.length === 0) return 'gone';
  return new Map(
    top.Processes.map((row) => [row[pid] ?? '', { state: (row[stat] ?? '').charAt(0), cpu: Number(row[cpu]) || 0 }]),
  );
}

/** Every process sleeps waiting for something (`S`, or idle `I`): none is still running its start-up or exiting. */
function allWaiting(processes: ReadonlyMap<string, Process>): boolean {
  return [...processes.values()].every((p) => p.state === 'S' || p.state === 'I');
}

/** Two looks at one run of the container: same start, same processes. */
function sameRun(a: Look, b: Look): boolean {
  if (a.info.State.StartedAt !== b.info.State.StartedAt || a.info.State.Pid !== b.info.State.Pid) return false;
  const [pa, pb] = [a.processes, b.processes];
  return (
    typeof pa === 'object' && typeof pb === 'object' && pa.size === pb.size && [...pa.keys()].every((p) => pb.has(p))
  );
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
