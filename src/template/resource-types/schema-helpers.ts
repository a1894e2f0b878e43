import type { PropertySchema, ResourceTypeName } from './schema.js';

/** Small builders for hand-written schemas. */

/** A type name that spells every property and attribute by its canonical name (Heat's usual spelling). */
export function sameSpelling(
  name: string,
  properties: readonly string[],
  attributes: readonly string[],
): ResourceTypeName {
  return {
    name,
    properties: Object.fromEntries(properties.map((p) => [p, p])),
    attributes: Object.fromEntries(attributes.map((a) => [a, a])),
  };
}

export function stringProperty(description: string, extra: Partial<PropertySchema> = {}): PropertySchema {
  return { type: 'string', description, ...extra };
}

/**
 * What every Docker object type of heatstack's own has: a name (generated when not given), driver options, labels
 * besides heatstack's own, and the daemon. `noun` names the object in the descriptions.
 */
export function dockerObjectProperties(noun: string, driverOpts: string): Record<string, PropertySchema> {
  return {
    name: stringProperty(`The ${noun}’s name; default: \`<stack>-<logical id>-<6 hex digits>\`.`, {
      constraints: [{ kind: 'allowed_pattern', pattern: '^[a-zA-Z0-9][a-zA-Z0-9_.-]*$' }],
    }),
    driver_opts: { type: 'map', description: driverOpts, default: {} },
    labels: { type: 'map', description: `Labels of the ${noun}, besides heatstack’s own.`, default: {} },
    docker_endpoint: stringProperty('The Docker daemon endpoint; default: the local daemon.'),
  };
}
