import type { Construct } from 'constructs';
import { HeatstackError } from '../errors.js';
import type { Dialect, Expr, ExprMap } from '../template/model.js';
import {
  type Capability,
  DOCKER_CONTAINER,
  DOCKER_CONTAINER_TYPE,
} from '../template/resource-types/docker-container.js';
import { type ResolvedResourceType, resourceType } from '../template/resource-types/index.js';
import type { PropertySchema } from '../template/resource-types/schema.js';
import type { IResolvable, ResolveContext } from '../tokens/resolvable.js';
import { resolveValue } from '../tokens/resolve.js';
import { Token } from '../tokens/token.js';
import type { ElementDefinition, ReportProblem } from './element.js';
import { checkProperties, containerPropsSurelyValid } from './private/property-check.js';
import { AttributeReference, NO_RESOURCE_OPTIONS, Resource, type ResourceOptions } from './resource.js';

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
  /** Bind mounts: host path → container path (or a bind spec). @default - none */
  readonly volumes?: Readonly<Record<string, unknown>>;
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
}

// Which type name each dialect prefers: cfn writes the seed's type when it can; hot always the merged plugin's.
const PREFERRED_TYPES: Readonly<Record<Dialect, readonly string[]>> = {
  cfn: DOCKER_CONTAINER.names.map((n) => n.name),
  hot: ['DockerInc::Docker::Container', ...DOCKER_CONTAINER.names.map((n) => n.name)],
};

/**
 * A Docker container (`OS::Heat::Docker` or `DockerInc::Docker::Container`). Its attributes are tokens usable in
 * other containers' properties and in outputs.
 */
export class DockerContainer extends Resource {
  /** The type chosen for `chosenFor` (a dialect), valid while no new attribute is used (props are read-only). */
  private chosenType?: ResolvedResourceType = undefined;
  private chosenFor?: Dialect = undefined;
  private chosenWithAttributes = 0;
  /**
   * Whether the props could fail a check, and are checked at synth. Props that surely pass (see
   * `containerPropsSurelyValid`) are not checked again: they are read-only, and the second look costs about 3% of a
   * 10,000-container synth.
   */
  private readonly checkedAtSynth: boolean;

  /** `options`: what every resource may have besides its properties (deletion policy, condition, metadata…). */
  constructor(
    scope: Construct,
    id: string,
    readonly props: DockerContainerProps,
    options?: ResourceOptions,
  ) {
    // Recording where is the dearest part of creating a container: done only when a check at synth could fail.
    super(scope, id, false, options);
    this.checkedAtSynth = !containerPropsSurelyValid(props);
    if (this.checkedAtSynth) this.recordCreationSite(new.target);
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
    this.useAttribute('network_info');
    return new AttributeReference(this, 'network_info');
  }
  /** Its whole inspect document: a map. */
  get info(): IResolvable {
    this.useAttribute('info');
    return new AttributeReference(this, 'info');
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
    const key = `${attribute}/${path.join('/')}`;
    return this.knownToken(key) ?? this.newToken(key, new AttributeReference(this, attribute, path));
  }

  /**
   * Records that a map attribute is read as a whole (it has no string token): the attributes read decide the type
   * as much as props do, and they are the keys of `tokens`.
   */
  private useAttribute(canonical: 'info' | 'network_info'): void {
    if (this.knownToken(canonical) !== undefined) return;
    // Exact length, as for the tokens (see `newToken`).
    this.tokens = (this.tokens ?? NO_TOKENS).concat(canonical, '');
  }

  private attribute(canonical: string): string {
    return this.knownToken(canonical) ?? this.newToken(canonical, new AttributeReference(this, canonical));
  }

  /** The attributes read so far (canonical names), from the keys of `tokens`. */
  private usedAttributes(): string[] {
    const used: string[] = [];
    const tokens = this.tokens ?? NO_TOKENS;
    for (let i = 0; i < tokens.length; i += 2) {
      const attribute = attributeOfKey(tokens[i] as string);
      if (attribute !== '' && !used.includes(attribute)) used.push(attribute);
    }
    return used;
  }

  /** @internal */
  _attributeName(canonical: string, dialect: Dialect): string {
    try {
      return this.typeFor(dialect).name.attributes[canonical] ?? canonical;
    } catch (e) {
      // Reported on the referring element: name this container too.
      throw e instanceof HeatstackError ? new HeatstackError(`${this.node.path}: ${e.message}`) : e;
    }
  }

  /** The first type name of the dialect's preference that has every property set and attribute used. */
  private typeFor(dialect: Dialect): ResolvedResourceType {
    if (
      this.chosenType !== undefined &&
      this.chosenFor === dialect &&
      this.chosenWithAttributes === (this.tokens?.length ?? 0)
    )
      return this.chosenType;
    const type = this.chooseType(dialect);
    this.chosenType = type;
    this.chosenFor = dialect;
    this.chosenWithAttributes = this.tokens?.length ?? 0;
    return type;
  }

  private chooseType(dialect: Dialect): ResolvedResourceType {
    for (const name of PREFERRED_TYPES[dialect]) {
      const t = resourceType(name)!;
      if (this.fits(t) && (name !== SEED_TYPE || this.volumesFromFitsString())) return t;
    }
    return this.noTypeFits(dialect);
  }

  /** Whether the type has every property set and attribute used. Runs for every container: no arrays made. */
  private fits(type: ResolvedResourceType): boolean {
    const props = this.props as unknown as Record<string, unknown>;
    for (const key in props) if (props[key] !== undefined && !(snakeCase(key) in type.name.properties)) return false;
    const tokens = this.tokens ?? NO_TOKENS;
    for (let i = 0; i < tokens.length; i += 2) {
      const attribute = attributeOfKey(tokens[i] as string);
      if (attribute !== '' && !(attribute in type.name.attributes)) return false;
    }
    return true;
  }

  private noTypeFits(dialect: Dialect): never {
    const used = this.usedProperties();
    const attributes = this.usedAttributes();
    const unknown = used.filter((p) => !(p in DOCKER_CONTAINER.properties));
    if (unknown.length > 0) {
      throw new HeatstackError(
        `unknown propert${unknown.length > 1 ? 'ies' : 'y'} ${unknown.map(camelCase).join(', ')}`,
      );
    }
    const lacks = PREFERRED_TYPES[dialect].map((name) => {
      const t = resourceType(name)!;
      const missing = [
        ...used.filter((p) => !(p in t.name.properties)).map(camelCase),
        ...attributes.filter((a) => !(a in t.name.attributes)).map(camelCase),
        ...(name === SEED_TYPE && !this.volumesFromFitsString() ? ['volumesFrom of more than one container'] : []),
      ];
      return `${name} has no ${missing.join(', ')}`;
    });
    throw new HeatstackError(
      `no Docker container type has all of ${[...used, ...attributes].map(camelCase).join(', ')} ` +
        `(${[...new Set(lacks)].join('; ')}): use the properties of one type`,
    );
  }

  /**
   * Whether `volumesFrom` can be written as the 2013 plugin's `VolumesFrom`, a single container name: at most
   * one entry, and not a list token (a list of unknown length).
   */
  private volumesFromFitsString(): boolean {
    const from = this.props.volumesFrom;
    return from === undefined || from.length === 0 || (from.length === 1 && !isListToken(from[0]));
  }

  private usedProperties(): string[] {
    const out: string[] = [];
    const props = this.props as unknown as Record<string, unknown>;
    for (const key in props) if (props[key] !== undefined) out.push(snakeCase(key));
    return out;
  }

  /** @internal */
  _synthesize(ctx: ResolveContext, report: ReportProblem): ElementDefinition {
    const type = this.typeFor(ctx.dialect);
    const properties: Record<string, Expr> = {};
    const props = this.props as unknown as Record<string, unknown>;
    for (const key in props) {
      const value = props[key];
      if (value === undefined) continue;
      const canonical = snakeCase(key);
      const spelled = type.name.properties[canonical]!;
      const shaped = toTemplateShape(canonical, value, type.name.name);
      if (shaped === undefined) continue;
      const resolved = resolveValue(shaped, ctx, 'Properties', spelled);
      if (resolved !== undefined) properties[spelled] = resolved;
    }
    if (this.checkedAtSynth) checkProps(this.props, type.name.name, properties, report);
    const def = {
      type: type.name.name,
      properties: properties as ExprMap,
      dependsOn: this.explicitDependencies(report),
    };
    const options = this.resolvedOptions(ctx);
    return { section: 'resources', def: options === NO_RESOURCE_OPTIONS ? def : { ...def, ...options } };
  }
}

/** Reports every problem of a container's props: a missing image, or what the type's checks refuse. */
function checkProps(
  props: DockerContainerProps,
  typeName: string,
  properties: Readonly<Record<string, Expr>>,
  report: ReportProblem,
): void {
  if (!('image' in props)) report("the image is required: add `image: 'name:tag'` to its props");
  else for (const p of checkProperties(typeName, properties)) report(`Properties.${p.path}: ${p.message}`);
}

/** A list token (`Token.asList`): one element that stands for a whole list of unknown length. */
function isListToken(item: unknown): boolean {
  return typeof item === 'string' && item.startsWith('#{Token[') && Token.isUnresolved(item);
}

/** The seed's type, the 2013 plugin's: it takes `VolumesFrom` as a string. */
const SEED_TYPE = 'OS::Heat::Docker';

const NO_TOKENS: readonly string[] = [];

/** The attribute a key of `tokens` is about: `network_info` for `network_info/IPAddress`, `''` for the id. */
function attributeOfKey(key: string): string {
  const slash = key.indexOf('/');
  return slash < 0 ? key : key.slice(0, slash);
}

const SNAKE = new Map<string, string>();

function snakeCase(camel: string): string {
  let s = SNAKE.get(camel);
  if (s === undefined) {
    s = camel.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    SNAKE.set(camel, s);
  }
  return s;
}

function camelCase(snake: string): string {
  return snake.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** Props whose values need reshaping: maps with known fields (at any depth) and port bindings. */
const RESHAPED = new Set(
  Object.entries(DOCKER_CONTAINER.properties)
    .filter(
      ([name, schema]) => name === 'port_bindings' || schema.fields !== undefined || schema.items?.fields !== undefined,
    )
    .map(([name]) => name),
);

/**
 * A prop's value in the template's shape: `restartPolicy.maximumRetryCount` → `MaximumRetryCount`, …; and for
 * `OS::Heat::Docker`, whose 2013 plugin takes `VolumesFrom` as one container's name, the list's only entry
 * (none: left out). `undefined` means the property is not written.
 */
function toTemplateShape(canonical: string, value: unknown, typeName: string): unknown {
  if (canonical === 'volumes_from' && typeName === SEED_TYPE && Array.isArray(value)) return value[0];
  if (!RESHAPED.has(canonical)) return value;
  const schema = DOCKER_CONTAINER.properties[canonical]!;
  return toSchemaShape(DOCKER_CONTAINER_TYPE.construct?.shape?.(canonical, value, typeName) ?? value, schema);
}

/** Renames camelCase keys of maps with known fields to the schema's spelling (`maximumRetryCount` → `MaximumRetryCount`). */
function toSchemaShape(value: unknown, schema: PropertySchema): unknown {
  if (Array.isArray(value) && schema.items !== undefined) return value.map((v) => toSchemaShape(v, schema.items!));
  if (schema.fields === undefined || typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const byLoose = new Map(Object.keys(schema.fields).map((f) => [loose(f), f]));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[byLoose.get(loose(k)) ?? k] = v;
  return out;
}

function loose(name: string): string {
  return name.replace(/_/g, '').toLowerCase();
}
