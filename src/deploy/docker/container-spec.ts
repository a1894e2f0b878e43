import { randomBytes } from 'node:crypto';
import type Docker from 'dockerode';
import { HeatstackError } from '../../errors.js';
import { isExactNumber } from '../../template/exact-number.js';
import { type CreateRequest, LABELS, type StackOwner, stackLabels } from '../handler.js';
import { networkAttachments, volumeMounts } from './container-attachments.js';
import { healthcheckConfig } from './healthcheck.js';

/**
 * The Docker container resource's properties (canonical snake_case, `docs/heat-docker.md`) → the Engine API's
 * container create body. Pure: no Docker call, so every mapping is testable without a daemon.
 */

/** A property value Docker cannot take; the message names the property's template path. */
export class DockerPropertyError extends HeatstackError {
  override name = 'DockerPropertyError';
}

/** Host address a `port_bindings` entry without `HostIp` is published on: never wider than the template asks. */
export const DEFAULT_HOST_IP = '127.0.0.1';

type Props = Readonly<Record<string, unknown>>;
type PortBinding = { HostIp: string; HostPort: string };

export interface ContainerSpecInput {
  readonly stack: string;
  readonly logicalId: string;
  readonly properties: Props;
  readonly configHash: string;
  readonly deployId: string;
  /** The record the container is made for (`stackLabels`). */
  readonly owner?: StackOwner;
  /** The stack's user-defined bridge network every container joins. */
  readonly network: string;
}

export function propertyPath(logicalId: string, property: string): string {
  return `Resources.${logicalId}.Properties.${property}`;
}

/** @internal The create body (with `name`) for one container. */
export function containerCreateOptions(input: ContainerSpecInput): Docker.ContainerCreateOptions {
  const p = input.properties;
  const where = (prop: string) => propertyPath(input.logicalId, prop);
  const ports = exposedAndBound(p, where);
  const privileged = bool(p.privileged, where('privileged'));
  const hostConfig: Docker.HostConfig = {
    NetworkMode: input.network,
    Privileged: privileged,
    PortBindings: ports.bindings,
    Binds: binds(p.volumes, where('volumes')),
    Mounts: volumeMounts(p.mounts, where('mounts')),
    VolumesFrom: stringList(p.volumes_from, where('volumes_from')),
    Dns: stringList(p.dns, where('dns')),
    CapAdd: stringList(p.cap_add, where('cap_add')),
    CapDrop: stringList(p.cap_drop, where('cap_drop')),
    ReadonlyRootfs: bool(p.read_only, where('read_only')),
    Memory: integer(p.memory, where('memory')),
    CpuShares: integer(p.cpu_shares, where('cpu_shares')),
    CpusetCpus: optionalString(p.cpu_set, where('cpu_set')),
    RestartPolicy: restartPolicy(p.restart_policy, where('restart_policy')),
    // Heat ignores devices for a privileged container: it already sees every device.
    Devices: privileged ? undefined : devices(p.devices, where('devices')),
  };
  const cmd = stringList(p.cmd, where('cmd'));
  networkAttachments(p.networks, where('networks')); // checked here, joined once created (`container-attachments.ts`)
  const options: Docker.ContainerCreateOptions = {
    name: optionalString(p.name, where('name')) || generatedName(input.stack, input.logicalId),
    Image: requiredString(p.image, where('image')),
    Cmd: cmd && cmd.length > 0 ? cmd : undefined,
    Env: stringList(p.env, where('env')),
    Hostname: optionalString(p.hostname, where('hostname')) || undefined,
    StopTimeout: seconds(p.stop_timeout, where('stop_timeout')),
    Healthcheck: healthcheckConfig(p.healthcheck, where('healthcheck')),
    User: optionalString(p.user, where('user')) || undefined,
    Tty: bool(p.tty, where('tty')),
    OpenStdin: bool(p.open_stdin, where('open_stdin')),
    StdinOnce: bool(p.stdin_once, where('stdin_once')),
    AttachStdin: bool(p.attach_stdin, where('attach_stdin')),
    AttachStdout: bool(p.attach_stdout ?? true, where('attach_stdout')),
    AttachStderr: bool(p.attach_stderr ?? true, where('attach_stderr')),
    ExposedPorts: ports.exposed,
    Labels: {
      ...stackLabels(input.stack, input.owner),
      [LABELS.resource]: input.logicalId,
      [LABELS.configHash]: input.configHash,
      [LABELS.deployId]: input.deployId,
    },
    HostConfig: dropUndefined(hostConfig),
    NetworkingConfig: {
      EndpointsConfig: {
        [input.network]: { Aliases: aliases(input.logicalId), Links: links(p.links, where('links')) },
      },
    },
  };
  return dropUndefined(options);
}

export function specInputFrom(request: CreateRequest, network: string): ContainerSpecInput {
  return {
    stack: request.stack,
    logicalId: request.logicalId,
    properties: request.properties,
    configHash: request.configHash,
    deployId: request.deployId,
    ...(request.owner !== undefined && { owner: request.owner }),
    network,
  };
}

/** A readable, unique container name: `<stack>-<resource>-<6 hex>`, restricted to what Docker accepts. */
export function generatedName(stack: string, logicalId: string): string {
  const clean = (s: string) => s.replace(/[^a-zA-Z0-9_.-]+/g, '_');
  const base = `${clean(stack)}-${clean(logicalId)}`.replace(/^[^a-zA-Z0-9]+/, '').slice(0, 200);
  return `${base || 'heatstack'}-${randomBytes(3).toString('hex')}`;
}

/** The logical id is a DNS name on the stack's network (as written and lower-cased). */
function aliases(logicalId: string): string[] {
  return [...new Set([logicalId, logicalId.toLowerCase()])];
}

// ---- ports ---------------------------------------------------------------------------------------------------

export interface Ports {
  exposed?: Record<string, Record<string, never>>;
  bindings?: Record<string, PortBinding[]>;
}

/** `3306`, `80/tcp`, `53/udp` → the API's `3306/tcp` form. */
export function portKey(spec: string, where: string): string {
  const match = /^(\d{1,5})(?:\/(tcp|udp|sctp))?$/i.exec(spec.trim());
  if (!match || Number(match[1]) < 1 || Number(match[1]) > 65535) {
    throw new DockerPropertyError(`${where}: '${spec}' is not a container port; write a port such as '80' or '53/udp'`);
  }
  return `${Number(match[1])}/${(match[2] ?? 'tcp').toLowerCase()}`;
}

/**
 * @internal Exposed ports from `port_specs` and every bound port; bindings from `port_bindings`. A 2013-style port spec
 * `hostPort:containerPort` (or `ip:hostPort:containerPort`) asks to publish, as old Docker's PortSpecs did.
 */
export function exposedAndBound(p: Props, where: (prop: string) => string): Ports {
  const exposed: Record<string, Record<string, never>> = {};
  const bindings: Record<string, PortBinding[]> = {};
  const bind = (key: string, added: PortBinding[]) => {
    bindings[key] = [...(bindings[key] ?? []), ...added];
  };
  for (const [i, spec] of (stringList(p.port_specs, where('port_specs')) ?? []).entries()) {
    const parts = spec.split(':');
    const key = portKey(parts[parts.length - 1], `${where('port_specs')}[${i}]`);
    exposed[key] = {};
    if (parts.length > 1) {
      const HostIp = parts.slice(0, -2).join(':') || DEFAULT_HOST_IP;
      bind(key, [{ HostIp, HostPort: hostPort(parts[parts.length - 2], `${where('port_specs')}[${i}]`) }]);
    }
  }
  const declared = p.port_bindings;
  if (declared !== undefined && declared !== null) {
    if (!isRecord(declared))
      throw new DockerPropertyError(`${where('port_bindings')}: expected a map of container port → host port(s)`);
    for (const [port, value] of Object.entries(declared)) {
      const at = `${where('port_bindings')}.${port}`;
      const key = portKey(port, at);
      exposed[key] = {};
      bind(key, hostBindings(value, at));
    }
  }
  return {
    exposed: Object.keys(exposed).length > 0 ? exposed : undefined,
    bindings: Object.keys(bindings).length > 0 ? bindings : undefined,
  };
}

/** `8080`, `'8080'`, `'10.0.0.1:8080'`, `{HostIp, HostPort}`, `null` (any free port), or a list of these. */
function hostBindings(value: unknown, where: string): PortBinding[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => hostBindings(v, `${where}[${i}]`));
  if (value === null || value === undefined || value === '') return [{ HostIp: DEFAULT_HOST_IP, HostPort: '' }];
  if (typeof value === 'number') return [{ HostIp: DEFAULT_HOST_IP, HostPort: hostPort(value, where) }];
  if (typeof value === 'string') {
    const cut = value.lastIndexOf(':');
    const ip = cut >= 0 ? value.slice(0, cut).replace(/^\[|\]$/g, '') : '';
    return [{ HostIp: ip || DEFAULT_HOST_IP, HostPort: hostPort(value.slice(cut + 1), where) }];
  }
  if (isRecord(value)) {
    const ip = value.HostIp ?? value.host_ip;
    const port = value.HostPort ?? value.host_port;
    if (ip !== undefined && typeof ip !== 'string')
      throw new DockerPropertyError(`${where}.HostIp: expected an IP address string`);
    return [
      { HostIp: ip || DEFAULT_HOST_IP, HostPort: port === undefined || port === '' ? '' : hostPort(port, where) },
    ];
  }
  throw new DockerPropertyError(`${where}: expected a host port such as 8080, '127.0.0.1:8080' or {HostIp, HostPort}`);
}

function hostPort(value: unknown, where: string): string {
  const n = Number(value);
  if (String(value).trim() === '' || !Number.isInteger(n) || n < 0 || n > 65535) {
    throw new DockerPropertyError(`${where}: '${String(value)}' is not a host port (0–65535)`);
  }
  return String(n);
}

// ---- volumes, devices, links, restart policy -----------------------------------------------------------------

/** `{host: container}`, `{host: 'container:ro'}` or `{host: {bind, ro | mode}}` → `host:container[:mode]`. */
export function binds(value: unknown, where: string): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value)) throw new DockerPropertyError(`${where}: expected a map of host path → container path`);
  const out = Object.entries(value).map(([host, target]) => {
    if (typeof target === 'string' && target !== '') return `${host}:${target}`;
    if (isRecord(target) && typeof target.bind === 'string') {
      const mode = typeof target.mode === 'string' ? target.mode : target.ro === true ? 'ro' : 'rw';
      return `${host}:${target.bind}:${mode}`;
    }
    throw new DockerPropertyError(`${where}.${host}: expected a container path or {bind: '/path', ro: true}`);
  });
  return out.length > 0 ? out : undefined;
}

function devices(value: unknown, where: string): Docker.DeviceMapping[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw new DockerPropertyError(`${where}: expected a list of device mappings`);
  const out = value.map((d, i) => {
    if (!isRecord(d) || typeof d.path_on_host !== 'string') {
      throw new DockerPropertyError(`${where}[${i}]: expected {path_on_host, path_in_container, permissions}`);
    }
    return {
      PathOnHost: d.path_on_host,
      PathInContainer:
        typeof d.path_in_container === 'string' && d.path_in_container ? d.path_in_container : d.path_on_host,
      CgroupPermissions: typeof d.permissions === 'string' && d.permissions ? d.permissions : 'rwm',
    };
  });
  return out.length > 0 ? out : undefined;
}

/** `{name: alias}` → links on the stack's network: the alias resolves to that container from this one. */
function links(value: unknown, where: string): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value)) throw new DockerPropertyError(`${where}: expected a map of container name → alias`);
  const out = Object.entries(value).map(([name, alias]) => (alias ? `${name}:${String(alias)}` : name));
  return out.length > 0 ? out : undefined;
}

/** @internal */
export function restartPolicy(value: unknown, where: string): Docker.HostRestartPolicy | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value))
    throw new DockerPropertyError(`${where}: expected {Name: no|on-failure|always, MaximumRetryCount: n}`);
  if (value.Name === undefined || value.Name === '') return undefined;
  const Name = String(value.Name);
  const retries = integer(value.MaximumRetryCount, `${where}.MaximumRetryCount`) ?? 0;
  // Docker refuses a retry count with any policy but on-failure.
  return { Name, MaximumRetryCount: Name === 'on-failure' ? retries : 0 };
}

// ---- scalars --------------------------------------------------------------------------------------------------

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function requiredString(value: unknown, where: string): string {
  const s = optionalString(value, where);
  if (!s) throw new DockerPropertyError(`${where}: an image is required, such as 'busybox:1.36'`);
  return s;
}

export function optionalString(value: unknown, where: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || isExactNumber(value)) return String(value);
  throw new DockerPropertyError(`${where}: expected a string`);
}

/** A list of strings; the seed writes `VolumesFrom` as one string, which counts as a list of one. */
export function stringList(value: unknown, where: string): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value === '' ? undefined : [value];
  if (!Array.isArray(value)) throw new DockerPropertyError(`${where}: expected a list of strings`);
  return value.map((v, i) => {
    if (typeof v === 'string' || typeof v === 'number' || isExactNumber(v)) return String(v);
    throw new DockerPropertyError(`${where}[${i}]: expected a string`);
  });
}

export function bool(value: unknown, where: string): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'True') return true;
  if (value === 'false' || value === 'False') return false;
  throw new DockerPropertyError(`${where}: expected true or false`);
}

export function integer(value: unknown, where: string): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
    throw new DockerPropertyError(`${where}: expected a whole number ≥ 0`);
  }
  return n === 0 ? undefined : n;
}

/** A number of seconds, where 0 means something (stop at once) rather than "not set". */
export function seconds(value: unknown, where: string): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  return integer(value, where) ?? 0;
}

/** @internal */
export function dropUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
