import type Docker from 'dockerode';
import { type DaemonContainers, LIST_TIMEOUT_MS, type LiveContainer, listOnEachDaemon } from '../docker/live-state.js';
import { LABELS, ownerOf } from '../handler.js';
import { type NodeTaskContainers, nodeTaskContainers, serviceReach } from './addresses.js';
import { runningTasks, type SwarmTask } from './tasks.js';

/**
 * A Swarm stack's services as `heatstack ps` shows a stack's containers (`docker/live-state.ts`): one row per service,
 * its state from its tasks — `running` when every replica runs (`3/3 replicas` beside it), `restarting` while fewer
 * do, `exited` when it has none to run (suspended) — its address as its `network_ip` gives it (`addresses.ts`), its
 * published ports, its image. Every heatstack service on the daemons (`ls`: one list call for all stacks), or those of
 * one stack.
 */
export async function listLiveServices(
  endpoints: readonly (string | undefined)[],
  stack?: string,
  timeoutMs = LIST_TIMEOUT_MS,
): Promise<DaemonContainers[]> {
  return listOnEachDaemon(endpoints, stack, timeoutMs, async (docker, label, abortSignal, endpoint) => {
    const [services, tasks, onNode] = await Promise.all([
      docker.listServices({ filters: { label: [label] }, abortSignal }),
      docker.listTasks({ filters: JSON.stringify({ 'desired-state': ['running'] }), abortSignal }) as Promise<
        SwarmTask[]
      >,
      nodeTaskContainers(docker, 'com.docker.swarm.service.id', abortSignal),
    ]);
    return services.map((s) => liveService(endpoint, s, tasks, onNode));
  });
}

/** @internal A service as `ps` shows it; `overlayAddress`: its address when that is on the overlay (not the host's). */
export type LiveService = LiveContainer & { readonly overlayAddress?: string };

function liveService(
  endpoint: string,
  service: Docker.Service,
  tasks: readonly SwarmTask[],
  onNode: NodeTaskContainers | undefined,
): LiveService {
  const spec = service.Spec;
  const wanted = spec?.Mode?.Replicated?.Replicas;
  const own = tasks.filter((t) => t.ServiceID === service.ID);
  const running = runningTasks(own).length;
  const desired = wanted ?? own.length;
  const state = desired === 0 ? 'exited' : running >= desired ? 'running' : 'restarting';
  const stack = spec?.Labels?.[LABELS.stack] ?? '';
  const owner = ownerOf(spec?.Labels);
  const reach = serviceReach(service, stack, own, undefined, onNode);
  const image = (spec?.TaskTemplate as Docker.ContainerTaskSpec | undefined)?.ContainerSpec?.Image ?? '';
  return {
    endpoint,
    id: service.ID,
    name: spec?.Name ?? '',
    stack,
    ...(owner && { owner }),
    logicalId: spec?.Labels?.[LABELS.resource] ?? '',
    state,
    health: `${running}/${desired} replicas`,
    ...(reach.address ? { address: reach.address } : {}),
    ...(reach.address && !reach.onNode ? { overlayAddress: reach.address } : {}),
    ports: (service.Endpoint?.Ports ?? []).map((p) => ({
      port: p.TargetPort ?? 0,
      protocol: p.Protocol ?? 'tcp',
      ...(p.PublishedPort ? { hostIp: '0.0.0.0', hostPort: p.PublishedPort } : {}),
    })),
    image,
  };
}
