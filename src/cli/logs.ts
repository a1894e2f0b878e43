import { dockerClient, parseEndpoint } from '../deploy/docker/connection.js';
import { listLiveContainers } from '../deploy/docker/live-state.js';
import { compareTimes, escapeControl, followLogLines, type LogLine, readLogLines } from '../deploy/docker/logs.js';
import { listLiveServices } from '../deploy/swarm/live-state.js';
import { HeatstackError, UsageError } from '../errors.js';
import { closest } from '../template/validate/coerce.js';
import { parseVerbArgs } from './args.js';
import { requireStack } from './stack-args.js';
import { loadContainerStack, type ResourceView, resourceViews, stackEndpoints } from './stack-containers.js';

const USAGE = `Usage: heatstack logs --stack NAME [RESOURCE …] [options]

Prints the output of the stack's containers (all of them, or the resources named), each line prefixed by its
resource's logical id, stdout and stderr alike, several containers interleaved by time (as \`docker compose logs\`).
A stack deployed with --target swarm prints its services' output: each one's is all its tasks', as the manager
gathers it (\`docker service logs\`); --follow then runs until Ctrl-C.
On a terminal the prefixes are coloured (unless NO_COLOR is set) and control characters in the output are shown
escaped (\\x1b); piped, the output is written as the containers wrote it.

Options:
  -s, --stack NAME   the stack (required)
  -f, --follow       keep printing new output until the containers stop or Ctrl-C
  -n, --tail N       only the last N lines of each container (default: all)
  -t, --timestamps   show each line's time (as Docker recorded it)

Exit codes: 0 done; 1 no such stack or resource, or a daemon could not be asked; 2 bad usage.`;

/** The colours \`docker compose\` gives its services, in turn. */
const COLOURS = ['36', '33', '32', '35', '34', '96', '93', '92', '95', '94'];

interface Source {
  readonly resource: string;
  readonly endpoint: string;
  readonly id: string;
  /** A Swarm service (`--target swarm`): its tasks' output, as the manager gathers it. */
  readonly service?: true;
}

interface Printer {
  print(source: number, line: LogLine): void;
}

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseVerbArgs(
    args,
    {
      stack: { type: 'string', short: 's' },
      follow: { type: 'boolean', short: 'f' },
      tail: { type: 'string', short: 'n' },
      timestamps: { type: 'boolean', short: 't' },
    },
    USAGE,
    true,
  );
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const stackName = requireStack(values.stack, USAGE);
  const tail = tailOption(values.tail);
  const record = await loadContainerStack(stackName);
  // A Swarm stack's resources are services (docs/swarm.md): each one's output is all its tasks'.
  const swarm = record.target === 'swarm';
  const daemons = await (swarm ? listLiveServices : listLiveContainers)(stackEndpoints(record), stackName);
  const views = resourceViews(record, daemons);
  const sources = selectSources(views, positionals).map((s) => (swarm ? { ...s, service: true as const } : s));
  if (views.every((v) => v.container === undefined))
    process.stderr.write(`heatstack: stack ${stackName} has no ${swarm ? 'services' : 'containers'}\n`);
  for (const d of daemons) if ('unreachable' in d) process.stderr.write(`heatstack: ${d.unreachable}\n`);
  const terminal = process.stdout.isTTY === true;
  const printer = linePrinter(
    sources.map((s) => s.resource),
    { terminal, colour: terminal && !process.env.NO_COLOR, timestamps: values.timestamps === true },
    (text) => process.stdout.write(text),
  );
  const last = await printHistory(sources, printer, tail);
  if (values.follow) await follow(sources, printer, last, tail);
  return daemons.some((d) => 'unreachable' in d) ? 1 : 0;
}

function tailOption(value: string | undefined): number | undefined {
  if (value === undefined || value === 'all') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`--tail expects a number of lines or 'all', got '${value}'`);
  return n;
}

/**
 * The containers to read: every container of the stack, or those of the named resources. A name the stack does
 * not have is an error with the nearest one; a named resource without a container is said on stderr.
 */
export function selectSources(views: readonly ResourceView[], names: readonly string[]): Source[] {
  const known = [...new Set(views.map((v) => v.resource))];
  for (const name of names) {
    if (known.includes(name)) continue;
    const near = closest(name, known);
    throw new HeatstackError(
      `the stack has no resource '${name}'${near ? ` (did you mean '${near}'?)` : ''}; its container resources: ${known.join(', ') || 'none'}`,
    );
  }
  const chosen = views.filter((v) => names.length === 0 || names.includes(v.resource));
  for (const v of chosen) {
    if (v.container === undefined && names.includes(v.resource))
      process.stderr.write(`heatstack: ${v.resource} has no container (${v.state}): nothing to show\n`);
  }
  return chosen.flatMap((v) =>
    v.container ? [{ resource: v.resource, endpoint: v.container.endpoint, id: v.container.id }] : [],
  );
}

/** Each container's output so far, merged by time; returns the time of the last line shown per container. */
async function printHistory(
  sources: readonly Source[],
  printer: Printer,
  tail?: number,
): Promise<(string | undefined)[]> {
  const histories = await Promise.all(
    sources.map(async (s, i) => {
      try {
        return await readLogLines(await containerOf(s), tail === undefined ? {} : { tail });
      } catch (error) {
        process.stderr.write(`heatstack: ${sources[i]?.resource}: cannot read its output: ${messageOf(error)}\n`);
        return [];
      }
    }),
  );
  for (const { source, line } of mergeByTime(histories)) printer.print(source, line);
  return histories.map((lines) => lines[lines.length - 1]?.time);
}

/** Lines of several containers in one order by time; lines of one container keep their own order. */
export function mergeByTime(histories: readonly (readonly LogLine[])[]): { source: number; line: LogLine }[] {
  const all = histories.flatMap((lines, source) => lines.map((line) => ({ source, line })));
  // Array.prototype.sort is stable: equal times keep each container's order.
  return all.sort((a, b) => compareTimes(a.line.time, b.line.time));
}

/** New output of every container as it comes, until each stops or Ctrl-C. */
async function follow(
  sources: readonly Source[],
  printer: Printer,
  after: readonly (string | undefined)[],
  tail: number | undefined,
): Promise<void> {
  const abort = new AbortController();
  const stop = () => abort.abort();
  process.once('SIGINT', stop);
  try {
    await Promise.all(
      sources.map(async (s, i) => {
        try {
          // After the last line shown; with none shown, from the start — unless none was asked for (--tail 0).
          const from = after[i] !== undefined ? { after: after[i] } : tail === 0 ? { tail: 0 } : {};
          const options = { signal: abort.signal, ...from };
          await followLogLines(await containerOf(s), (line) => printer.print(i, line), options);
        } catch (error) {
          process.stderr.write(`heatstack: ${s.resource}: cannot follow its output: ${messageOf(error)}\n`);
        }
      }),
    );
  } finally {
    process.removeListener('SIGINT', stop);
  }
}

async function containerOf(source: Source) {
  const docker = await dockerClient(parseEndpoint(source.endpoint));
  return source.service ? docker.getService(source.id) : docker.getContainer(source.id);
}

function messageOf(error: unknown): string {
  const e = error as { json?: { message?: string }; message?: string };
  return (e?.json?.message ?? e?.message ?? String(error)).trim();
}

/**
 * Writes lines as `Resource  | text`: the prefix padded to the longest, coloured on a terminal; the text's control
 * characters escaped on a terminal.
 */
export function linePrinter(
  resources: readonly string[],
  options: { readonly terminal: boolean; readonly colour: boolean; readonly timestamps: boolean },
  write: (text: string) => void,
): Printer {
  const width = Math.max(0, ...resources.map((r) => r.length));
  const colours = new Map<string, string>();
  const prefixes = resources.map((r) => {
    if (!colours.has(r)) colours.set(r, COLOURS[colours.size % COLOURS.length] ?? '36');
    const plain = `${options.terminal ? escapeControl(r) : r}`.padEnd(width);
    return options.colour ? `\x1b[${colours.get(r)}m${plain} |\x1b[0m ` : `${plain} | `;
  });
  return {
    print(source, line) {
      const text = options.terminal ? escapeControl(line.text) : line.text;
      const time = options.timestamps && line.time !== '' ? `${line.time} ` : '';
      write(`${prefixes[source] ?? ''}${time}${text}\n`);
    },
  };
}
