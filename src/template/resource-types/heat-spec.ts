import { readFileSync } from 'node:fs';
import type { AttributeSchema, PropertyConstraint, PropertySchema, ResourceTypeSchema } from './schema.js';

/**
 * The resource types of a stock OpenStack Heat 19, as Heat defines them: `spec/heat-resource-types.json`, dumped
 * from Heat's own registry (format and regeneration: `docs/heat-spec.md`). Read on the first look-up of a type
 * that is not one of heatstack's own, so a Docker-only template never pays for it (the file is 0.6 MB).
 */

interface SpecProperty {
  readonly type: PropertySchema['type'];
  readonly required: boolean;
  readonly default?: unknown;
  readonly description?: string;
  readonly update_allowed?: boolean;
  readonly implemented?: boolean;
  readonly support_status?: { readonly status: string };
  readonly constraints?: readonly Readonly<Record<string, unknown>>[];
  readonly schema?: Readonly<Record<string, SpecProperty>>;
}

interface SpecType {
  readonly properties: Readonly<Record<string, SpecProperty>>;
  readonly attributes: Readonly<
    Record<string, { readonly type?: AttributeSchema['type']; readonly description?: string }>
  >;
  readonly update_policy?: Readonly<Record<string, SpecProperty>>;
  readonly snapshot_delete?: boolean;
  readonly none_resource?: boolean;
  readonly any_attribute?: boolean;
}

interface Spec {
  readonly format: number;
  readonly resource_types: Readonly<Record<string, SpecType>>;
}

/** A type of the spec in heatstack's schema shape, plus what only Heat's own types have. */
export interface HeatSpecType extends ResourceTypeSchema {
  /** The `update_policy` keys the type takes (a ResourceGroup's `rolling_update`, …); none when absent. */
  readonly updatePolicy?: Readonly<Record<string, PropertySchema>>;
  /** Whether the type takes the `Snapshot` deletion policy. */
  readonly snapshotDelete: boolean;
  /**
   * Whether Heat's class is a `NoneResource` (`OS::Heat::None`, and the types Heat removed and keeps as one, such
   * as `OS::Designate::Domain`): its validate does nothing, so any property and policy pass, and any attribute is None.
   */
  readonly noneResource: boolean;
  /**
   * Whether Heat's plugin resolves attribute names itself (a deployment's outputs, a CFN nested stack's
   * `Outputs.X`): before the create Heat takes any name, so validation checks none.
   */
  readonly anyAttribute: boolean;
}

const SPEC_FILE = new URL('../../../spec/heat-resource-types.json', import.meta.url);

let spec: Spec | undefined;
const converted = new Map<string, HeatSpecType>();

function loadSpec(): Spec {
  spec ??= JSON.parse(readFileSync(SPEC_FILE, 'utf8')) as Spec;
  return spec;
}

/** Every type name of the spec (hidden ones too: Heat still accepts them in a template). */
export function heatSpecTypeNames(): string[] {
  return Object.keys(loadSpec().resource_types);
}

/** The named type of the spec, or undefined when Heat has no such type. */
export function heatSpecType(typeName: string): HeatSpecType | undefined {
  const cached = converted.get(typeName);
  if (cached !== undefined) return cached;
  const types = loadSpec().resource_types;
  if (!Object.hasOwn(types, typeName)) return undefined;
  const type = toSchema(typeName, types[typeName] as SpecType);
  converted.set(typeName, type);
  return type;
}

function toSchema(typeName: string, type: SpecType): HeatSpecType {
  const identity = (names: readonly string[]) => Object.fromEntries(names.map((n) => [n, n]));
  const attributes: Record<string, AttributeSchema> = {};
  for (const [name, a] of Object.entries(type.attributes)) {
    attributes[name] = { description: a.description ?? '', type: a.type ?? 'map' };
  }
  return {
    // Heat's types spell their properties and attributes one way, in either dialect.
    names: [
      {
        name: typeName,
        properties: identity(Object.keys(type.properties)),
        attributes: identity(Object.keys(attributes)),
      },
    ],
    properties: toFields(type.properties),
    attributes,
    ...(type.update_policy !== undefined && { updatePolicy: toFields(type.update_policy) }),
    snapshotDelete: type.snapshot_delete === true,
    noneResource: type.none_resource === true,
    anyAttribute: type.any_attribute === true,
  };
}

function toFields(props: Readonly<Record<string, SpecProperty>>): Record<string, PropertySchema> {
  const out: Record<string, PropertySchema> = {};
  for (const [name, p] of Object.entries(props)) out[name] = toProperty(p);
  return out;
}

function toProperty(p: SpecProperty): PropertySchema {
  // A hidden property is one Heat moved elsewhere: its translation rules rewrite it before the checks run, so
  // Heat takes any value there (RandomString's `sequence: emoji` is valid to Heat 19).
  if (p.support_status?.status === 'HIDDEN') return { type: 'any', description: p.description ?? '' };
  const nested = p.schema;
  const items = p.type === 'list' && nested?.['*'] !== undefined ? toProperty(nested['*']) : undefined;
  // A map's fields; a map whose schema is for any key (`*`) checks no keys.
  const fields = p.type === 'map' && nested !== undefined && !('*' in nested) ? toFields(nested) : undefined;
  const constraints = (p.constraints ?? []).flatMap(toConstraint);
  return {
    type: p.type,
    description: p.description ?? '',
    ...(p.required && { required: true }),
    ...(p.default !== undefined && { default: p.default }),
    ...(constraints.length > 0 && { constraints }),
    ...(items !== undefined && { items }),
    ...(fields !== undefined && { fields }),
    ...(p.update_allowed && { updateAllowed: true }),
    ...(p.implemented === false && { implemented: false }),
  };
}

/**
 * Heat's constraint → heatstack's. A custom constraint names a check Heat runs through a plugin, most of them
 * against an OpenStack service (does this flavor exist?): validation checks only those Heat checks offline.
 */
function toConstraint(c: Readonly<Record<string, unknown>>): PropertyConstraint[] {
  if (typeof c.custom_constraint === 'string') return [{ kind: 'custom_constraint', name: c.custom_constraint }];
  if ('allowed_values' in c) return [{ kind: 'allowed_values', values: c.allowed_values as (string | number)[] }];
  if ('allowed_pattern' in c) return [{ kind: 'allowed_pattern', pattern: c.allowed_pattern as string }];
  const bounds = (c.range ?? c.length) as { min?: number; max?: number } | undefined;
  if (bounds === undefined) return [];
  const limits = {
    ...(bounds.min !== undefined && { min: bounds.min }),
    ...(bounds.max !== undefined && { max: bounds.max }),
  };
  return [{ kind: 'range' in c ? 'range' : 'length', ...limits }];
}
