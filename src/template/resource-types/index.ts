import { DOCKER_CONTAINER } from './docker-container.js';
import type { ResourceTypeName, ResourceTypeSchema } from './schema.js';

export type * from './schema.js';

/** Every resource type heatstack knows, by each of its type names. */
const BY_NAME = new Map<string, { schema: ResourceTypeSchema; name: ResourceTypeName }>();
for (const schema of [DOCKER_CONTAINER]) {
  for (const name of schema.names) BY_NAME.set(name.name, { schema, name });
}

export interface ResolvedResourceType {
  readonly schema: ResourceTypeSchema;
  /** The spelling this type name uses for properties and attributes. */
  readonly name: ResourceTypeName;
}

export function resourceType(typeName: string): ResolvedResourceType | undefined {
  return BY_NAME.get(typeName);
}

export function knownResourceTypes(): string[] {
  return [...BY_NAME.keys()];
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
