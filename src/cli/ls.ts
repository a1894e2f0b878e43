import { listLiveContainers } from '../deploy/docker/live-state.js';
import type { StackRecord } from '../deploy/state/record.js';
import { type StackFile, StateStore } from '../deploy/state/store.js';
import { listLiveServices } from '../deploy/swarm/live-state.js';
import { parseVerbArgs } from './args.js';
import { formatStackList, summarizeFile } from './format.js';
import { hasContainers, type RunningCount, resourceViews, runningCount, stackEndpoints } from './stack-containers.js';

const USAGE = `Usage: heatstack ls [--json]

Lists the recorded stacks with their status, times and resource counts. For stacks with containers, Docker is asked
once per daemon (one list call, filtered by heatstack's label) whether they run: a stack whose containers are not
all running says so beside its status, as 'CREATE_COMPLETE (2 of 3 running: Web exited (137))'; a one-shot container
that has finished (exit 0) is done, counted neither running nor down. A stack deployed with --target swarm counts its
services, one running when all its replicas do ('1 of 2 running: Web restarting' while Web has fewer). When a daemon
cannot be reached (within 2 s), the state of its containers is shown as unknown and the reason goes to stderr.`;

/** How long `ls` waits for a daemon: it lists, it should not hang on one that does not answer. */
const LS_TIMEOUT_MS = 2000;

export async function run(args: string[]): Promise<number> {
  const { values } = parseVerbArgs(args, { json: { type: 'boolean' } }, USAGE);
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const files = await new StateStore().scan();
  const counts = await runningCounts(files);
  if (values.json) {
    const summaries = files.map((f) => {
      const count = counts.get(f.name);
      return count === undefined ? summarizeFile(f) : { ...summarizeFile(f), containers: count };
    });
    process.stdout.write(`${JSON.stringify(summaries, null, 2)}\n`);
  } else {
    const notes = new Map([...counts].map(([name, count]) => [name, runningNote(statusOf(files, name), count)]));
    process.stdout.write(`${formatStackList(files, notes)}\n`);
  }
  return 0;
}

/**
 * How many containers run, per stack that has created some. Docker is loaded and asked only then: one list call per
 * daemon for every stack at once. A daemon that cannot be asked is reported once on stderr.
 */
async function runningCounts(files: readonly StackFile[]): Promise<Map<string, RunningCount>> {
  const records = files.flatMap((f) => ('record' in f ? [f.record] : []));
  const withContainers = records.filter(hasContainers);
  const counts = new Map<string, RunningCount>();
  if (withContainers.length === 0) return counts;
  // A Swarm stack's resources are services (docs/swarm.md): asked of the managers, one list call for all such stacks.
  const [plain, swarm] = [withContainers.filter((r) => r.target !== 'swarm'), withContainers.filter(isSwarm)];
  const [daemons, managers] = await Promise.all([
    plain.length > 0 ? listLiveContainers(plain.flatMap(stackEndpoints), undefined, LS_TIMEOUT_MS) : [],
    swarm.length > 0 ? listLiveServices(swarm.flatMap(stackEndpoints), undefined, LS_TIMEOUT_MS) : [],
  ]);
  for (const d of [...daemons, ...managers])
    if ('unreachable' in d) process.stderr.write(`heatstack: ${d.unreachable}\n`);
  for (const record of withContainers)
    counts.set(record.name, runningCount(resourceViews(record, isSwarm(record) ? managers : daemons)));
  return counts;
}

function isSwarm(record: StackRecord): boolean {
  return record.target === 'swarm';
}

function statusOf(files: readonly StackFile[], name: string): StackRecord['status'] | undefined {
  const file = files.find((f) => f.name === name);
  return file && 'record' in file ? file.record.status : undefined;
}

const LISTED = 3;

/**
 * `2 of 3 running: Web exited (137)`, `containers unknown: Docker unreachable`, or nothing when all run (or, for a
 * suspended stack, when none does: that is what suspended means).
 */
export function runningNote(status: string | undefined, count: RunningCount): string {
  if (count.unknown !== undefined) return 'containers unknown: Docker unreachable';
  if (count.running === count.total) return '';
  if (status === 'SUSPEND_COMPLETE' && count.running === 0) return '';
  const listed = count.notRunning.slice(0, LISTED).map((n) => `${n.resource} ${n.state}`);
  const more = count.notRunning.length > LISTED ? `, +${count.notRunning.length - LISTED} more` : '';
  return `${count.running} of ${count.total} running: ${listed.join(', ')}${more}`;
}
