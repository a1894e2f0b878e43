import { pyStr, pyStrOfData } from '../evaluate/python.js';
import { isExactNumber, isPythonFloat, isPythonInt } from '../exact-number.js';
import { isCall } from '../model.js';
import { CONTAINER_MOUNTS, CONTAINER_NETWORKS } from './container-attachments.js';
import { dockerContainerHolds } from './docker-exclusive.js';
import { HEALTHCHECK } from './healthcheck.js';
import type { PropertySchema, ResourceTypeSchema } from './schema.js';
import {
  SWARM_ATTRIBUTE_NAMES,
  SWARM_ATTRIBUTES,
  SWARM_PROPERTIES,
  SWARM_PROPERTY_NAMES,
  swarmOnly,
  unexpressible,
} from './swarm-service.js';
import type { ConstructRules, DeployBinding, ResourceTypeModule, ValidationRules } from './type-module.js';

/**
 * The Docker container resource, as `docs/heat-docker.md` states it: `OS::Heat::Docker` (the 2013 seed's
 * name, PascalCase) and `DockerInc::Docker::Container` (the merged plugin's name, snake_case). One module: the
 * schema, where each plugin accepts more than it (validation), how the construct writes props, and the binding to
 * the handler in `deploy/docker/container-handler.ts`.
 * The plugin has no update handler; heatstack updates in place what Docker's update call changes on a running
 * container (`memory`, `cpu_shares`, `cpu_set`, `restart_policy`: `updateAllowed`), and replaces on any other change.
 */

export const CAPABILITIES = [
  'SETPCAP',
  'SYS_MODULE',
  'SYS_RAWIO',
  'SYS_PACCT',
  'SYS_ADMIN',
  'SYS_NICE',
  'SYS_RESOURCE',
  'SYS_TIME',
  'SYS_TTY_CONFIG',
  'MKNOD',
  'AUDIT_WRITE',
  'AUDIT_CONTROL',
  'MAC_OVERRIDE',
  'MAC_ADMIN',
  'NET_ADMIN',
  'SYSLOG',
  'CHOWN',
  'NET_RAW',
  'DAC_OVERRIDE',
  'FOWNER',
  'DAC_READ_SEARCH',
  'FSETID',
  'KILL',
  'SETGID',
  'SETUID',
  'LINUX_IMMUTABLE',
  'NET_BIND_SERVICE',
  'NET_BROADCAST',
  'IPC_LOCK',
  'IPC_OWNER',
  'SYS_CHROOT',
  'SYS_PTRACE',
  'SYS_BOOT',
  'LEASE',
  'SETFCAP',
  'WAKE_ALARM',
  'BLOCK_SUSPEND',
  'ALL',
] as const;
export type Capability = (typeof CAPABILITIES)[number];

export const RESTART_POLICY_NAMES = ['no', 'on-failure', 'always'] as const;
export const DEVICE_PERMISSIONS = ['r', 'w', 'm', 'rw', 'rm', 'wm', 'rwm'] as const;
export const DEVICE_PATH_PATTERN = '^/dev/[/_\\-a-zA-Z0-9]+$';

const str = (description: string, extra: Partial<PropertySchema> = {}): PropertySchema => ({
  type: 'string',
  description,
  ...extra,
});
const bool = (description: string, dflt: boolean): PropertySchema => ({ type: 'boolean', description, default: dflt });
const strings = (description: string, extra: Partial<PropertySchema> = {}): PropertySchema => ({
  type: 'list',
  description,
  items: { type: 'string', description: '' },
  ...extra,
});
const devicePath: PropertySchema = str('A device path.', {
  constraints: [
    { kind: 'length', max: 255 },
    { kind: 'allowed_pattern', pattern: DEVICE_PATH_PATTERN },
  ],
});

export const DOCKER_CONTAINER: ResourceTypeSchema = {
  names: [
    {
      name: 'OS::Heat::Docker',
      properties: {
        image: 'Image',
        cmd: 'Cmd',
        env: 'Env',
        hostname: 'Hostname',
        user: 'User',
        memory: 'Memory',
        port_specs: 'PortSpecs',
        privileged: 'Privileged',
        tty: 'Tty',
        open_stdin: 'OpenStdin',
        stdin_once: 'StdinOnce',
        attach_stdin: 'AttachStdin',
        attach_stdout: 'AttachStdout',
        attach_stderr: 'AttachStderr',
        dns: 'Dns',
        volumes: 'Volumes',
        volumes_from: 'VolumesFrom',
        docker_endpoint: 'DockerEndpoint',
      },
      attributes: {
        info: 'Info',
        network_info: 'NetworkInfo',
        network_ip: 'NetworkIp',
        network_tcp_ports: 'NetworkTcpPorts',
        network_udp_ports: 'NetworkUdpPorts',
        logs: 'Logs',
        logs_head: 'LogsHead',
        logs_tail: 'LogsTail',
      },
    },
    {
      name: 'DockerInc::Docker::Container',
      properties: Object.fromEntries(
        [
          'image',
          'cmd',
          'env',
          'hostname',
          'user',
          'memory',
          'port_specs',
          'port_bindings',
          'links',
          'name',
          'privileged',
          'tty',
          'open_stdin',
          'stdin_once',
          'dns',
          'volumes',
          'volumes_from',
          'docker_endpoint',
          'restart_policy',
          'cap_add',
          'cap_drop',
          'read_only',
          'cpu_shares',
          'devices',
          'cpu_set',
          'stop_timeout',
          'mounts',
          'networks',
          'healthcheck',
          ...SWARM_PROPERTY_NAMES,
        ].map((p) => [p, p]),
      ),
      attributes: Object.fromEntries(
        [
          'info',
          'network_info',
          'network_ip',
          'network_gateway',
          'network_tcp_ports',
          'network_udp_ports',
          'logs',
          'logs_head',
          'logs_tail',
          ...SWARM_ATTRIBUTE_NAMES,
        ].map((a) => [a, a]),
      ),
    },
  ],
  properties: {
    image: str('Image name, with an optional tag (`busybox:1.36`).', { required: true }),
    cmd: strings('Command to run, overriding the image’s.', { default: [] }),
    env: strings('Environment variables, each `KEY=value`.'),
    hostname: str('Hostname of the container.', { default: '' }),
    user: str('User name or UID to run as.', { default: '' }),
    memory: {
      type: 'integer',
      description: 'Memory limit in bytes; 0 means unlimited.',
      default: 0,
      constraints: [{ kind: 'range', min: 0 }],
      updateAllowed: true,
    },
    port_specs: {
      type: 'list',
      description: 'Ports to expose, such as `3306` or `80/tcp`.',
      items: { type: 'string', description: '' },
    },
    port_bindings: {
      type: 'map',
      description:
        'Container port → host port(s), such as `{"80/tcp": [{"HostIp": "127.0.0.1", "HostPort": "8080"}]}` or `{"80": 8080}`.',
    },
    links: { type: 'map', description: 'Container name → alias of containers to link to.' },
    name: str('Name of the container.'),
    privileged: bool('Give the container extended privileges.', false),
    tty: bool('Allocate a pseudo-TTY.', false),
    open_stdin: bool('Keep stdin open.', false),
    stdin_once: bool('Close stdin after the first attached client disconnects.', false),
    attach_stdin: bool('Attach to stdin.', false),
    attach_stdout: bool('Attach to stdout.', true),
    attach_stderr: bool('Attach to stderr.', true),
    dns: strings('DNS servers.'),
    volumes: { type: 'map', description: 'Bind mounts: host path → container path (or a bind spec).', default: {} },
    volumes_from: strings('Containers whose volumes to mount.', { default: [] }),
    docker_endpoint: str(
      'Docker daemon endpoint (`unix:///var/run/docker.sock`, `tcp://host:2376`); default: the local daemon.',
    ),
    restart_policy: {
      type: 'map',
      description: 'Restart policy: `{Name: no|on-failure|always, MaximumRetryCount: n}`.',
      default: {},
      updateAllowed: true,
      fields: {
        Name: str('Policy name.', {
          default: 'no',
          constraints: [{ kind: 'allowed_values', values: [...RESTART_POLICY_NAMES] }],
        }),
        MaximumRetryCount: {
          type: 'integer',
          description: 'Retries for `on-failure`.',
          default: 0,
          constraints: [{ kind: 'range', min: 0 }],
        },
      },
    },
    cap_add: strings('Capabilities to add.', {
      default: [],
      items: { type: 'string', description: '', constraints: [{ kind: 'allowed_values', values: [...CAPABILITIES] }] },
    }),
    cap_drop: strings('Capabilities to drop.', {
      default: [],
      items: { type: 'string', description: '', constraints: [{ kind: 'allowed_values', values: [...CAPABILITIES] }] },
    }),
    read_only: bool('Mount the root filesystem read-only.', false),
    cpu_shares: {
      type: 'integer',
      description: 'Relative CPU weight.',
      default: 0,
      constraints: [{ kind: 'range', min: 0 }],
      minApiVersion: '1.8',
      updateAllowed: true,
    },
    devices: {
      type: 'list',
      description: 'Host devices to map into the container (ignored when privileged).',
      default: [],
      minApiVersion: '1.14',
      items: {
        type: 'map',
        description: 'A device mapping.',
        fields: {
          path_on_host: { ...devicePath, required: true, description: 'Path of the device on the host.' },
          path_in_container: {
            ...devicePath,
            description: 'Path of the device in the container (default: the host path).',
          },
          permissions: str('Cgroup permissions.', {
            default: 'rwm',
            constraints: [{ kind: 'allowed_values', values: [...DEVICE_PERMISSIONS] }],
          }),
        },
      },
    },
    cpu_set: str('CPUs the container may use (`0-3`, `0,1`).', { minApiVersion: '1.12', updateAllowed: true }),
    // heatstack's own (no Heat plugin has it): Docker's `StopTimeout`, as Compose's `stop_grace_period`.
    stop_timeout: {
      type: 'integer',
      description: 'Seconds a stop (suspend) waits after SIGTERM before it kills the container; default Docker’s 10.',
      constraints: [{ kind: 'range', min: 0 }],
    },
    // heatstack's own: its Volume and Network types, by reference (`container-attachments.ts`).
    mounts: CONTAINER_MOUNTS,
    networks: CONTAINER_NETWORKS,
    // heatstack's own: Docker's `Healthcheck` (`deploy/docker/healthcheck.ts`); a create waits until healthy.
    healthcheck: HEALTHCHECK,
    ...SWARM_PROPERTIES,
  },
  attributes: {
    info: { type: 'map', description: 'The container’s whole inspect document.' },
    network_info: { type: 'map', description: 'Its `NetworkSettings`, plus `TcpPorts` and `UdpPorts`.' },
    network_ip: { type: 'string', description: 'Its IP address on the stack network.' },
    network_gateway: { type: 'string', description: 'The gateway of the stack network.' },
    network_tcp_ports: { type: 'string', description: 'Its own (container-side) TCP ports, comma-separated.' },
    network_udp_ports: { type: 'string', description: 'Its own (container-side) UDP ports, comma-separated.' },
    logs: { type: 'string', description: 'Its whole output so far.' },
    logs_head: { type: 'string', description: 'The first line of its output.' },
    logs_tail: { type: 'string', description: 'The last line of its output.' },
    ...SWARM_ATTRIBUTES,
  },
};

/** The seed's type, the 2013 plugin's: it takes `VolumesFrom` as a string (one container's name). */
const SEED_TYPE = 'OS::Heat::Docker';
const MERGED_TYPE = 'DockerInc::Docker::Container';

type Fields = Readonly<Record<string, PropertySchema>>;

/**
 * Where the schema is stricter than the Heat plugins each type name comes from (`docs/heat-docker.md`), so that
 * validation can give Heat's verdict (an error) apart from heatstack's own demands (a warning):
 * - `DockerInc::Docker::Container` (the merged plugin): `image` is not required, and `memory`,
 *   `cpu_shares` and `restart_policy.MaximumRetryCount` have no range;
 * - `OS::Heat::Docker` (the 2013 plugin): `Memory` has no range, and `VolumesFrom` is a string (one container),
 *   which heatstack reads as a list of one;
 * - both: the lists `cmd`, `env`, `dns`, `port_specs` and `volumes_from` take items of any type (no item schema).
 */
const validation: ValidationRules = {
  pluginFields(typeName: string, fields: Fields): Fields | undefined {
    switch (typeName) {
      case MERGED_TYPE:
        return relax(fields, {
          ...ANY_ITEMS,
          image: (s) => ({ ...s, required: false }),
          memory: unconstrained,
          cpu_shares: unconstrained,
          restart_policy: (s) =>
            s.fields?.MaximumRetryCount
              ? { ...s, fields: { ...s.fields, MaximumRetryCount: unconstrained(s.fields.MaximumRetryCount) } }
              : s,
        });
      case SEED_TYPE:
        return relax(fields, { ...ANY_ITEMS, memory: unconstrained });
      default:
        return undefined;
    }
  },
  /**
   * The 2013 plugin's `VolumesFrom` is one container name (a Heat `String`: a number or boolean is its text): as
   * heatstack's list, `''` is none.
   */
  readValue(typeName: string, canonical: string, value: unknown): unknown {
    if (typeName !== SEED_TYPE || canonical !== 'volumes_from') return value;
    if (typeof value === 'string') return value === '' ? [] : [value];
    if (Number.isInteger(value) || typeof value === 'boolean' || isPythonInt(value)) return [pyStr(value)];
    return value;
  },
  /** A list, map or float as the 2013 `VolumesFrom`: that plugin's `String` refuses it (it takes `int` and `bool`). */
  refusedValue(typeName: string, canonical: string, value: unknown): string | undefined {
    if (typeName !== SEED_TYPE || canonical !== 'volumes_from') return undefined;
    if ((typeof value === 'number' && !Number.isInteger(value)) || isPythonFloat(value))
      return `Value must be a string; got ${pyStr(value)}`;
    if (value === null || typeof value !== 'object' || isCall(value) || isExactNumber(value)) return undefined;
    return `Value must be a string; got ${pyStrOfData(value)}`;
  },
};

function anyItems(s: PropertySchema): PropertySchema {
  const { items: _dropped, ...rest } = s;
  return rest;
}

const ANY_ITEMS = { cmd: anyItems, env: anyItems, dns: anyItems, port_specs: anyItems, volumes_from: anyItems };

function unconstrained(s: PropertySchema): PropertySchema {
  const { constraints: _dropped, ...rest } = s;
  return rest;
}

function relax(fields: Fields, changes: Readonly<Record<string, (s: PropertySchema) => PropertySchema>>): Fields {
  const out: Record<string, PropertySchema> = { ...fields };
  for (const [name, change] of Object.entries(changes)) {
    const s = out[name];
    if (s !== undefined) out[name] = change(s);
  }
  return out;
}

/** A port binding as the construct takes it (`{ hostIp, hostPort }`). */
interface PortBindingProp {
  readonly hostIp?: string;
  readonly hostPort?: string | number;
}

const construct: ConstructRules = {
  kind: 'Docker container',
  requiredExample: { image: "'name:tag'" },
  // cfn writes the seed's type when it can; hot always the merged plugin's.
  preferredNames: { cfn: [SEED_TYPE, MERGED_TYPE], hot: [MERGED_TYPE, SEED_TYPE] },
  cannotTake(typeName, values) {
    if (typeName !== SEED_TYPE) return undefined;
    // `VolumesFrom` can be written as the 2013 plugin's string: at most one entry, and not a list of unknown length.
    const from = values.get('volumes_from');
    const fits =
      !Array.isArray(from) || from.length === 0 || (from.length === 1 && !values.isListOfUnknownLength(from[0]));
    return fits ? undefined : 'volumesFrom of more than one container';
  },
  shape(canonical, value, typeName) {
    if (canonical === 'volumes_from' && typeName === SEED_TYPE && Array.isArray(value)) return value[0];
    if (canonical === 'port_bindings') return portBindings(value);
    return value;
  },
};

/** Port bindings in Docker's own spelling (`HostIp`, `HostPort` as a string). */
function portBindings(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [port, binding] of Object.entries(value)) {
    out[port] = Array.isArray(binding)
      ? binding.map((b: PortBindingProp) => ({
          ...(b.hostIp !== undefined && { HostIp: b.hostIp }),
          ...(b.hostPort !== undefined && {
            HostPort: typeof b.hostPort === 'number' ? String(b.hostPort) : b.hostPort,
          }),
        }))
      : binding;
  }
  return out;
}

const deploy: DeployBinding = {
  // A container is found on the daemon its `docker_endpoint` names; none: the default daemon.
  locatorOf: (properties) =>
    typeof properties.docker_endpoint === 'string' && properties.docker_endpoint !== ''
      ? { docker_endpoint: properties.docker_endpoint }
      : {},
  load: () => import('../../deploy/docker/container-handler.js'),
  observe: async (stack, locators, type) =>
    (await import('../../deploy/docker/observe.js')).observeContainers(stack, locators, type),
  adopts: true,
  // Docker's update call ignores a zero: a limit is changed in place, never removed (`restart_policy` goes back to `no`).
  inPlace: (property, value) => property === 'restart_policy' || (value !== undefined && value !== 0 && value !== ''),
  quickUpdates: true,
  // Its address on the stack network, which Docker's list tells: a container started again may have another one.
  listedAttributes: ['network_ip'],
  holds: dockerContainerHolds,
  check: swarmOnly,
  // `deploy --target swarm`: each container is a Swarm service (`deploy/swarm/service-handler.ts`).
  targets: {
    swarm: {
      locatorOf: (p) => deploy.locatorOf(p),
      load: () => import('../../deploy/swarm/service-handler.js'),
      updatesInPlace: true,
      listedAttributes: ['network_ip'], // a rolling update moves a one-node swarm's tasks (`deploy/swarm/addresses.ts`)
      check: unexpressible,
    },
  },
};

/** The Docker container type: what the registry lists. */
export const DOCKER_CONTAINER_TYPE: ResourceTypeModule = { schema: DOCKER_CONTAINER, validation, construct, deploy };
