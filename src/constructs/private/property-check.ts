import { type Expr, isCall } from '../../template/model.js';
import { DOCKER_CONTAINER } from '../../template/resource-types/docker-container.js';
import type { PropertySchema, ResourceTypeSchema } from '../../template/resource-types/schema.js';
import { checkResourceProperties, type PropertyProblem } from '../../template/validate/properties.js';
import { camelCase } from './property-names.js';

/**
 * Whether a resource's props surely pass every check at synth, whatever attributes it is later read for: every
 * required property set, and only properties that every name of the type has and whose rule every value of one JS
 * kind meets (a string, a list of strings, a boolean). A token in a string becomes a call there, which the checks
 * skip. Cheap (no walk beyond lists of strings), so that a resource decides when it is created whether a message
 * may ever need to say where.
 */
export function propsSurelyValid(schema: ResourceTypeSchema, props: object): boolean {
  const { kinds, required } = plainRulesOf(schema);
  for (const key of required) if (typeof (props as Record<string, unknown>)[key] !== kinds.get(key)) return false;
  for (const key in props) {
    const value = (props as Record<string, unknown>)[key];
    if (value === undefined) continue;
    const kind = kinds.get(key);
    if (kind === undefined) return false;
    if (kind !== 'strings') {
      if (typeof value !== kind) return false;
      continue;
    }
    // A list of strings, checked here rather than in a function of its own: this runs for every resource created.
    if (!Array.isArray(value)) return false;
    for (const item of value) if (typeof item !== 'string') return false;
  }
  return true;
}

/** `propsSurelyValid` for the Docker container's props. */
export function containerPropsSurelyValid(props: object): boolean {
  return propsSurelyValid(DOCKER_CONTAINER, props);
}

type PlainKind = 'string' | 'boolean' | 'strings';

interface PlainRules {
  /** camelCase prop → the JS kind whose every value its rule accepts, for the properties of every type name. */
  readonly kinds: ReadonlyMap<string, PlainKind>;
  /** The required props (camelCase); one with no plain kind makes no props surely valid. */
  readonly required: readonly string[];
}

const PLAIN_RULES = new WeakMap<ResourceTypeSchema, PlainRules>();

function plainRulesOf(schema: ResourceTypeSchema): PlainRules {
  let rules = PLAIN_RULES.get(schema);
  if (rules === undefined) {
    const kinds = new Map<string, PlainKind>();
    for (const [name, property] of Object.entries(schema.properties)) {
      const kind = plainKind(property);
      if (kind !== undefined && schema.names.every((n) => name in n.properties)) kinds.set(camelCase(name), kind);
    }
    const required = Object.entries(schema.properties)
      .filter(([, p]) => p.required === true)
      .map(([name]) => camelCase(name));
    rules = { kinds, required };
    PLAIN_RULES.set(schema, rules);
  }
  return rules;
}

function plainKind(schema: PropertySchema): PlainKind | undefined {
  if (schema.constraints !== undefined && schema.constraints.length > 0) return undefined;
  if (schema.type === 'string' || schema.type === 'boolean') return schema.type;
  if (schema.type === 'list' && schema.items !== undefined && plainKind(schema.items) === 'string') return 'strings';
  return undefined;
}

/**
 * `checkResourceProperties` (the one set of rules, shared with template validation and deploy), remembered by the
 * literal shape of the properties. The check skips function calls, so two containers whose properties differ only
 * inside calls — the 10,000 links of a chain, the replicas of a service — get the same answer, computed once.
 * Looked up by a hash of that shape, then confirmed by comparing with the properties first checked: nothing is
 * allocated for a container whose shape was seen before.
 */
export function checkProperties(
  typeName: string,
  properties: Readonly<Record<string, Expr>>,
): readonly PropertyProblem[] {
  const hash = mix(hashOf(properties, 0x811c9dc5), hashText(typeName, 0));
  const bucket = CHECKED.get(hash);
  if (bucket !== undefined) {
    for (const seen of bucket) {
      if (seen.typeName === typeName && sameShape(seen.properties, properties)) return seen.problems;
    }
  }
  const problems = checkResourceProperties(typeName, properties);
  if (remembered >= MAX_REMEMBERED) {
    CHECKED.clear();
    remembered = 0;
  }
  const entry = { typeName, properties, problems };
  if (bucket === undefined) CHECKED.set(hash, [entry]);
  else bucket.push(entry);
  remembered++;
  return problems;
}

interface Checked {
  readonly typeName: string;
  readonly properties: Readonly<Record<string, Expr>>;
  readonly problems: readonly PropertyProblem[];
}

const MAX_REMEMBERED = 10_000;
const CHECKED = new Map<number, Checked[]>();
let remembered = 0;

function mix(h: number, x: number): number {
  return Math.imul(h ^ x, 0x01000193) >>> 0;
}

function hashText(s: string, h: number): number {
  h = mix(h, s.length);
  for (let i = 0; i < s.length; i++) h = mix(h, s.charCodeAt(i));
  return h;
}

/** A hash of the value with every call as one mark and types kept apart. Recursive in the value's depth only. */
function hashOf(value: Expr, h: number): number {
  switch (typeof value) {
    case 'string':
      return hashText(value, mix(h, 1));
    case 'number':
      return hashText(String(value), mix(h, 2));
    case 'boolean':
      return mix(h, value ? 3 : 4);
    default:
      if (value === null) return mix(h, 5);
      if (isCall(value)) return mix(h, 6);
      if (Array.isArray(value)) {
        h = mix(h, 7);
        for (const item of value) h = hashOf(item, h);
        return mix(h, 8);
      }
      h = mix(h, 9);
      for (const key in value) h = hashOf((value as Readonly<Record<string, Expr>>)[key]!, hashText(key, h));
      return mix(h, 10);
  }
}

/** Equal, except inside calls (any call equals any call); keys in the same order. */
function sameShape(a: Expr, b: Expr): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    return typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b);
  }
  if (isCall(a) || isCall(b)) return isCall(a) && isCall(b);
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameShape(a[i] as Expr, b[i] as Expr)) return false;
    return true;
  }
  const ma = a as Readonly<Record<string, Expr>>;
  const mb = b as Readonly<Record<string, Expr>>;
  const keysA: string[] = [];
  for (const key in ma) keysA.push(key);
  let i = 0;
  for (const key in mb) {
    if (keysA[i] !== key || !sameShape(ma[key]!, mb[key]!)) return false;
    i++;
  }
  return i === keysA.length;
}
