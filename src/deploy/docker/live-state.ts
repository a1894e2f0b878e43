import type Docker from 'dockerode';
import { LABELS, ownerOf, type StackOwner } from '../handler.js';
import { type DockerEndpoint, describeEndpoint, dockerClient, parseEndpoint } from './connection.js';
import { daemonMessage, isUnreachable, unreachableError } from './errors.js';
import { stackNetworkName } from './network.js';

/**
 * What the daemons hold for stacks right now, read with one list call per daemon (`ps` and `ls` ask nothing else):
 * Docker is the ground truth for whether a container runs, whatever the record says. Like `docker ps`, the exit code
 * and health come from the list's `Status` text (`Exited (137) 5 seconds ago`, `Up 2 minutes (healthy)`), whose
 * wording Docker has kept since 1.12 (the tests pin the forms read here).
 */

/** A stack's container as Docker lists it. */
export interface LiveContainer {
  /** The endpoint's key (`unix:///var/run/docker.sock`). */
  readonly endpoint: string;
  readonly id: string;
  readonly name: string;
  readonly stack: string;
  /** The record it was made for (`ownerOf` its labels); absent on one made before that label existed. */
  readonly owner?: StackOwner;
  /** The logical resource (`io.heatstack.resource`). */
  readonly logicalId: string;
  /** Docker's state: `running`, `exited`, `restarting`, `paused`, `dead`, `created`, `removing`. */
  readonly state: string;
  /** The last exit code, for an exited or restarting container. */
  readonly exitCode?: number;
  /** `healthy`, `unhealthy` or `starting`, for a running container with a healthcheck. */
  readonly health?: string;
  /** Its address on the stack's network (none while it is stopped). */
  readonly address?: string;
  readonly ports: readonly LivePort[];
  readonly image: string;
}

/** A container port: exposed only, or published on the host (`hostIp`, `hostPort`). */
export interface LivePort {
  readonly port: number;
  readonly protocol: string;
  readonly hostIp?: string;
  readonly hostPort?: number;
}

/** What one daemon holds, or why it could not be asked. */
export type DaemonContainers =
  | { readonly endpoint: string; readonly containers: readonly LiveContainer[] }
  | { readonly endpoint: string; readonly unreachable: string };

/** How long `ls` and `ps` wait for a daemon before they call it unreachable. */
export const LIST_TIMEOUT_MS = 5000;

/**
 * Every heatstack container on each endpoint (each daemon once; `undefined` is the default one), or of one stack
 * when `stack` is given: one list call per daemon, filtered by label. A daemon that does not answer within the
 * timeout, or cannot be reached, is reported as unreachable rather than failing the others.
 */
export async function listLiveContainers(
  endpoints: readonly (string | undefined)[],
  stack?: string,
  timeoutMs = LIST_TIMEOUT_MS,
): Promise<DaemonContainers[]> {
  return listOnEachDaemon(endpoints, stack, timeoutMs, async (docker, label, abortSignal, endpoint) => {
    const list = await docker.listContainers({ all: true, filters: JSON.stringify({ label: [label] }), abortSignal });
    return list.map((c) => liveContainer(endpoint, c));
  });
}

/**
 * @internal Lists on each daemon once (the default where none is named) what carries the stack's label (any stack's
 * without one) with `list`; a daemon that fails or does not answer within `timeoutMs` is reported unreachable.
 */
export function listOnEachDaemon(
  endpoints: readonly (string | undefined)[],
  stack: string | undefined,
  timeoutMs: number,
  list: (docker: Docker, label: string, abortSignal: AbortSignal, endpoint: string) => Promise<LiveContainer[]>,
): Promise<DaemonContainers[]> {
  const daemons = new Map<string, DockerEndpoint>();
  for (const e of endpoints.length > 0 ? endpoints : [undefined]) {
    const parsed = parseEndpoint(e);
    if (!daemons.has(parsed.key)) daemons.set(parsed.key, parsed);
  }
  const label = stack === undefined ? LABELS.stack : `${LABELS.stack}=${stack}`;
  const listOn = async (endpoint: DockerEndpoint): Promise<DaemonContainers> => {
    try {
      const docker = await dockerClient(endpoint);
      return {
        endpoint: endpoint.key,
        containers: await list(docker, label, AbortSignal.timeout(timeoutMs), endpoint.key),
      };
    } catch (error) {
      return { endpoint: endpoint.key, unreachable: unreachableReason(endpoint, error, timeoutMs) };
    }
  };
  return Promise.all([...daemons.values()].map(listOn));
}

/** Why a daemon's objects could not be listed. */
export function unreachableReason(endpoint: DockerEndpoint, error: unknown, timeoutMs: number): string {
  if (isUnreachable(error)) return unreachableError(endpoint, error).message;
  if (error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError'))
    return `the Docker daemon at ${describeEndpoint(endpoint)} did not answer within ${timeoutMs / 1000} s`;
  return `the Docker daemon at ${describeEndpoint(endpoint)} could not list containers: ${daemonMessage(error)}`;
}

/** @internal One entry of Docker's container list, as heatstack shows it. */
export function liveContainer(endpoint: string, c: Docker.ContainerInfo): LiveContainer {
  const stack = c.Labels?.[LABELS.stack] ?? '';
  const owner = ownerOf(c.Labels);
  const address = c.NetworkSettings?.Networks?.[stackNetworkName(stack)]?.IPAddress;
  const exit = /^(?:Exited|Restarting) \((-?\d+)\)/.exec(c.Status ?? '');
  const health = /\((healthy|unhealthy|health: starting)\)$/.exec(c.Status ?? '');
  return {
    endpoint,
    id: c.Id,
    name: (c.Names?.[0] ?? '').replace(/^\//, ''),
    stack,
    ...(owner && { owner }),
    logicalId: c.Labels?.[LABELS.resource] ?? '',
    state: c.State,
    ...(exit ? { exitCode: Number(exit[1]) } : {}),
    ...(health ? { health: health[1] === 'health: starting' ? 'starting' : health[1] } : {}),
    ...(address ? { address } : {}),
    ports: livePorts(c.Ports ?? []),
    image: c.Image,
  };
}

/** Ports sorted by container port then host address; Docker lists a port once per host address it is published on. */
function livePorts(ports: readonly Docker.Port[]): LivePort[] {
  return ports
    .map((p) => ({
      port: p.PrivatePort,
      protocol: p.Type,
      ...(p.PublicPort ? { hostIp: p.IP ?? '', hostPort: p.PublicPort } : {}),
    }))
    .sort((a, b) => a.port - b.port || a.protocol.localeCompare(b.protocol) || hostOrder(a) - hostOrder(b));
}

/** Exposed only, then IPv4 addresses, then IPv6 ones (as `docker ps` lists `0.0.0.0` before `::`). */
function hostOrder(p: LivePort): number {
  return p.hostIp === undefined ? 0 : p.hostIp.includes(':') ? 2 : 1;
}

/** `running (healthy)`, `exited (137)`, `restarting (1)`, `paused`, `dead`, `created`. */
export function describeState(c: Pick<LiveContainer, 'state' | 'exitCode' | 'health'>): string {
  const code = c.exitCode !== undefined && (c.state === 'exited' || c.state === 'restarting') ? ` (${c.exitCode})` : '';
  const health = c.health !== undefined && c.state === 'running' ? ` (${c.health})` : '';
  return `${c.state}${code}${health}`;
}

/** `127.0.0.1:8080->80/tcp, 3306/tcp`, as `docker ps` writes them. */
export function describePorts(ports: readonly LivePort[]): string {
  return ports
    .map((p) =>
      p.hostPort === undefined
        ? `${p.port}/${p.protocol}`
        : `${p.hostIp?.includes(':') ? `[${p.hostIp}]` : p.hostIp}:${p.hostPort}->${p.port}/${p.protocol}`,
    )
    .filter((text, i, all) => all.indexOf(text) === i)
    .join(', ');
}
