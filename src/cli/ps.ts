import { describePorts, describeState, listLiveContainers } from '../deploy/docker/live-state.js';
import { escapeControl } from '../deploy/docker/logs.js';
import { listLiveServices } from '../deploy/swarm/live-state.js';
import { parseVerbArgs } from './args.js';
import { interruptedRun, table } from './format.js';
import { labelWithPath } from './resource-paths.js';
import { requireStack } from './stack-args.js';
import {
  loadContainerStack,
  type ResourceView,
  resourceViews,
  stackEndpoints,
  switchedOffResources,
  withoutSwitchedOff,
} from './stack-containers.js';

const USAGE = `Usage: heatstack ps --stack NAME [--json]

Shows each container of the stack as Docker holds it now, beside the resource's status in the stack's record:
its state (running, exited (code), restarting, paused, dead; missing when the record has a container Docker no
longer holds), health where it has a healthcheck, its address on the stack's network, its ports (published ones
as HOST_IP:HOST_PORT->PORT/PROTO), its image. A nested construct's resource shows its construct path beside its
logical id. A resource its condition switches off is not listed. Containers are found by the stack's labels on every daemon its resources use. A stack deployed with
--target swarm shows its services: running (3/3 replicas) when every task runs, restarting while fewer do, exited
when suspended; the address is the service's virtual IP.

Options:
  -s, --stack NAME  the stack (required)
      --json        print the resources as JSON

Exit codes: 0 shown; 1 no such stack, or a daemon could not be asked (its containers show as unknown).`;

export async function run(args: string[]): Promise<number> {
  const { values } = parseVerbArgs(args, { stack: { type: 'string', short: 's' }, json: { type: 'boolean' } }, USAGE);
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const record = await loadContainerStack(requireStack(values.stack, USAGE));
  // A Swarm stack's resources are services (docs/swarm.md): one row each, its tasks counted.
  const list = record.target === 'swarm' ? listLiveServices : listLiveContainers;
  const daemons = await list(stackEndpoints(record), record.name);
  const views = withoutSwitchedOff(resourceViews(record, daemons), await switchedOffResources(record));
  const interrupted = interruptedRun(record);
  if (interrupted !== undefined) process.stderr.write(`Stack ${record.name}: ${record.status} (${interrupted})\n`);
  if (values.json) process.stdout.write(`${JSON.stringify(psJson(record.name, record.status, views), null, 2)}\n`);
  else process.stdout.write(`${formatPs(views, process.stdout.isTTY === true)}\n`);
  const unreachable = daemons.filter((d) => 'unreachable' in d);
  for (const d of unreachable) if ('unreachable' in d) process.stderr.write(`heatstack: ${d.unreachable}\n`);
  return unreachable.length > 0 ? 1 : 0;
}

/** The table: one row per resource; control characters in what Docker reports are escaped on a terminal. */
export function formatPs(views: readonly ResourceView[], terminal: boolean): string {
  if (views.length === 0) return 'No containers.';
  const shown = (text: string) => (terminal ? escapeControl(text) : text);
  const rows = views.map((v) => {
    const c = v.container;
    return [
      shown(labelWithPath(v.resource, v.path)),
      c ? describeState(c) : v.state === 'none' ? '-' : v.state,
      c?.address ?? '-',
      c && c.ports.length > 0 ? describePorts(c.ports) : '-',
      c ? shown(c.image) : '-',
      v.unrecorded ? '(not recorded)' : (v.heatStatus ?? '-'),
    ];
  });
  return table([['RESOURCE', 'STATE', 'ADDRESS', 'PORTS', 'IMAGE', 'HEAT STATUS'], ...rows]);
}

/** What `ps --json` prints. */
export function psJson(stack: string, status: string, views: readonly ResourceView[]): Record<string, unknown> {
  return {
    stack,
    status,
    resources: views.map((v) => {
      const c = v.container;
      return {
        resource: v.resource,
        ...(v.path !== undefined ? { path: v.path } : {}),
        heatStatus: v.heatStatus ?? null,
        ...(v.unrecorded ? { recorded: false } : {}),
        state: v.state,
        ...(c?.exitCode !== undefined ? { exitCode: c.exitCode } : {}),
        ...(c?.health !== undefined ? { health: c.health } : {}),
        ...(c
          ? {
              container: { id: c.id, name: c.name, endpoint: c.endpoint },
              image: c.image,
              address: c.address ?? null,
              ports: c.ports,
            }
          : {}),
        ...(v.unreachable !== undefined ? { unreachable: v.unreachable } : {}),
      };
    }),
  };
}
