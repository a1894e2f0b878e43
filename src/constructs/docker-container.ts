import type { Construct } from 'constructs';
import { type Capability, DOCKER_CONTAINER_TYPE } from '../template/resource-types/docker-container.js';
import type { IResolvable } from '../tokens/resolvable.js';
import { Token } from '../tokens/token.js';
import { DnsNameReference } from './dns-name.js';
import type { ResourceOptions } from './resource.js';
import { TypedResource } from './typed-resource.js';

/** A host port for a container port: `{ hostIp: '127.0.0.1', hostPort: 8080 }`. */
export interface PortBinding {
  /**
   * The host address to publish on; `'0.0.0.0'` for every interface. @default '127.0.0.1' - heatstack publishes
   * nothing more widely than the template asks (Docker's own default would be every interface)
   */
  readonly hostIp?: string;
  /** The host port. @default - a free port Docker picks */
  readonly hostPort?: string | number;
}

/** A restart policy, as Docker applies it. */
export interface RestartPolicy {
  /** When to restart the container. */
  readonly name: 'no' | 'on-failure' | 'always';
  /** How many times to retry, with `on-failure`. @default 0 */
  readonly maximumRetryCount?: number;
}

/** A host device mapped into the container. */
export interface DeviceMapping {
  /** The device's path on the host, under `/dev/`. */
  readonly pathOnHost: string;
  /** Its path in the container. @default - the host path */
  readonly pathInContainer?: string;
  /** Cgroup permissions: `r`, `w`, `m` or a combination. @default 'rwm' */
  readonly permissions?: 'r' | 'w' | 'm' | 'rw' | 'rm' | 'wm' | 'rwm';
}

/** A volume a container mounts: `{ volume: data.ref, path: '/var/lib/mysql' }`. */
export interface VolumeMount {
  /** The volume: a `DockerVolume`'s `ref` (or a volume's name). */
  readonly volume: string;
  /** Where it is mounted in the container (an absolute path). */
  readonly path: string;
  /** Mount it read-only. @default false */
  readonly readOnly?: boolean;
}

/** A network a container joins besides its stack's: `{ network: back.ref, aliases: ['db'] }`. */
export interface NetworkAttachment {
  /** The network: a `DockerNetwork`'s `ref` (or a network's id). */
  readonly network: string;
  /** Names the container has on it, besides its logical id. @default - none */
  readonly aliases?: readonly string[];
}

/** A health check (`healthcheck`): while one is set, a create waits until the container is healthy. */
export interface HealthCheck {
  /** The probe: `['CMD', 'wget', '-q', '-O', '/dev/null', 'http://127.0.0.1/']`, `['CMD-SHELL', 'test -f /ready']`. */
  readonly test: readonly string[];
  /** Seconds between probes (the first one runs this long after start). @default 30 */
  readonly interval?: number;
  /** Seconds a probe may run before it counts as failed. @default 30 */
  readonly timeout?: number;
  /** Failed probes in a row that make the container unhealthy. @default 3 */
  readonly retries?: number;
  /** Seconds after start during which failed probes do not count. @default 0 */
  readonly startPeriod?: number;
}

/**
 * The properties of a Docker container, one for each property of the Heat resource type, in camelCase; how each is
 * deployed is in the README, "How a container is deployed on Docker". Those marked "DockerInc only" make the
 * container a `DockerInc::Docker::Container`; those marked "OS::Heat::Docker only" an `OS::Heat::Docker`.
 */
export interface DockerContainerProps {
  /** The image, with an optional tag (`busybox:1.36`). */
  readonly image: string;
  /** The command to run, instead of the image's. @default - the image's command */
  readonly cmd?: readonly string[];
  /** Environment variables, each `KEY=value`. @default - none */
  readonly env?: readonly string[];
  /** The container's hostname. @default - Docker's choice (the start of the container id) */
  readonly hostname?: string;
  /** The user name or UID to run as. @default - the image's user */
  readonly user?: string;
  /** Memory limit in bytes; 0 means no limit. @default 0 */
  readonly memory?: number;
  /**
   * Ports to expose, such as `3306` or `80/tcp` (exposed on the stack network; nothing is published on the host,
   * except by the 2013 form `8080:80`, which publishes 80 on 127.0.0.1:8080). @default - none
   */
  readonly portSpecs?: readonly string[];
  /**
   * Container port → host port(s) to publish: `{ '80/tcp': [{ hostIp: '127.0.0.1', hostPort: 8080 }] }` or
   * `{ '80': 8080 }`; without `hostIp`, on 127.0.0.1 only. DockerInc only. @default - none
   */
  readonly portBindings?: Readonly<Record<string, string | number | readonly PortBinding[]>>;
  /**
   * Containers to link to: container name → alias; the alias resolves to that container on the stack network.
   * DockerInc only. @default - none
   */
  readonly links?: Readonly<Record<string, string>>;
  /** The container's name. DockerInc only. @default - `<stack>-<logical id>-<6 hex digits>` */
  readonly name?: string;
  /** Give the container extended privileges. @default false */
  readonly privileged?: boolean;
  /** Allocate a pseudo-TTY. @default false */
  readonly tty?: boolean;
  /** Keep stdin open. @default false */
  readonly openStdin?: boolean;
  /** Close stdin after the first attached client disconnects. @default false */
  readonly stdinOnce?: boolean;
  /** Attach to stdin. OS::Heat::Docker only. @default false */
  readonly attachStdin?: boolean;
  /** Attach to stdout. OS::Heat::Docker only. @default true */
  readonly attachStdout?: boolean;
  /** Attach to stderr. OS::Heat::Docker only. @default true */
  readonly attachStderr?: boolean;
  /** DNS servers. @default - Docker's */
  readonly dns?: readonly string[];
  /**
   * Named volumes to mount, a list: `[{ volume: data.ref, path: '/var/lib/mysql' }]` (written as the template's
   * `mounts`, DockerInc only); or bind mounts, a map: host path → container path (or a bind spec). @default - none
   */
  readonly volumes?: Readonly<Record<string, unknown>> | readonly VolumeMount[];
  /**
   * Networks to join besides the stack's own (which stays the first): `[{ network: back.ref, aliases: ['db'] }]`.
   * DockerInc only. @default - none
   */
  readonly networks?: readonly NetworkAttachment[];
  /** Containers whose volumes to mount. @default - none */
  readonly volumesFrom?: readonly string[];
  /**
   * The Docker daemon to use (`unix:///var/run/docker.sock`, `tcp://host:2376`). @default - `DOCKER_HOST`, else
   * `/var/run/docker.sock`
   */
  readonly dockerEndpoint?: string;
  /** When Docker restarts the container. DockerInc only. @default - never */
  readonly restartPolicy?: RestartPolicy;
  /** Capabilities to add. DockerInc only. @default - none */
  readonly capAdd?: readonly Capability[];
  /** Capabilities to drop. DockerInc only. @default - none */
  readonly capDrop?: readonly Capability[];
  /** Mount the root filesystem read-only. DockerInc only. @default false */
  readonly readOnly?: boolean;
  /** Relative CPU weight. DockerInc only. @default 0 */
  readonly cpuShares?: number;
  /** Host devices to map into the container (ignored when privileged). DockerInc only. @default - none */
  readonly devices?: readonly DeviceMapping[];
  /** CPUs the container may use (`0-3`, `0,1`). DockerInc only. @default - any */
  readonly cpuSet?: string;
  /**
   * Seconds a stop (`heatstack suspend`) waits after SIGTERM before it kills the container. heatstack's own, not
   * Heat's. DockerInc only. @default - Docker's 10
   */
  readonly stopTimeout?: number;
  /**
   * A health check: the container counts as created only once healthy (a create fails with the last probe's output
   * when it turns unhealthy), so what depends on it starts after it is ready. heatstack's own. DockerInc only.
   * @default - the image's, if any
   */
  readonly healthcheck?: HealthCheck;
  /** Swarm only (`deploy --target swarm`, `docs/swarm.md`): how many tasks of the service run. DockerInc only. @default 1 */
  readonly replicas?: number;
  /** Swarm only: `replicated` (`replicas` tasks) or `global` (one on every node). DockerInc only. @default 'replicated' */
  readonly mode?: 'replicated' | 'global';
  /**
   * Swarm only: `vip` (one virtual IP balancing over the tasks; Swarm builds it on the kernel's ip_vs) or `dnsrr` (the
   * logical id resolves to the tasks' own addresses; works without ip_vs). DockerInc only. @default 'vip'
   */
  readonly endpointMode?: 'vip' | 'dnsrr';
  /** Swarm only: where the tasks may run. DockerInc only. @default - any node */
  readonly placement?: SwarmPlacement;
  /** Swarm only: how an update rolls out. DockerInc only. @default - one task at a time, rolled back if one fails */
  readonly updateConfig?: SwarmRollout;
  /** Swarm only: how Swarm's rollback of a failed update rolls out. DockerInc only. @default - Swarm's */
  readonly rollbackConfig?: SwarmRollout;
}

/** Where a Swarm service's tasks may run. */
export interface SwarmPlacement {
  /** Constraints every node must meet (`node.role==manager`, `node.labels.zone==a`). */
  readonly constraints?: readonly string[];
  /** Node labels to spread the tasks over, in order (`node.labels.zone`). */
  readonly preferences?: readonly string[];
}

/** How an update (or its rollback) rolls out over a Swarm service's tasks. */
export interface SwarmRollout {
  /** Tasks changed at once; 0: all at once. @default 1 */
  readonly parallelism?: number;
  /** Seconds between batches. @default 0 */
  readonly delay?: number;
  /** `start-first`: the new task runs before the old one stops. @default 'stop-first' */
  readonly order?: 'stop-first' | 'start-first';
  /** What a failed task does to the rollout. @default 'rollback' for an update */
  readonly failureAction?: 'pause' | 'continue' | 'rollback';
  /** Seconds each new task is watched for failure. @default 5 */
  readonly monitor?: number;
  /** The share of tasks that may fail before the failure action applies (0–1). @default 0 */
  readonly maxFailureRatio?: number;
}

/**
 * A Docker container (`OS::Heat::Docker` or `DockerInc::Docker::Container`). Its attributes are tokens usable in
 * other containers' properties and in outputs. A thin layer over `TypedResource`: the type's module
 * (`template/resource-types/docker-container.ts`) says how its props are written.
 */
export class DockerContainer extends TypedResource<DockerContainerProps> {
  /** `options`: what every resource may have besides its properties (deletion policy, condition, metadata…). */
  constructor(scope: Construct, id: string, props: DockerContainerProps, options?: ResourceOptions) {
    super(scope, id, DOCKER_CONTAINER_TYPE, withVolumeMounts(props), options);
  }

  /**
   * A container that exists already, adopted by its id or name (`external_id`, HOT 2016-10-14 and newer): deploy looks
   * it up and never creates, changes or deletes it (`docs/external-id.md`). It takes no props, as Heat uses none of an
   * adopted resource's; its getters read the live container (`db.networkIp`).
   */
  static fromExternalId(
    scope: Construct,
    id: string,
    externalId: string | IResolvable,
    options?: Omit<ResourceOptions, 'externalId'>,
  ): DockerContainer {
    // No props to write, and none is checked: a typed resource checks none of an adopted one's.
    return new DockerContainer(scope, id, {} as DockerContainerProps, { ...options, externalId });
  }

  /**
   * Its IP address on the stack's own network (`heatstack-<stack name>`), reachable from the stack's other
   * containers and from the Linux host. A token (see `Token`): its text is a placeholder, so use it whole.
   */
  get networkIp(): string {
    return this.attribute('network_ip');
  }
  /**
   * Its own TCP ports — those its image exposes and those `portSpecs`/`portBindings` name — sorted and
   * comma-separated (`80,443`): where it listens at `networkIp`. Container ports, not host ports. A token.
   */
  get networkTcpPorts(): string {
    return this.attribute('network_tcp_ports');
  }
  /** Its own UDP ports, as `networkTcpPorts` gives the TCP ones. A token. */
  get networkUdpPorts(): string {
    return this.attribute('network_udp_ports');
  }
  /** The gateway of the stack's network (makes the container a `DockerInc::Docker::Container`). A token. */
  get networkGateway(): string {
    return this.attribute('network_gateway');
  }
  /** Its whole output so far, when it is read at deploy. A token. */
  get logs(): string {
    return this.attribute('logs');
  }
  /**
   * The first line of its output (stdout's before stderr's); deploy waits up to 10 s for it. A token.
   */
  get logsHead(): string {
    return this.attribute('logs_head');
  }
  /** The last line of its output so far. A token. */
  get logsTail(): string {
    return this.attribute('logs_tail');
  }
  /**
   * Its `NetworkSettings`, plus `TcpPorts` and `UdpPorts`: a map. `IPAddress` and `Gateway` are those of the stack
   * network, whose entry under `Networks` is `heatstack-<stack name>`. Read into it with `attributePath`.
   */
  get networkInfo(): IResolvable {
    return this.attributeValue('network_info');
  }
  /** Its whole inspect document: a map. */
  get info(): IResolvable {
    return this.attributeValue('info');
  }
  /**
   * Its name on the stack's network: the logical id in lower case, which the stack's other containers resolve to it
   * (`mysql://${db.dnsName}:3306`). Known at synth, and using it makes the reader depend on this container, but reads
   * nothing from it: unlike `networkIp`, a replace of this container (a new address) does not replace the reader, which
   * reaches the new container by the same name. The way to keep dependents up while a container is replaced.
   */
  get dnsName(): string {
    return Token.asString(new DnsNameReference(this));
  }
  /** The container id (`Ref` / `get_resource`). */
  get containerId(): string {
    return this.ref;
  }

  /**
   * A path into a map attribute, as a string token: `db.attributePath('network_info', 'IPAddress')`, or
   * `db.attributePath('network_info', 'Networks', 'heatstack-Blog', 'MacAddress')` in the stack `Blog` (each stack
   * has its own network). A path that does not fit gives `null` at deploy.
   */
  attributePath(attribute: 'info' | 'network_info', ...path: (string | number)[]): string {
    return this.attributeAt(attribute, path);
  }
}

/**
 * A list of volumes is the template's `mounts` (a map stays `volumes`: bind mounts, as Heat's plugin has them), in
 * the place the props give it, as every other property (so an imported template comes back in its own key order).
 */
function withVolumeMounts(props: DockerContainerProps): DockerContainerProps {
  if (!Array.isArray(props.volumes)) return props;
  const entries = Object.entries(props).map(([k, v]) => (k === 'volumes' ? ['mounts', v] : [k, v]));
  return Object.fromEntries(entries) as DockerContainerProps;
}
