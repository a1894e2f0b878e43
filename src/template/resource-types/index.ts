import { DOCKER_CONTAINER } from './docker-container.js';
import { type HeatSpecType, heatSpecType, heatSpecTypeNames } from './heat-spec.js';
import type { ResourceTypeName, ResourceTypeSchema } from './schema.js';

export type * from './schema.js';
export type { HeatSpecType };

/** heatstack's own resource types (the Docker container), by each of their type names. */
const BY_NAME = new Map<string, { schema: ResourceTypeSchema; name: ResourceTypeName }>();
for (const schema of [DOCKER_CONTAINER]) {
  for (const name of schema.names) BY_NAME.set(name.name, { schema, name });
}

export interface ResolvedResourceType {
  readonly schema: ResourceTypeSchema;
  /** The spelling this type name uses for properties and attributes. */
  readonly name: ResourceTypeName;
  /** For a type of a stock Heat (not heatstack's own): what else Heat's definition says. */
  readonly heat?: HeatSpecType;
}

const FROM_SPEC = new Map<string, ResolvedResourceType>();

/** A resource type by name: heatstack's own, else one of a stock Heat 19's (`heat-spec.ts`), else undefined. */
export function resourceType(typeName: string): ResolvedResourceType | undefined {
  const own = BY_NAME.get(typeName);
  if (own !== undefined) return own;
  let resolved = FROM_SPEC.get(typeName);
  if (resolved === undefined) {
    const heat = heatSpecType(typeName);
    if (heat === undefined) return undefined;
    resolved = { schema: heat, name: heat.names[0] as ResourceTypeName, heat };
    FROM_SPEC.set(typeName, resolved);
  }
  return resolved;
}

/** Every type name a template may use: heatstack's own and a stock Heat's. */
export function knownResourceTypes(): string[] {
  return [...BY_NAME.keys(), ...heatSpecTypeNames()];
}

/** Whether heatstack itself defines the type (it may deploy it), rather than knowing it from Heat's spec only. */
export function isOwnResourceType(typeName: string): boolean {
  return BY_NAME.has(typeName);
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

export { DOCKER_CONTAINER };
