import type Docker from 'dockerode';
import { unexpressible } from '../../template/resource-types/swarm-service.js';
import { volumeMounts } from '../docker/container-attachments.js';
import {
  binds,
  bool,
  type ContainerSpecInput,
  DEFAULT_HOST_IP,
  DockerPropertyError,
  dropUndefined,
  exposedAndBound,
  generatedName,
  integer,
  isRecord,
  optionalString,
  propertyPath,
  requiredString,
  seconds,
  stringList,
} from '../docker/container-spec.js';
import { healthcheckConfig } from '../docker/healthcheck.js';
import { LABELS, stackLabels } from '../handler.js';

/**
 * The Docker container resource's properties (canonical snake_case) → a Swarm service spec (`docs/swarm.md`, "What
 * maps to what"). The values are read by the very helpers the plain-Docker mapping uses (`docker/container-spec.ts`);
 * what differs is where they go (a task template) and what Swarm cannot express, refused naming the property. Pure:
 * no Docker call.
 */

type Props = Readonly<Record<string, unknown>>;

/**
 * What a container's create body is made from; `network` is the stack's overlay network (id or name), `nodeNetwork`
 * its node network (`network.ts`).
 */
export type ServiceSpecInput = ContainerSpecInput & { readonly nodeNetwork: string };

/** Nanoseconds per second: Swarm's durations are nanoseconds. */
const NS = 1_000_000_000;

/** @internal The service create body for one container resource; throws `DockerPropertyError` naming the property. */
export function serviceSpec(input: ServiceSpecInput): Docker.CreateServiceOptions {
  const p = input.properties;
  const where = (prop: string) => propertyPath(input.logicalId, prop);
  const problems = unexpressible(input.logicalId, p);
  if (problems.length > 0) throw new DockerPropertyError(problems.join('; '));
  const labels = {
    ...stackLabels(input.stack, input.owner),
    [LABELS.resource]: input.logicalId,
    [LABELS.configHash]: input.configHash,
    [LABELS.deployId]: input.deployId,
  };
  const args = stringList(p.cmd, where('cmd'));
  const containerSpec: Docker.ContainerSpec = {
    Image: requiredString(p.image, where('image')),
    // A container's `Cmd` keeps the image's entrypoint: so do a service's `Args` (its `Command` would replace it).
    Args: args && args.length > 0 ? args : undefined,
    Env: stringList(p.env, where('env')),
    Hostname: optionalString(p.hostname, where('hostname')) || undefined,
    User: optionalString(p.user, where('user')) || undefined,
    TTY: bool(p.tty, where('tty')),
    OpenStdin: bool(p.open_stdin, where('open_stdin')),
    ReadOnly: bool(p.read_only, where('read_only')),
    Mounts: mounts(p.volumes, where('volumes'), volumeMounts(p.mounts, where('mounts'))),
    DNSConfig: dnsConfig(stringList(p.dns, where('dns'))),
    CapabilityAdd: nonEmptyList(stringList(p.cap_add, where('cap_add'))),
    CapabilityDrop: nonEmptyList(stringList(p.cap_drop, where('cap_drop'))),
    StopGracePeriod: nanoseconds(seconds(p.stop_timeout, where('stop_timeout'))),
    // Swarm counts a task running only once healthy, so readiness waits for the health check too.
    HealthCheck: healthcheckConfig(p.healthcheck, where('healthcheck')),
    // Not the stack's labels: a task's container is not one of the stack's objects (its service is).
    Labels: { [SERVICE_LABEL]: `${input.stack}/${input.logicalId}` },
  };
  const memory = integer(p.memory, where('memory'));
  const taskTemplate: Docker.ContainerTaskSpec = {
    ContainerSpec: dropUndefined(containerSpec),
    Resources: memory === undefined ? undefined : { Limits: { MemoryBytes: memory } },
    RestartPolicy: restartPolicy(p.restart_policy, where('restart_policy')),
    Placement: placement(p.placement, where('placement')),
    Networks: [{ Target: input.network, Aliases: aliases(input.logicalId) }, { Target: input.nodeNetwork }],
  };
  const spec: Docker.CreateServiceOptions = {
    Name: optionalString(p.name, where('name')) || serviceName(input.stack, input.logicalId),
    Labels: labels,
    TaskTemplate: dropUndefined(taskTemplate),
    Mode: mode(p, where),
    UpdateConfig: rollout(p.update_config, where('update_config')),
    RollbackConfig: rollout(p.rollback_config, where('rollback_config')),
    EndpointSpec: endpointSpec(p, where),
  };
  return dropUndefined(spec);
}

/** A task container's label naming its service's stack and resource, as `<stack>/<logical id>`. */
export const SERVICE_LABEL = 'io.heatstack.service-of';

/** Service names are DNS labels: `<stack>-<resource>-<6 hex>` in lower case, at most 63 characters. */
function serviceName(stack: string, logicalId: string): string {
  const name = generatedName(stack, logicalId)
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-');
  return name.length <= 63 ? name : `${name.slice(0, 56).replace(/-+$/, '')}-${name.slice(-6)}`;
}

function aliases(logicalId: string): string[] {
  return [...new Set([logicalId, logicalId.toLowerCase()])];
}

function nonEmptyList(list: string[] | undefined): string[] | undefined {
  return list && list.length > 0 ? list : undefined;
}

function nanoseconds(s: number | undefined): number | undefined {
  return s === undefined ? undefined : s * NS;
}

function dnsConfig(servers: string[] | undefined): Docker.DNSConfig | undefined {
  return servers && servers.length > 0 ? { Nameservers: servers } : undefined;
}

/**
 * Bind mounts, as `volumes` gives them to a container (`host:container[:mode]`), then the named volumes of `mounts`
 * (heatstack's Volume type, mounted as a container mounts them).
 */
function mounts(
  value: unknown,
  where: string,
  volumes: Docker.MountSettings[] | undefined,
): Docker.MountSettings[] | undefined {
  const bound = (binds(value, where) ?? []).map((bind): Docker.MountSettings => {
    const [Source = '', Target = '', mode = 'rw'] = bind.split(':');
    return { Type: 'bind', Source, Target, ReadOnly: mode.split(',').includes('ro') };
  });
  const all = [...bound, ...(volumes ?? [])];
  return all.length > 0 ? all : undefined;
}

/**
 * A container's restart policy on a service's tasks. `no` (Heat's default) keeps Swarm's own `any`: a service keeps
 * its replicas running, which is what it is for; `on-failure` keeps its retry count; `always` is `any`.
 */
function restartPolicy(value: unknown, where: string): Docker.TaskRestartPolicy | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value))
    throw new DockerPropertyError(`${where}: expected {Name: no|on-failure|always, MaximumRetryCount: n}`);
  if (value.Name !== 'on-failure') return undefined;
  const retries = integer(value.MaximumRetryCount, `${where}.MaximumRetryCount`);
  return dropUndefined({ Condition: 'on-failure', MaxAttempts: retries });
}

function mode(p: Props, where: (prop: string) => string): Docker.ServiceMode {
  const chosen = optionalString(p.mode, where('mode')) ?? 'replicated';
  const replicas = p.replicas;
  if (chosen === 'global') {
    if (replicas !== undefined && replicas !== null)
      throw new DockerPropertyError(
        `${where('replicas')}: a global service runs one task on every node; remove replicas or mode`,
      );
    return { Global: {} };
  }
  if (chosen !== 'replicated')
    throw new DockerPropertyError(`${where('mode')}: '${chosen}' is not replicated or global`);
  return { Replicated: { Replicas: replicaCount(replicas, where('replicas')) } };
}

/** How many replicas a service declares: 1 unless set; 0 is a service with no task. */
export function replicaCount(value: unknown, where: string): number {
  if (value === undefined || value === null || value === '') return 1;
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0)
    throw new DockerPropertyError(`${where}: expected a whole number ≥ 0`);
  return n;
}

function placement(value: unknown, where: string): Docker.Placement | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value)) throw new DockerPropertyError(`${where}: expected {constraints: [...], preferences: [...]}`);
  const constraints = stringList(value.constraints, `${where}.constraints`);
  const spreads = stringList(value.preferences, `${where}.preferences`);
  const Preferences = spreads?.map((SpreadDescriptor) => ({ Spread: { SpreadDescriptor } }));
  return dropUndefined({
    Constraints: nonEmptyList(constraints),
    Preferences: Preferences?.length ? Preferences : undefined,
  });
}

/** `update_config` / `rollback_config` → Swarm's; unset fields keep Swarm's defaults (parallelism 1, stop-first). */
function rollout(value: unknown, where: string): Docker.UpdateConfig | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value))
    throw new DockerPropertyError(`${where}: expected {parallelism, delay, order, failure_action, …}`);
  const ratio = value.max_failure_ratio;
  if (ratio !== undefined && (typeof ratio !== 'number' || ratio < 0 || ratio > 1))
    throw new DockerPropertyError(`${where}.max_failure_ratio: expected a number from 0 to 1`);
  const parallelism = value.parallelism;
  return dropUndefined({
    Parallelism: parallelism === undefined ? 1 : (integer(parallelism, `${where}.parallelism`) ?? 0),
    Delay: nanoseconds(seconds(value.delay, `${where}.delay`)),
    FailureAction: optionalString(value.failure_action, `${where}.failure_action`),
    Monitor: nanoseconds(seconds(value.monitor, `${where}.monitor`)),
    MaxFailureRatio: ratio as number | undefined,
    Order: optionalString(value.order, `${where}.order`) ?? 'stop-first',
  });
}

/**
 * Ports a container would publish are published by the service in `host` mode, on each node running a task: Swarm's
 * routing mesh (`ingress`) needs iptables on every node, which a plain daemon may run without. A host address cannot
 * be chosen in Swarm: a binding naming one other than heatstack's default is refused; the default publishes on every
 * interface of the node (`docs/swarm.md`).
 */
function endpointSpec(p: Props, where: (prop: string) => string): Docker.EndpointSpec | undefined {
  const { bindings } = exposedAndBound(p, where);
  const mode = endpointMode(p.endpoint_mode, where('endpoint_mode'));
  if (bindings === undefined) return mode === undefined ? undefined : { Mode: mode };
  const Ports: Docker.PortConfig[] = [];
  for (const [key, list] of Object.entries(bindings)) {
    const [port, protocol] = key.split('/');
    for (const binding of list) {
      if (binding.HostIp !== DEFAULT_HOST_IP && binding.HostIp !== '0.0.0.0')
        throw new DockerPropertyError(
          `${where('port_bindings')}: ${key} asks for host address ${binding.HostIp}; a Swarm service publishes on every address of its node`,
        );
      Ports.push(
        dropUndefined({
          Protocol: protocol as 'tcp' | 'udp' | 'sctp',
          TargetPort: Number(port),
          PublishedPort: binding.HostPort === '' ? undefined : Number(binding.HostPort),
          PublishMode: 'host' as const,
        }),
      );
    }
  }
  return { Mode: mode ?? 'vip', Ports };
}

/** `vip` (Swarm's default) or `dnsrr`: how the service's logical id resolves on the stack network. */
function endpointMode(value: unknown, where: string): 'vip' | 'dnsrr' | undefined {
  const mode = optionalString(value, where);
  if (mode === undefined || mode === 'vip' || mode === 'dnsrr') return mode;
  throw new DockerPropertyError(`${where}: '${mode}' is not vip or dnsrr`);
}
