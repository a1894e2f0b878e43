import { camelName, classNameOf, moduleOf, pascalName } from '../constructs/private/type-names.js';
import { type Dialect, type Expr, type ExprMap, isExprMap, type ResourceDef } from '../template/model.js';
import { DOCKER_CONTAINER, DOCKER_CONTAINER_TYPE } from '../template/resource-types/docker-container.js';
import { translatedProperties } from '../template/resource-types/heat-translations.js';
import {
  canonicalAttributeName,
  canonicalPropertyName,
  isOwnResourceType,
  resourceType,
} from '../template/resource-types/index.js';
import { stringLiteral } from './code.js';
import {
  type Code,
  type ResourceRef,
  type Scope,
  translate,
  translateCondition,
  translateFields,
} from './expressions.js';
import { templateKey } from './names.js';
import { attempt, type Lookups } from './scope.js';
import { SDK_CLASSES } from './sdk-classes.js';
import { DOCKER_FIELDS, DOCKER_OBJECTS, type Field, STRING, specFields, specType, UNKNOWN } from './want.js';

/** How a resource is written: which construct, imported from where, and its statements. */
export interface ResourceCode {
  /** `DockerContainer`, a generated class (`NovaServer`), or `HeatResource`. */
  readonly construct: string;
  /** `heatstack` or `heatstack/openstack/<module>`. */
  readonly module: string;
  /** `new X(this, 'Id', …)`, without the variable. */
  readonly creation: string;
  /** Statements on the variable after it is created (`addOverride`), each taking the variable's name. */
  readonly after: readonly ((variable: string) => string)[];
  readonly ref: (variable: string) => ResourceRef;
}

/**
 * A resource as the construct a person would choose: `DockerContainer` for the Docker types when it writes the very
 * same type, the generated class of a stock Heat type, else `HeatResource` with the properties as spelled. A typed
 * construct is used only when every value has code of its prop's type; otherwise the resource is written untyped.
 */
export function resourceCode(resource: ResourceInput, lookups: Lookups): ResourceCode {
  return (
    attempt(lookups, (scope) => dockerCode(resource, scope)) ??
    attempt(lookups, (scope) => ownClassCode(resource, scope)) ??
    attempt(lookups, (scope) => typedCode(resource, scope)) ??
    attempt(lookups, (scope) => genericCode(resource, scope))!
  );
}

export interface ResourceInput {
  readonly logicalId: string;
  readonly def: ResourceDef;
  /** The attributes of it that the template reads anywhere (they decide a Docker container's type too). */
  readonly attributesUsed: ReadonlySet<string>;
  readonly dialect: Dialect;
  /** Its template path (`Resources.Blog`). */
  readonly path: string;
  /** Keep what the template's bytes need (`GenerateOptions.asWritten`). */
  readonly asWritten: boolean;
}

function dockerCode(
  { logicalId, def, attributesUsed, dialect, path, asWritten }: ResourceInput,
  scope: Scope,
): ResourceCode | undefined {
  const type = resourceType(def.type);
  // Only a Docker container is written as a DockerContainer.
  if (type === undefined || type.module !== DOCKER_CONTAINER_TYPE) return undefined;
  const fields = new Map<string, Field>();
  const canonicalProps: string[] = [];
  for (const key of Object.keys(def.properties)) {
    const canonical = canonicalPropertyName(type, key);
    const field = canonical === undefined ? undefined : DOCKER_FIELDS.get(canonical);
    if (canonical === undefined || field === undefined) return undefined;
    // The seed's VolumesFrom is one name, the construct's a list.
    if (canonical === 'volumes_from' && def.type === 'OS::Heat::Docker') return undefined;
    fields.set(key, field);
    canonicalProps.push(canonical);
  }
  const attributes = [...attributesUsed].map((a) => canonicalAttributeName(type, a));
  if (attributes.includes(undefined)) return undefined;
  if (chosenDockerType(canonicalProps, attributes as string[], dialect) !== def.type) return undefined;
  const creation = canonicalProps.includes('image')
    ? dockerCreation(logicalId, def, fields, dialect, path, scope)
    : adoptedDockerCreation(logicalId, def, dialect, path, scope);
  if (creation === undefined) return undefined;
  return {
    construct: 'DockerContainer',
    module: 'heatstack',
    creation,
    after: dependencies(def, scope, asWritten),
    ref: (variable) => ({ variable, attribute: (name, p) => dockerAttribute(type, name, p, variable) }),
  };
}

/** `new DockerContainer(this, 'Db', { image: …, … }, { … })`. */
function dockerCreation(
  logicalId: string,
  def: ResourceDef,
  fields: ReadonlyMap<string, Field>,
  dialect: Dialect,
  path: string,
  scope: Scope,
): string | undefined {
  const props = translateFields(def.properties, fields, `${path}.${templateKey(dialect, 'Properties')}`, scope);
  const options = resourceOptions(def, dialect, scope, path);
  if (props === undefined || options === undefined || options.overrides.length > 0) return undefined;
  return construct('DockerContainer', logicalId, [props, ...optionsArg(options.code)]);
}

/**
 * An adopted container with no image (Heat uses no property of it): `DockerContainer.fromExternalId(this, 'Db', id)`,
 * since the constructor's props need an image.
 */
function adoptedDockerCreation(
  logicalId: string,
  def: ResourceDef,
  dialect: Dialect,
  path: string,
  scope: Scope,
): string | undefined {
  if (def.externalId === undefined || Object.keys(def.properties).length > 0) return undefined;
  const id = translate(def.externalId, STRING, `${path}.${templateKey(dialect, 'ExternalId')}`, scope);
  const options = resourceOptions({ ...def, externalId: undefined }, dialect, scope, path);
  if (id === undefined || options.overrides.length > 0) return undefined;
  const args = ['this', stringLiteral(logicalId), id, ...optionsArg(options.code)];
  return `DockerContainer.fromExternalId(${args.join(', ')})`;
}

/** The type `DockerContainer` writes for these properties and attributes (its `chooseType`). */
function chosenDockerType(
  props: readonly string[],
  attributes: readonly string[],
  dialect: Dialect,
): string | undefined {
  const names = DOCKER_CONTAINER.names.map((n) => n.name);
  const preferred = dialect === 'cfn' ? names : ['DockerInc::Docker::Container', ...names];
  for (const name of preferred) {
    const t = resourceType(name)!.name;
    if (props.every((p) => p in t.properties) && attributes.every((a) => a in t.attributes)) return name;
  }
  return undefined;
}

const DOCKER_GETTERS = new Set([
  'network_ip',
  'network_tcp_ports',
  'network_udp_ports',
  'network_gateway',
  'logs',
  'logs_head',
  'logs_tail',
]);

function dockerAttribute(
  type: ReturnType<typeof resourceType> & object,
  spelled: string,
  path: readonly (string | number)[],
  variable: string,
): Code | undefined {
  const canonical = canonicalAttributeName(type, spelled);
  if (canonical === undefined) return undefined;
  const map = canonical === 'info' || canonical === 'network_info';
  if (path.length > 0) {
    if (!map) return undefined;
    const args = [canonical, ...path].map((p) => (typeof p === 'number' ? String(p) : stringLiteral(p)));
    return { code: `${variable}.attributePath(${args.join(', ')})`, type: 'string' };
  }
  if (map) return { code: `${variable}.${camelName(canonical)}`, type: 'resolvable' };
  return DOCKER_GETTERS.has(canonical) ? { code: `${variable}.${camelName(canonical)}`, type: 'string' } : undefined;
}

/**
 * A type heatstack has a class of its own for, as that class: its Docker objects (`Heatstack::Docker::Volume` …
 * as `DockerVolume` …), Heat's `RandomString` and `ResourceGroup` (`sdk-classes.ts`).
 */
function ownClassCode(
  { logicalId, def, dialect, path, asWritten }: ResourceInput,
  scope: Scope,
): ResourceCode | undefined {
  const own = DOCKER_OBJECTS.get(def.type) ?? SDK_CLASSES.get(def.type);
  if (own === undefined || own.takes?.(def.properties) === false) return undefined;
  const props = translateFields(def.properties, own.fields, `${path}.${templateKey(dialect, 'Properties')}`, scope);
  const options = resourceOptions(def, dialect, scope, path);
  if (props === undefined || options === undefined || options.overrides.length > 0) return undefined;
  const args = options.code === undefined ? (props === '{  }' ? [] : [props]) : [props, options.code];
  return {
    construct: own.construct,
    module: 'heatstack',
    creation: construct(own.construct, logicalId, args),
    after: dependencies(def, scope, asWritten),
    ref: (variable) => ({
      variable,
      attribute: (name, p) => {
        const getter = Object.hasOwn(own.getters, name) ? own.getters[name] : undefined;
        if (p.length === 0 && getter !== undefined) return { code: `${variable}.${getter}`, type: 'string' };
        return own.attribute?.(variable, name, p);
      },
    }),
  };
}

function typedCode(
  { logicalId, def, dialect, path, asWritten }: ResourceInput,
  scope: Scope,
): ResourceCode | undefined {
  const spec = specType(def.type);
  // Heat's own types heatstack runs (OS::Heat::RandomString) keep their generated class.
  if (spec === undefined || (isOwnResourceType(def.type) && !resourceType(def.type)?.module.definedByHeat))
    return undefined;
  const className = classNameOf(def.type);
  const fields = specFields(spec);
  // A deprecated property is written as the typed replacement Heat reads it as (`network_id` → `network`).
  const properties = asWritten ? def.properties : translatedProperties(def.type, def.properties);
  const props = translateFields(properties, fields, `${path}.${templateKey(dialect, 'Properties')}`, scope);
  const options = resourceOptions(def, dialect, scope, path);
  if (props === undefined || options === undefined || options.overrides.length > 0) return undefined;
  const args = options.code === undefined ? (props === '{  }' ? [] : [props]) : [props, options.code];
  return {
    construct: className,
    module: `heatstack/openstack/${moduleOf(def.type)}`,
    creation: construct(className, logicalId, args),
    after: dependencies(def, scope, asWritten),
    ref: (variable) => ({
      variable,
      attribute: (name, p) => {
        const a = spec.attributes[name];
        if (p.length > 0 || a === undefined || a.support_status?.status === 'HIDDEN')
          return genericAttribute(variable, name, p);
        const type = a.type === 'string' ? 'string' : a.type === 'list' ? 'list' : 'resolvable';
        return { code: `${variable}.attr${pascalName(name)}`, type };
      },
      attributeAt: (name, codes) => codeAttribute(variable, name, codes),
    }),
  };
}

function genericCode({ logicalId, def, dialect, path, asWritten }: ResourceInput, scope: Scope): ResourceCode {
  const properties = translate(def.properties, UNKNOWN, `${path}.${templateKey(dialect, 'Properties')}`, scope)!;
  const options = resourceOptions(def, dialect, scope, path) ?? { code: undefined, overrides: [] };
  const entries = [`type: ${stringLiteral(def.type)}`];
  if (Object.keys(def.properties).length > 0) entries.push(`properties: ${properties}`);
  if (options.code !== undefined) entries.push(options.code.slice(2, -2));
  return {
    construct: 'HeatResource',
    module: 'heatstack',
    creation: construct('HeatResource', logicalId, [`{ ${entries.join(', ')} }`]),
    after: [...options.overrides, ...dependencies(def, scope, asWritten)],
    ref: (variable) => ({
      variable,
      attribute: (name, p) => genericAttribute(variable, name, p),
      attributeAt: (name, codes) => codeAttribute(variable, name, codes),
    }),
  };
}

function genericAttribute(variable: string, name: string, path: readonly (string | number)[]): Code {
  return codeAttribute(
    variable,
    name,
    path.map((p) => (typeof p === 'number' ? String(p) : stringLiteral(p))),
  );
}

/** `getAtt` of a path whose elements are code already. */
function codeAttribute(variable: string, name: string, path: readonly string[]): Code {
  return { code: `${variable}.getAtt(${[stringLiteral(name), ...path].join(', ')})`, type: 'string' };
}

function construct(className: string, logicalId: string, args: readonly string[]): string {
  return `new ${className}(${['this', stringLiteral(logicalId), ...args].join(', ')})`;
}

function optionsArg(code: string | undefined): string[] {
  return code === undefined ? [] : [code];
}

/**
 * The fourth argument (`{ deletionPolicy, updatePolicy, metadata, condition, description }`), and `addOverride`
 * statements for what it cannot hold (a function as the deletion policy, a condition with no `Fn.condition*` form).
 */
function resourceOptions(
  def: ResourceDef,
  dialect: Dialect,
  scope: Scope,
  path: string,
): { code: string | undefined; overrides: ((variable: string) => string)[] } {
  const entries: string[] = [];
  const overrides: ((variable: string) => string)[] = [];
  const override = (key: string, value: Expr, cfn: string): void => {
    const at = `${path}.${templateKey(dialect, cfn)}`;
    const code = translate(value, UNKNOWN, at, scope)!;
    scope.raw(at, 'override');
    overrides.push((v) => `${v}.addOverride(${stringLiteral(key)}, ${code});`);
  };
  const policy = def.deletionPolicy;
  if (policy !== undefined) {
    if (policy === 'Delete' || policy === 'Retain' || policy === 'Snapshot')
      entries.push(`deletionPolicy: ${stringLiteral(policy)}`);
    else override('DeletionPolicy', policy, 'DeletionPolicy');
  }
  for (const [key, value, at] of [
    ['updatePolicy', def.updatePolicy, 'UpdatePolicy'],
    ['metadata', def.metadata, 'Metadata'],
  ] as const) {
    if (value === undefined) continue;
    const where = `${path}.${templateKey(dialect, at)}`;
    if (isExprMap(value)) entries.push(`${key}: ${translate(value as ExprMap, UNKNOWN, where, scope)}`);
    else override(at, value, at);
  }
  const condition = def.condition;
  if (condition !== undefined) {
    const code = translateCondition(condition, `${path}.${templateKey(dialect, 'Condition')}`, scope);
    if (code !== undefined) entries.push(`condition: ${code}`);
    else override('Condition', condition, 'Condition');
  }
  if (def.description !== undefined) entries.push(`description: ${stringLiteral(def.description)}`);
  if (def.externalId !== undefined) {
    const code = translate(def.externalId, STRING, `${path}.${templateKey(dialect, 'ExternalId')}`, scope);
    if (code !== undefined) entries.push(`externalId: ${code}`);
    else override('external_id', def.externalId, 'ExternalId');
  }
  return { code: entries.length === 0 ? undefined : `{ ${entries.join(', ')} }`, overrides };
}

/**
 * `addDependency` for each `DependsOn` that no reference already implies (Heat infers those); for a template
 * heatstack wrote, for each (its app added them).
 */
function dependencies(def: ResourceDef, scope: Scope, asWritten: boolean): ((variable: string) => string)[] {
  const implied = new Set<string>();
  if (!asWritten) collectReferences(def.properties, implied);
  if (!asWritten && def.metadata !== undefined) collectReferences(def.metadata, implied);
  const explicit = def.dependsOn.filter((d) => !implied.has(d));
  const vars = explicit.map((d) => scope.resource(d)?.variable).filter((v) => v !== undefined);
  return vars.length === 0 ? [] : [(v) => `${v}.addDependency(${vars.join(', ')});`];
}

/** The resources an expression names through `get_resource`/`get_attr`. */
export function collectReferences(e: Expr, into: Set<string>): void {
  const stack: Expr[] = [e];
  while (stack.length > 0) {
    const x = stack.pop()!;
    if (x === null || typeof x !== 'object') continue;
    if (Array.isArray(x)) stack.push(...(x as readonly Expr[]));
    else if ('fn' in x && 'args' in x && Array.isArray(x.args)) {
      const c = x as { fn: string; args: readonly Expr[] };
      if ((c.fn === 'get_resource' || c.fn === 'get_attr') && typeof c.args[0] === 'string') into.add(c.args[0]);
      stack.push(...c.args);
    } else stack.push(...Object.values(x as ExprMap));
  }
}
