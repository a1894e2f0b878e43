import { checkCustomConstraint } from '../custom-constraints.js';
import { pyRepr } from '../evaluate/env.js';
import { pyJsonDumps } from '../evaluate/python.js';
import { isExactNumber, isListOrMap } from '../exact-number.js';
import { isCall } from '../model.js';
import type { PropertyConstraint, PropertySchema } from '../resource-types/index.js';
import { shownJson } from './shown-value.js';

/**
 * Heat's conversion of one property value to its schema type, then its constraints (`heat/engine/properties.py`
 * `Property.get_value`, `heat/engine/constraints.py`). Shared by the template check (values may still be
 * unresolved `Call`s, which are skipped) and by deploy-time normalisation (values are resolved).
 */

export interface Problem {
  readonly path: string;
  readonly message: string;
  /** Set when only heatstack objects, not Heat (its plugin accepts the value, but heatstack cannot deploy it). */
  readonly severity?: 'warning';
}

/** Marks a value that cannot be known before deploy (a function call): checks stop there. */
export const UNKNOWN: unique symbol = Symbol('unknown');
type Coerced = unknown | typeof UNKNOWN;

export interface CoerceOptions {
  /** Heat fills a missing nested field with its default; a template check leaves them out. */
  readonly applyDefaults: boolean;
  /** `false`: types only, as Heat checks a value that needs a resource not created yet (`validate=False`). */
  readonly constraints?: boolean;
}

/** Joins a child onto a property path: `Env` + 0 → `Env[0]`, `restart_policy` + `Name` → `restart_policy.Name`. */
export function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path === '' ? key : `${path}.${key}`;
}

/** Converts `value` to `schema`'s type as Heat does, checks constraints, and records problems under `path`. */
export function coerceValue(
  schema: PropertySchema,
  value: unknown,
  path: string,
  problems: Problem[],
  options: CoerceOptions,
): Coerced {
  if (isCall(value)) return UNKNOWN;
  // Heat treats an explicit null as "not given": the default applies (`Property.get_value(None)`).
  const given = value === null || value === undefined ? defaultOf(schema) : value;
  let converted: Coerced;
  try {
    converted = convert(schema, given, path, problems, options);
  } catch (e) {
    if (!(e instanceof TypeMismatch)) throw e;
    problems.push({ path, message: e.message });
    return UNKNOWN;
  }
  if (options.constraints !== false && converted !== UNKNOWN && !containsUnknown(converted))
    checkConstraints(schema, converted, path, problems);
  return converted;
}

/** Applies a map schema's `fields`: unknown keys, required keys, each field's own value. */
export function coerceFields(
  fields: Readonly<Record<string, PropertySchema>>,
  value: Readonly<Record<string, unknown>>,
  path: string,
  problems: Problem[],
  options: CoerceOptions,
  spell: (field: string) => string = (f) => f,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const bySpelling = new Map(Object.keys(fields).map((f) => [spell(f), f]));
  for (const key of Object.keys(value)) {
    if (bySpelling.has(key)) continue;
    problems.push({ path: childPath(path, key), message: unknownPropertyMessage(key, [...bySpelling.keys()]) });
  }
  for (const [spelled, field] of bySpelling) {
    const schema = fields[field] as PropertySchema;
    const raw = Object.hasOwn(value, spelled) ? value[spelled] : undefined;
    if (raw === undefined && schema.required) {
      problems.push({ path: childPath(path, spelled), message: `Property ${spelled} not assigned` });
      continue;
    }
    if (raw !== undefined && schema.implemented === false) {
      problems.push({ path: childPath(path, spelled), message: `Property ${spelled} not implemented yet` });
      continue;
    }
    if (raw === undefined && !(options.applyDefaults && schema.default !== undefined)) continue;
    const v = coerceValue(schema, raw, childPath(path, spelled), problems, options);
    if (v !== UNKNOWN) out[options.applyDefaults ? field : spelled] = v;
  }
  return out;
}

export function unknownPropertyMessage(key: string, known: readonly string[]): string {
  const suggestion = closest(key, known);
  return `Unknown Property ${key}${suggestion ? ` (did you mean '${suggestion}'?)` : ''}`;
}

/** The known name nearest to `name` by edit distance (case-insensitive), when it is near enough to be a typo. */
export function closest(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  const limit = Math.max(2, Math.floor(name.length / 3));
  let bestDistance = limit + 1;
  const lower = name.toLowerCase();
  for (const k of known) {
    // The distance is at least the difference in length: most names need no comparison (200 type names).
    if (Math.abs(k.length - name.length) >= bestDistance) continue;
    const d = editDistance(lower, k.toLowerCase());
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row.push(Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost));
    }
    prev = row;
  }
  return prev[b.length] as number;
}

class TypeMismatch extends Error {}

function defaultOf(schema: PropertySchema): unknown {
  if (schema.default !== undefined) return schema.default;
  // Heat's per-type empty value when a property has no default (`_get_string` → '', `_get_list` → [], …).
  switch (schema.type) {
    case 'string':
      return '';
    case 'integer':
    case 'number':
      return 0;
    case 'boolean':
      return false;
    case 'list':
      return [];
    case 'map':
      return {};
    case 'any':
      return null;
  }
}

function convert(
  schema: PropertySchema,
  value: unknown,
  path: string,
  problems: Problem[],
  options: CoerceOptions,
): Coerced {
  switch (schema.type) {
    case 'string':
      return toHeatString(value);
    case 'integer':
      return toHeatInteger(value);
    case 'number':
      return toHeatNumber(value);
    case 'boolean':
      return toHeatBoolean(value);
    case 'list':
      return convertList(schema, value, path, problems, options);
    case 'map':
      return convertMap(schema, value, path, problems, options);
    case 'any':
      return value;
  }
}

/**
 * Heat accepts booleans and integers where a string is expected, as Python's `str()` spells them; a float (`1.0`,
 * `-0.0`, `1.5`) is refused.
 */
export function toHeatString(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number' && Number.isInteger(value) && !Object.is(value, -0)) return String(value);
  if (isExactNumber(value) && !value.isFloat) return value.text;
  throw new TypeMismatch(`Value must be a string; got ${show(value)}`);
}

/** Python's `int()`: integral strings (with sign, blanks, `_`), numbers (truncated) and booleans. */
export function toHeatInteger(value: unknown): number {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (isExactNumber(value)) return Math.trunc(value.value);
  if (typeof value === 'number' && Number.isFinite(value)) return Math.trunc(value);
  if (typeof value === 'string' && /^\s*[+-]?\d+(_\d+)*\s*$/.test(value)) return Number(value.replace(/_/g, ''));
  throw new TypeMismatch(`Value '${plain(value)}' is not an integer`);
}

/** Heat's `str_to_num`: a number as is, else `int()` or `float()` of the string. */
export function toHeatNumber(value: unknown): number {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number') return value;
  if (isExactNumber(value)) return value.value;
  if (typeof value === 'string') {
    const t = value.trim().replace(/_/g, '');
    const n = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t) ? Number(t) : Number.NaN;
    if (!Number.isNaN(n)) return n;
    if (/^[+-]?(inf|infinity|nan)$/i.test(t)) return Number(t.replace(/inf(inity)?/i, 'Infinity'));
  }
  throw new TypeMismatch(`Value '${plain(value)}' is not a number`);
}

/** Heat takes a boolean or the strings `true`/`false` in any case — not integers. */
export function toHeatBoolean(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
  throw new TypeMismatch(`"${plain(value)}" is not a valid boolean`);
}

function convertList(
  schema: PropertySchema,
  value: unknown,
  path: string,
  problems: Problem[],
  options: CoerceOptions,
): Coerced {
  if (!Array.isArray(value)) throw new TypeMismatch(`${show(value)} is not a list`);
  const items = schema.items;
  if (items === undefined) return value;
  return value.map((item, i) => coerceValue(items, item, childPath(path, i), problems, options));
}

function convertMap(
  schema: PropertySchema,
  value: unknown,
  path: string,
  problems: Problem[],
  options: CoerceOptions,
): Coerced {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || isExactNumber(value)) {
    throw new TypeMismatch(`${show(value)} is not a map`);
  }
  const map = value as Record<string, unknown>;
  return schema.fields === undefined ? map : coerceFields(schema.fields, map, path, problems, options);
}

function containsUnknown(value: unknown): boolean {
  if (Array.isArray(value)) return value.includes(UNKNOWN);
  if (typeof value === 'object' && value !== null) return Object.values(value).includes(UNKNOWN);
  return false;
}

function checkConstraints(schema: PropertySchema, value: unknown, path: string, problems: Problem[]): void {
  for (const c of schema.constraints ?? []) {
    const message = constraintViolation(c, schema, value);
    if (message !== undefined) problems.push({ path, message });
  }
}

/** Heat's message for a value that breaks a constraint, or undefined when it holds. */
export function constraintViolation(
  c: PropertyConstraint,
  schema: Pick<PropertySchema, 'type'>,
  value: unknown,
): string | undefined {
  switch (c.kind) {
    case 'allowed_values': {
      const ok = Array.isArray(value)
        ? value.every((v) => c.values.includes(v as string | number))
        : c.values.some((a) => sameScalar(schema.type, a, value));
      return ok
        ? undefined
        : `${pyJsonDumps(value)} is not an allowed value [${c.values.map((a) => pyJsonDumps(a)).join(', ')}]`;
    }
    case 'allowed_pattern': {
      if (typeof value !== 'string') return undefined;
      return fullMatch(c.pattern, value) ? undefined : `"${value}" does not match pattern "${c.pattern}"`;
    }
    case 'length': {
      const length = lengthOf(value);
      if (length === undefined || inRange(length, c.min, c.max)) return undefined;
      return `length (${length}) is out of range (${bounds(c.min, c.max)})`;
    }
    case 'range': {
      if (typeof value !== 'number' || inRange(value, c.min, c.max)) return undefined;
      return `${value} is out of range (${bounds(c.min, c.max)})`;
    }
    case 'custom_constraint': {
      const verdict = checkCustomConstraint(c.name, value);
      if (verdict.kind === 'invalid') return `Error validating value ${pyRepr(value)}: ${verdict.message}`;
      if (verdict.kind === 'unknown') return `${pyJsonDumps(value)} ${verdict.message}`;
      return undefined;
    }
  }
}

/** Python `re.match` anchored at both ends, as Heat's AllowedPattern checks. A pattern that does not compile fails. */
export function fullMatch(pattern: string, value: string): boolean {
  const re = compilePattern(pattern);
  const m = re?.exec(value);
  return m !== null && m !== undefined && m[0].length === value.length;
}

const COMPILED = new Map<string, RegExp | undefined>();

/** A Python regular expression as a JavaScript one anchored at the start (`re.match`), or undefined if invalid. */
export function compilePattern(pattern: string): RegExp | undefined {
  if (COMPILED.has(pattern)) return COMPILED.get(pattern);
  // Python's named groups are spelled differently; everything else Heat templates use is common syntax.
  let js = pattern.replace(/\(\?P<([A-Za-z_]\w*)>/g, '(?<$1>').replace(/\(\?P=([A-Za-z_]\w*)\)/g, '\\k<$1>');
  // A leading inline flag group (`(?i)`) becomes JavaScript flags.
  const inline = /^\(\?([aiLmsux]+)\)/.exec(js);
  const extra = inline ? [...(inline[1] as string)].filter((f) => 'ims'.includes(f)).join('') : '';
  if (inline) js = js.slice(inline[0].length);
  let re: RegExp | undefined;
  for (const flags of [`u${extra}`, extra]) {
    try {
      re = new RegExp(`^(?:${js})`, flags);
      // V8 compiles a pattern at its first use: one too large to compile ("Regular expression too large") throws
      // there, so it is made to compile here, where a failure means "does not compile".
      re.exec('');
      break;
    } catch {
      re = undefined;
    }
  }
  COMPILED.set(pattern, re);
  return re;
}

function sameScalar(type: string, allowed: unknown, value: unknown): boolean {
  if (type === 'integer' || type === 'number') return Number(allowed) === Number(value);
  if (type === 'string') return String(allowed) === String(value);
  return allowed === value;
}

function lengthOf(value: unknown): number | undefined {
  if (typeof value === 'string' || Array.isArray(value)) return [...(value as string | unknown[])].length;
  if (isListOrMap(value)) return Object.keys(value).length;
  return undefined;
}

function inRange(n: number, min: number | undefined, max: number | undefined): boolean {
  return (min === undefined || n >= min) && (max === undefined || n <= max);
}

function bounds(min: number | undefined, max: number | undefined): string {
  return [min === undefined ? '' : `min: ${min}`, max === undefined ? '' : `max: ${max}`].filter(Boolean).join(', ');
}

function plain(value: unknown): string {
  return typeof value === 'string' ? value : show(value);
}

function show(value: unknown): string {
  if (value === UNKNOWN) return '<unresolved>';
  try {
    if (isExactNumber(value)) return value.text;
    return typeof value === 'string' ? `'${value}'` : (shownJson(value) ?? String(value));
  } catch {
    // JSON.stringify (and String) recurse: a value nested too deep for them gets a stand-in.
    return '(a deeply nested value)';
  }
}
