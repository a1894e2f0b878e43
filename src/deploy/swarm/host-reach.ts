import { showText } from '../../terminal-text.js';
import { stackNetworkName } from '../docker/network.js';
import { endpointOfLocator } from '../docker/observe.js';
import type { OutputRecord, StackRecord } from '../state/record.js';
import { type LiveService, listLiveServices } from './live-state.js';

/**
 * Outputs a host cannot open (`docs/swarm.md`, "Reaching a service from the host"). On a plain daemon a container's
 * `network_ip` is an address on a bridge of the host, so the seed's `BlogURL` (`http://<Blog's network_ip>:<its
 * port>/`) opens in the host's browser; so it does on a one-node swarm, where `network_ip` is a task's address on the
 * stack's node network (`addresses.ts`). On a swarm of several nodes it is the service's virtual IP on the stack's
 * overlay network, which only containers on that network reach, and Swarm can neither route the host there nor publish
 * a port on one chosen address such as 127.0.0.1. So `deploy --target swarm` says, for each output naming a service's
 * overlay address, how to open it from the host: the URL on the node's published port when the service publishes that
 * port, else the `port_bindings` that would publish it, or a container on the stack's (attachable) network.
 */

/** The notes for a Swarm stack's outputs, each a few lines; asks the managers the stack's services live on. */
export async function hostReachNotes(record: StackRecord): Promise<string[]> {
  const endpoints = [undefined, ...Object.values(record.resources).map((r) => endpointOfLocator(r.locator))];
  // The Swarm lister's rows are services, with the address on the overlay where that is where they are reached.
  const services = (await listLiveServices(endpoints, record.name)).flatMap((d) =>
    'containers' in d ? (d.containers as readonly LiveService[]) : [],
  );
  return outputNotes(record.name, record.outputs, services);
}

/**
 * @internal The notes for the outputs that name a service's address on the overlay, in output order. An address on the stack's
 * node network (a one-node swarm, `addresses.ts`) opens from the host: no note.
 */
export function outputNotes(
  stack: string,
  outputs: Readonly<Record<string, OutputRecord>>,
  services: readonly LiveService[],
): string[] {
  const notes: string[] = [];
  for (const [name, output] of Object.entries(outputs)) {
    const text = typeof output.value === 'string' ? output.value : JSON.stringify(output.value ?? null);
    for (const service of services) {
      const found = service.overlayAddress === undefined ? undefined : addressIn(text, service.overlayAddress);
      if (found !== undefined) notes.push(noteFor(stack, name, text, service, found));
    }
  }
  return notes;
}

/** Where `address` occurs in `text` as a whole address, with the port written after it (`10.0.3.2:80`), if any. */
function addressIn(text: string, address: string): { port?: number } | undefined {
  const escaped = address.replaceAll('.', '\\.');
  const match = new RegExp(`(?<![\\d.])${escaped}(?![\\d]|\\.\\d)(?::(\\d+))?`).exec(text);
  if (match === null) return undefined;
  return match[1] === undefined ? {} : { port: Number(match[1]) };
}

function noteFor(stack: string, output: string, text: string, service: LiveService, found: { port?: number }): string {
  const [vip, port, resource] = [service.overlayAddress ?? '', found.port, showText(service.logicalId)];
  const head = `output ${showText(output)} names ${resource} at ${vip}, its virtual IP on the stack's overlay network, which this host cannot reach`;
  const published = service.ports.find((p) => p.port === port && p.protocol === 'tcp' && p.hostPort !== undefined);
  if (port !== undefined && published?.hostPort !== undefined) {
    const opened = text.replace(`${vip}:${port}`, `127.0.0.1:${published.hostPort}`);
    return `${head}; ${resource} publishes port ${port} on its node: open ${showText(opened)}`;
  }
  const network = `--network ${stackNetworkName(stack)}`;
  const probe = /^https?:\/\/\S+$/.test(text)
    ? `docker run --rm ${network} busybox wget -qO- '${showText(text)}'`
    : `docker run --rm -it ${network} busybox`;
  return [
    `${head} (docs/swarm.md, "Reaching a service from the host"):`,
    `  publish it: give ${resource} port_bindings: {"${port ?? '<port>'}": "<host port>"}, then open port <host port> of 127.0.0.1 (Swarm publishes on every address of the node)`,
    `  or reach it from a container on the stack's network: ${probe}`,
  ].join('\n');
}
