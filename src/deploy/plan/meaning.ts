import { createHash, createHmac } from 'node:crypto';
import { findReferences } from '../../template/dependencies.js';
import { evaluate } from '../../template/evaluate/index.js';
import { isExactNumber } from '../../template/exact-number.js';
import { rewriteForHot } from '../../template/functions/hot-rewrites.js';
import { Call, type Expr, isCall, isExprMap, type Template } from '../../template/model.js';
import {
  canonicalAttributeName,
  canonicalPropertyName,
  type PropertySchema,
  type ResolvedResourceType,
  readValue,
  resourceType,
} from '../../template/resource-types/index.js';
import { coerceValue, type Problem as PropertyProblem, UNKNOWN } from '../../template/validate/coerce.js';

/**
 * What a resource means, whatever dialect or format its template was written in: the form its configuration hash
 * is taken of, and what the state record keeps of each deployed resource so `diff` can say which property changed.
 *
 * - the type by the schema it names: two names of one registered schema are one type;
 * - properties by their canonical names (`Image` → `image`), converted to their schema type as Heat converts them
 *   (`'512'` is the integer 512) and left out when equal to their default or, with none, to the type's empty value —
 *   Heat hands the plugin that value for a missing property, and a handler treats both alike;
 * - parameters (pseudo ones too) and pure functions resolved, so `Fn::Join` of literals is its string;
 * - what only a deploy can know (another resource's id or attribute) kept as the function, attribute names
 *   canonical (`NetworkIp` → `network_ip`), after the CFN → HOT rewrites that keep a meaning (`rewriteForHot`);
 * - a value made from a hidden parameter as `{"$heatstack:hidden": HMAC}`, keyed with the stack's salt: the record
 *   and the hash can tell that it changed, and never hold it.
 */

export interface ResourceMeaning {
  readonly type: string;
  /** Canonical names, sorted. Values: JSON data, `Call`s of resources, hidden markers. */
  readonly properties: Readonly<Record<string, unknown>>;
}

/** Which parameters are hidden, and the stack's key for their values. */
export interface HiddenValues {
  readonly names: ReadonlySet<string>;
  readonly salt: string;
}

/**
 * A hidden parameter's value is stored in the record only as this hash: enough to tell whether a value given again
 * is the same.
 */
export function hiddenHash(stackId: string, value: unknown): string {
  return createHash('sha256')
    .update(`${stackId}\0${JSON.stringify(value)}`)
    .digest('hex');
}

/** The key of a hidden value's marker: `{"$heatstack:hidden": "<hmac>"}`. */
export const HIDDEN_MARKER = '$heatstack:hidden';

export type HiddenMarker = { readonly [HIDDEN_MARKER]: string };

export function isHiddenMarker(value: unknown): value is HiddenMarker {
  return isExprMap(value) && Object.keys(value).length === 1 && typeof value[HIDDEN_MARKER] === 'string';
}

/** The meaning of every resource in `names` (rewriting the template for HOT once for them all). */
export function resourceMeanings(
  template: Template,
  names: Iterable<string>,
  parameters: Readonly<Record<string, unknown>>,
  secrets?: HiddenValues,
): Map<string, ResourceMeaning> {
  const rewritten = rewriteForHot(template);
  const out = new Map<string, ResourceMeaning>();
  for (const name of names) out.set(name, meaningIn(rewritten, name, parameters, secrets));
  return out;
}

/** The meaning of one resource. */
export function resourceMeaning(
  template: Template,
  resource: string,
  parameters: Readonly<Record<string, unknown>>,
  secrets?: HiddenValues,
): ResourceMeaning {
  const def = template.resources[resource];
  if (def === undefined) throw new Error(`no resource '${resource}' in the template`);
  // Only this resource is rewritten: the rewrites read the parameters' types, nothing of other resources.
  const alone = rewriteForHot({ ...template, resources: { [resource]: def }, outputs: {} });
  return meaningIn(
    { ...template, resources: { ...template.resources, ...alone.resources } },
    resource,
    parameters,
    secrets,
  );
}

function meaningIn(
  template: Template,
  resource: string,
  parameters: Readonly<Record<string, unknown>>,
  secrets: HiddenValues | undefined,
): ResourceMeaning {
  const def = template.resources[resource] as Template['resources'][string];
  const resolver = new Resolver(template, parameters, secrets);
  const resolved: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(def.properties)) {
    const v = resolver.resolve(value);
    if (v !== undefined) resolved[key] = v;
  }
  const type = resourceType(def.type);
  if (type === undefined) return { type: def.type, properties: sortedKeys(resolved) };
  return { type: canonicalTypeName(type), properties: canonicalProperties(type, resolved) };
}

/** One name per schema: the last of its type names (`docs/adding-a-resource-type.md`). */
function canonicalTypeName(type: ResolvedResourceType): string {
  return (type.schema.names[type.schema.names.length - 1] ?? type.name).name;
}

function canonicalProperties(type: ResolvedResourceType, resolved: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [spelled, raw] of Object.entries(resolved)) {
    const canonical = canonicalPropertyName(type, spelled);
    const schema = canonical === undefined ? undefined : type.schema.properties[canonical];
    if (canonical === undefined || schema === undefined) {
      out[spelled] = raw; // validation refuses unknown properties; kept rather than lost
      continue;
    }
    const value = canonicalValue(schema, readValue(type, canonical, raw));
    if (!isOpaque(value) && !containsOpaque(value) && sameJson(value, canonicalValue(schema, null))) continue;
    out[canonical] = value;
  }
  return sortedKeys(out);
}

/** A value converted to its schema type as Heat converts it; what cannot be known yet stays as it is. */
function canonicalValue(schema: PropertySchema, value: unknown): unknown {
  if (isOpaque(value)) return value;
  if (!containsOpaque(value)) {
    const problems: PropertyProblem[] = [];
    const converted = coerceValue(schema, value, '', problems, { applyDefaults: true });
    // A value that breaks the schema fails its create; as written, it is what changed.
    return problems.length > 0 || converted === UNKNOWN ? value : converted;
  }
  if (schema.type === 'list' && Array.isArray(value) && schema.items !== undefined) {
    const items = schema.items;
    return value.map((v) => canonicalValue(items, v));
  }
  if (schema.type === 'map' && isExprMap(value) && schema.fields !== undefined) {
    const out: Record<string, unknown> = { ...value };
    for (const [field, fieldSchema] of Object.entries(schema.fields)) {
      const given = Object.hasOwn(value, field) ? value[field] : undefined;
      if (given === undefined && fieldSchema.default === undefined) continue;
      out[field] = canonicalValue(fieldSchema, given ?? null);
    }
    return sortedKeys(out);
  }
  return value;
}

/**
 * Resolves what is known before a deploy, node by node: a function that reads no resource is evaluated (and masked
 * when it reads a hidden parameter); one that does stays a call, its arguments resolved the same way.
 */
class Resolver {
  constructor(
    private readonly template: Template,
    private readonly parameters: Readonly<Record<string, unknown>>,
    private readonly secrets: HiddenValues | undefined,
  ) {}

  /** `undefined` when a 2-argument `if` leaves the value out. */
  resolve(e: Expr): unknown {
    if (e === null || typeof e !== 'object' || isExactNumber(e)) return e;
    if (isCall(e)) return this.resolveCall(e);
    if (Array.isArray(e)) return e.map((item) => this.resolve(item)).filter((v) => v !== undefined);
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(e as Record<string, Expr>)) {
      const r = this.resolve(v);
      if (r !== undefined) Object.defineProperty(out, k, { value: r, enumerable: true, writable: true });
    }
    return out;
  }

  private resolveCall(c: Call): unknown {
    const refs = findReferences(c);
    if (refs.resources.size === 0 && !UNRESOLVABLE.has(c.fn)) {
      const value = this.tryEvaluate(c);
      if (value !== NOT_RESOLVED) {
        const hidden = [...refs.parameters].some((p) => this.secrets?.names.has(p));
        return hidden && value !== undefined ? this.mask(value) : value;
      }
    }
    const args = c.args.map((a) => this.resolve(a) as Expr);
    if (c.fn === 'get_attr') return new Call('get_attr', this.canonicalAttribute(args));
    return new Call(c.fn, args);
  }

  private tryEvaluate(c: Call): unknown {
    try {
      return evaluate(c, { template: this.template, parameters: this.parameters, resourceId: none, attribute: none });
    } catch {
      // Fails the same way at deploy: the call as written is what is compared.
      return NOT_RESOLVED;
    }
  }

  private mask(value: unknown): HiddenMarker {
    const digest = createHmac('sha256', this.secrets?.salt ?? '')
      .update(stableJson(value))
      .digest('hex');
    return { [HIDDEN_MARKER]: digest };
  }

  /** `get_attr: [Database, NetworkIp, …]` → `[Database, network_ip, …]`, by the referenced resource's type. */
  private canonicalAttribute(args: Expr[]): Expr[] {
    const [resource, attribute, ...path] = args;
    if (typeof resource !== 'string' || typeof attribute !== 'string') return args;
    const typeName = this.template.resources[resource]?.type;
    const type = typeName === undefined ? undefined : resourceType(typeName);
    const canonical = type === undefined ? undefined : canonicalAttributeName(type, attribute);
    return [resource, canonical ?? attribute, ...path];
  }
}

const NOT_RESOLVED: unique symbol = Symbol('not resolved');
const UNRESOLVABLE: ReadonlySet<string> = new Set(['yaql', 'get_file', 'resource_facade']);

function none(): never {
  throw new Error('a value known before deploy reads no resource');
}

/** A value only a deploy knows, or a masked one: compared as a whole. */
export function isOpaque(value: unknown): boolean {
  return isCall(value) || isHiddenMarker(value);
}

function containsOpaque(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (isOpaque(v)) return true;
    if (typeof v === 'object' && v !== null) for (const child of Object.values(v)) stack.push(child);
  }
  return false;
}

function sortedKeys(map: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(map).sort())
    Object.defineProperty(out, k, { value: map[k], enumerable: true, writable: true });
  return out;
}

export function sameJson(a: unknown, b: unknown): boolean {
  return stableJson(a) === stableJson(b);
}

/** JSON with object keys sorted and function calls spelled `{"fn()": args}`, so equal values hash equally. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (isCall(v)) return { [`${v.fn}()`]: v.args };
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    const sorted: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) sorted[k] = (v as Record<string, unknown>)[k];
    return sorted;
  });
}
