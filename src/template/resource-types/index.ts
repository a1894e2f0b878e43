import { type HeatSpecType, heatSpecType, heatSpecTypeNames } from './heat-spec.js';
import { RESOURCE_TYPES } from './registry.js';
import type { ResourceTypeName, ResourceTypeSchema } from './schema.js';
import type { ResourceTypeModule } from './type-module.js';

export type * from './schema.js';
export type * from './type-module.js';
export type { HeatSpecType };

export interface ResolvedResourceType {
  readonly schema: ResourceTypeSchema;
  /** The spelling this type name uses for properties and attributes. */
  readonly name: ResourceTypeName;
  /** The module that defines the type: its rules for validation, the construct and deploy. */
  readonly module: ResourceTypeModule;
  /** For a type of a stock Heat (not heatstack's own): what else Heat's definition says. */
  readonly heat?: HeatSpecType;
}

/** heatstack's own resource types (the registry's modules), by each of their type names. */
const BY_NAME = new Map<string, ResolvedResourceType>();
for (const module of RESOURCE_TYPES) {
  for (const name of module.schema.names) {
    if (BY_NAME.has(name.name)) throw new Error(`resource type ${name.name} is registered twice`);
    const resolved: ResolvedResourceType = { schema: module.schema, name, module };
    // Heat's definition of a stock type heatstack runs, read from the spec only when validation asks for it.
    if (module.definedByHeat) Object.defineProperty(resolved, 'heat', { get: () => heatSpecType(name.name) });
    BY_NAME.set(name.name, resolved);
  }
}

const FROM_SPEC = new Map<string, ResolvedResourceType>();

/** A resource type by name: heatstack's own (the registry), else one of a stock Heat 19's (`heat-spec.ts`). */
export function resourceType(typeName: string): ResolvedResourceType | undefined {
  const own = BY_NAME.get(typeName);
  if (own !== undefined) return own;
  let resolved = FROM_SPEC.get(typeName);
  if (resolved === undefined) {
    const heat = heatSpecType(typeName);
    if (heat === undefined) return undefined;
    // A Heat type's module is its schema alone: Heat's plugin is the schema, and it deploys to a cloud only.
    resolved = { schema: heat, name: heat.names[0] as ResourceTypeName, module: { schema: heat }, heat };
    FROM_SPEC.set(typeName, resolved);
  }
  return resolved;
}

/**
 * Whether Heat validates nothing of a resource of this type (`HeatSpecType.noneResource`): `OS::Heat::None` and the
 * removed types Heat keeps as one take any property, policy and attribute name.
 */
export function validatesNothing(type: ResolvedResourceType): boolean {
  // Of heatstack's own types only `OS::Heat::None` is one; asking the spec for the others would load it (0.6 MB).
  if (BY_NAME.has(type.name.name)) return type.name.name === 'OS::Heat::None';
  return type.heat?.noneResource === true;
}

/**
 * Whether Heat takes any attribute name of this type before the resource exists: a group or nested stack of
 * heatstack's reads any from its members (`ValidationRules.anyAttribute`); of Heat's types, those whose plugin
 * resolves names itself (`HeatSpecType.anyAttribute`: `OS::Heat::SoftwareDeployment`, `AWS::CloudFormation::Stack`).
 */
export function takesAnyAttribute(type: ResolvedResourceType): boolean {
  if (BY_NAME.has(type.name.name)) return type.module.validation?.anyAttribute === true || validatesNothing(type);
  return type.heat?.anyAttribute === true;
}

/** Every type name a template may use: heatstack's own and a stock Heat's. */
export function knownResourceTypes(): string[] {
  return [...BY_NAME.keys(), ...heatSpecTypeNames()];
}

/** Whether heatstack itself defines the type (it may deploy it), rather than knowing it from Heat's spec only. */
export function isOwnResourceType(typeName: string): boolean {
  return BY_NAME.has(typeName);
}

/** The type names heatstack can deploy (their module has a deploy binding), in registry order. */
export function deployableResourceTypes(): string[] {
  return [...BY_NAME.values()].filter((t) => t.module.deploy !== undefined).map((t) => t.name.name);
}

/** This type's spelling of a canonical property name → the canonical name (`Image` → `image`). */
export function canonicalPropertyName(type: ResolvedResourceType, spelled: string): string | undefined {
  for (const [canonical, s] of Object.entries(type.name.properties)) if (s === spelled) return canonical;
  return undefined;
}

/** This type's spelling of an attribute name → the canonical name (`NetworkIp` → `network_ip`). */
export function canonicalAttributeName(type: ResolvedResourceType, spelled: string): string | undefined {
  for (const [canonical, s] of Object.entries(type.name.attributes)) if (s === spelled) return canonical;
  return undefined;
}

/** A value as written for the type, in its schema's shape (`ValidationRules.readValue`). */
export function readValue(type: ResolvedResourceType, canonical: string, value: unknown): unknown {
  const read = type.module.validation?.readValue;
  return read === undefined ? value : read(type.name.name, canonical, value);
}

export { DOCKER_CONTAINER } from './docker-container.js';
