import { HeatstackError } from '../../errors.js';
import type { ExprMap } from '../model.js';
import { translatedProperties } from '../resource-types/heat-translations.js';
import {
  type PropertySchema,
  type ResolvedResourceType,
  readValue,
  resourceType,
  validatesNothing,
} from '../resource-types/index.js';
import { type CoerceOptions, coerceFields, type Problem, UNKNOWN } from './coerce.js';

export type { Problem as PropertyProblem } from './coerce.js';

/**
 * Resource properties checked against their type's schema, the one definition in `resource-types`. Used by
 * template validation, by synth for construct props, and by deploy once functions are resolved.
 */

/** A property problem found after functions were resolved, listing every problem with its path. */
export class PropertyValueError extends HeatstackError {
  override name = 'PropertyValueError';
  constructor(
    readonly typeName: string,
    readonly problems: readonly Problem[],
  ) {
    super(
      `Invalid properties for ${typeName}:\n${problems.map((p) => `  ${p.path ? `${p.path}: ` : ''}${p.message}`).join('\n')}`,
    );
  }
}

/** Heat's message for a type name it has no plugin for. */
export function unknownResourceTypeMessage(typeName: string): string {
  return `The Resource Type (${typeName}) could not be found.`;
}

/**
 * Every problem with a resource's properties as written in a template: unknown properties (with a suggestion),
 * missing required ones, values of the wrong type (with Heat's coercions: `'5'` is an integer, `8` a string,
 * `'TRUE'` a boolean), and constraint violations. Values that are function calls are not known yet and are
 * skipped. Paths are relative to the properties and spelled as the type spells them (`Env[0]`,
 * `restart_policy.Name`, `devices[1].permissions`).
 */
export function checkResourceProperties(
  typeName: string,
  properties: ExprMap,
  options: Pick<CoerceOptions, 'constraints'> = {},
): Problem[] {
  const type = resourceType(typeName);
  if (type === undefined) return [{ path: '', message: unknownResourceTypeMessage(typeName) }];
  // Heat's `OS::Heat::None` (and a removed type kept as one) takes any properties: it stands in for any type.
  if (validatesNothing(type)) return [];
  const problems: Problem[] = [];
  const values = withLegacyValues(type, translatedProperties(typeName, properties, problems));
  const fields = visibleFields(type);
  const refused = refusedValues(type, properties);
  coerceFields(fields, values, '', problems, { applyDefaults: false, ...options }, spelling(type));
  // Where the type's Heat plugin accepts more than its schema (its module's `validation`).
  const pluginFields = type.module.validation?.pluginFields?.(typeName, fields);
  if (problems.length === 0 || pluginFields === undefined) return [...refused, ...problems];
  // What Heat's own plugin accepts is only heatstack's demand: a warning, so verdicts agree with Heat's.
  const heatProblems: Problem[] = [];
  coerceFields(pluginFields, values, '', heatProblems, { applyDefaults: false, ...options }, spelling(type));
  const heatSees = new Set(heatProblems.map((p) => `${p.path}\0${p.message}`));
  return [
    ...refused,
    ...problems.map((p) =>
      heatSees.has(`${p.path}\0${p.message}`)
        ? p
        : {
            ...p,
            severity: 'warning' as const,
            message: `${p.message} (Heat's plugin accepts this; heatstack cannot deploy it)`,
          },
    ),
  ];
}

/** What the type's plugin refuses though the schema's shape would take it (`ValidationRules.refusedValue`). */
function refusedValues(type: ResolvedResourceType, values: ExprMap): Problem[] {
  const refuse = type.module.validation?.refusedValue;
  if (refuse === undefined) return [];
  const out: Problem[] = [];
  for (const [canonical, spelled] of Object.entries(type.name.properties)) {
    const message = Object.hasOwn(values, spelled) ? refuse(type.name.name, canonical, values[spelled]) : undefined;
    if (message !== undefined) out.push({ path: spelled, message });
  }
  return out;
}

/**
 * Resolved properties as spelled in the template → canonical snake_case names, values converted to their
 * schema type and defaults applied, as Heat hands them to a resource plugin. Throws a `PropertyValueError`
 * listing every problem with its path when a resolved value breaks the schema.
 */
export function normalizeProperties(
  typeName: string,
  resolved: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const type = resourceType(typeName);
  if (type === undefined) throw new HeatstackError(unknownResourceTypeMessage(typeName));
  const problems: Problem[] = [];
  const values = withLegacyValues(type, translatedProperties(typeName, resolved, problems));
  const out = coerceFields(visibleFields(type), values, '', problems, { applyDefaults: true }, spelling(type));
  if (problems.length > 0) throw new PropertyValueError(typeName, problems);
  for (const [k, v] of Object.entries(out)) if (v === UNKNOWN) delete out[k];
  return out;
}

const VISIBLE = new WeakMap<ResolvedResourceType['name'], Readonly<Record<string, PropertySchema>>>();

/** Only the properties this type name spells: `OS::Heat::Docker` has no `restart_policy`. Computed once per name. */
function visibleFields(type: ResolvedResourceType): Readonly<Record<string, PropertySchema>> {
  let fields = VISIBLE.get(type.name);
  if (fields === undefined) {
    fields = Object.fromEntries(
      Object.entries(type.schema.properties).filter(([canonical]) => type.name.properties[canonical] !== undefined),
    );
    VISIBLE.set(type.name, fields);
  }
  return fields;
}

/** Values as the type's plugin took them, in heatstack's shapes (the 2013 `VolumesFrom` string → a list). */
function withLegacyValues<T>(type: ResolvedResourceType, values: Readonly<Record<string, T>>): Record<string, T> {
  const out: Record<string, T> = { ...values };
  for (const [canonical, spelled] of Object.entries(type.name.properties)) {
    if (Object.hasOwn(out, spelled)) out[spelled] = readValue(type, canonical, out[spelled]) as T;
  }
  return out;
}

function spelling(type: ResolvedResourceType): (canonical: string) => string {
  return (canonical) => type.name.properties[canonical] ?? canonical;
}
