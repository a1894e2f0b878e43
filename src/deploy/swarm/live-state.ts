import type Docker from 'dockerode';
import { type DockerEndpoint, dockerClient, parseEndpoint } from '../docker/connection.js';
import { type DaemonContainers, LIST_TIMEOUT_MS, type LiveContainer, unreachableReason } from '../docker/live-state.js';
import { LABELS } from '../handler.js';
import { runningTasks, type SwarmTask } from './tasks.js';

/**
 * A Swarm stack's services as `heatstack ps` shows a stack's containers (`docker/live-state.ts`): one row per service,
 * its state from its tasks — `running` when every replica runs (`3/3 replicas` beside it), `restarting` while fewer
 * do, `exited` when it has none to run (suspended) — its virtual IP on the stack network, its published ports, its
 * image. Every heatstack service on the daemons (`ls`: one list call for all stacks), or those of one stack.
 */
export async function listLiveServices(
  endpoints: readonly (string | undefined)[],
  stack?: string,
  timeoutMs = LIST_TIMEOUT_MS,
): Promise<DaemonContainers[]> {
  const daemons = new Map<string, DockerEndpoint>();
  for (const e of endpoints.length > 0 ? endpoints : [undefined]) daemons.set(parseEndpoint(e).key, parseEndpoint(e));
  return Promise.all([...daemons.values()].map((endpoint) => servicesOn(endpoint, stack, timeoutMs)));
}

async function servicesOn(
  endpoint: DockerEndpoint,
  stack: string | undefined,
  timeoutMs: number,
): Promise<DaemonContainers> {
  const label = stack === undefined ? LABELS.stack : `${LABELS.stack}=${stack}`;
  try {
    const docker = await dockerClient(endpoint);
    const abortSignal = AbortSignal.timeout(timeoutMs);
    const [services, tasks] = await Promise.all([
      docker.listServices({ filters: { label: [label] }, abortSignal }),
      docker.listTasks({ filters: JSON.stringify({ 'desired-state': ['running'] }), abortSignal }) as Promise<
        SwarmTask[]
      >,
    ]);
    return { endpoint: endpoint.key, containers: services.map((s) => liveService(endpoint.key, s, tasks)) };
  } catch (error) {
    return { endpoint: endpoint.key, unreachable: unreachableReason(endpoint, error, timeoutMs) };
  }
}

function liveService(endpoint: string, service: Docker.Service, tasks: readonly SwarmTask[]): LiveContainer {
  const spec = service.Spec;
  const wanted = spec?.Mode?.Replicated?.Replicas;
  const own = tasks.filter((t) => t.ServiceID === service.ID);
  const running = runningTasks(own).length;
  const desired = wanted ?? own.length;
  const state = desired === 0 ? 'exited' : running >= desired ? 'running' : 'restarting';
  const vip = service.Endpoint?.VirtualIPs?.find((v) => v.Addr)?.Addr?.split('/')[0];
  const image = (spec?.TaskTemplate as Docker.ContainerTaskSpec | undefined)?.ContainerSpec?.Image ?? '';
  return {
    endpoint,
    id: service.ID,
    name: spec?.Name ?? '',
    stack: spec?.Labels?.[LABELS.stack] ?? '',
    logicalId: spec?.Labels?.[LABELS.resource] ?? '',
    state,
    health: `${running}/${desired} replicas`,
    ...(vip ? { address: vip } : {}),
    ports: (service.Endpoint?.Ports ?? []).map((p) => ({
      port: p.TargetPort ?? 0,
      protocol: p.Protocol ?? 'tcp',
      ...(p.PublishedPort ? { hostIp: '0.0.0.0', hostPort: p.PublishedPort } : {}),
    })),
    image,
  };
}
