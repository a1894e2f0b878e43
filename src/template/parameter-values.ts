import { HeatstackError } from '../errors.js';
import { checkCustomConstraint } from './custom-constraints.js';
import { pathOf } from './diagnostics.js';
import { pyRepr } from './evaluate/env.js';
import { pyEqual, pyJsonDumps, pyNumberOfString, pyStr, pyStrOfData } from './evaluate/python.js';
import { type ExactNumber, isExactNumber, isModelNumber, numberValue } from './exact-number.js';
import { HIDDEN_MASK, maskQuoted, redactTexts, secretTexts } from './hidden-values.js';
import type { Dialect, Expr, ParameterConstraint, ParameterDef, ParameterType, Template } from './model.js';
import { isCall } from './model.js';
import { parseJsonExactly } from './parse/json-numbers.js';
import { fullMatch } from './validate/coerce.js';
import { shownPyStr } from './validate/shown-value.js';

export { redactTexts, secretTexts } from './hidden-values.js';

/**
 * Template parameters as Heat treats them (`heat/engine/parameters.py`, `heat/engine/hot/parameters.py`):
 * typed values from the strings a user gives, defaults, constraints, and the pseudo parameters a stack has.
 */

export interface ParameterProblem {
  readonly path: string;
  readonly message: string;
}

/** Parameter values that are missing, unknown or break their type or constraints; lists every problem. */
export class ParameterError extends HeatstackError {
  override name = 'ParameterError';
  constructor(readonly problems: readonly ParameterProblem[]) {
    super(
      problems.length === 1
        ? `${problems[0]?.path}: ${problems[0]?.message}`
        : `Invalid parameters:\n${problems.map((p) => `  ${p.path}: ${p.message}`).join('\n')}`,
    );
  }
}

/** The pseudo parameters each dialect gives every stack (Heat: `cfn/parameters.py`, `hot/parameters.py`). */
export const PSEUDO_PARAMETERS: Readonly<Record<Dialect, readonly string[]>> = {
  cfn: ['AWS::StackId', 'AWS::StackName', 'AWS::Region'],
  hot: ['OS::stack_id', 'OS::stack_name', 'OS::project_id'],
};

/** heatstack runs one local "project"; Heat would give the Keystone project (tenant) id. */
export const LOCAL_PROJECT_ID = 'heatstack';
/** Heat's only region for `AWS::Region` (its default). */
export const DEFAULT_REGION = 'ap-southeast-1';

/** Whether `name` is a parameter of the template marked `NoEcho`/`hidden` (an own key: not `constructor`). */
function isHiddenParameter(template: Template, name: string): boolean {
  return Object.hasOwn(template.parameters, name) && template.parameters[name]?.hidden === true;
}

export function isPseudoParameter(template: Template, name: string): boolean {
  return PSEUDO_PARAMETERS[template.version.dialect].includes(name);
}

/** `Parameters.DbPassword` (CFN) / `parameters.db_password` (HOT). */
export function parameterPath(template: Template, name: string, ...rest: (string | number)[]): string {
  return pathOf(template.version.dialect === 'cfn' ? 'Parameters' : 'parameters', name, ...rest);
}

/**
 * Every parameter's typed value: given values (strings, as on a command line) converted to their type, defaults
 * otherwise, plus the dialect's pseudo parameters. Throws one `ParameterError` listing every problem: unknown
 * names, missing values, values that break their type or constraints.
 */
export function resolveParameters(
  template: Template,
  given: Readonly<Record<string, string>>,
  pseudo: { stackName: string; stackId: string },
): Record<string, unknown> {
  const problems: ParameterProblem[] = [];
  // A Map, then `fromEntries`: a parameter named `__proto__` is a value like any other, not the object's prototype.
  const values = new Map(Object.entries(pseudoParameterValues(template, pseudo)));
  for (const name of Object.keys(given)) {
    if (!Object.hasOwn(template.parameters, name)) {
      problems.push({ path: parameterPath(template, name), message: unknownParameterMessage(name) });
    }
  }
  for (const [name, def] of Object.entries(template.parameters)) {
    const raw = Object.hasOwn(given, name) ? given[name] : undefined;
    const checked = checkParameterValue(template, name, def, raw, true);
    problems.push(...checked.problems);
    if (checked.problems.length === 0) values.set(name, checked.value);
  }
  if (problems.length > 0) throw new ParameterError(problems);
  return Object.fromEntries(values);
}

export function pseudoParameterValues(
  template: Template,
  pseudo: { stackName: string; stackId: string },
): Record<string, unknown> {
  if (template.version.dialect === 'cfn') {
    return {
      'AWS::StackId': `arn:openstack:heat::${LOCAL_PROJECT_ID}:stacks/${pseudo.stackName}/${pseudo.stackId}`,
      'AWS::StackName': pseudo.stackName,
      'AWS::Region': DEFAULT_REGION,
    };
  }
  return { 'OS::stack_id': pseudo.stackId, 'OS::stack_name': pseudo.stackName, 'OS::project_id': LOCAL_PROJECT_ID };
}

export function unknownParameterMessage(name: string): string {
  return `The Parameter (${name}) was not defined in template.`;
}

/**
 * One parameter's value — the given one, else its default — converted to its type and checked against its
 * constraints. `requireValue`: a parameter with neither is a problem (deploy), or simply has no value (validate).
 */
export function checkParameterValue(
  template: Template,
  name: string,
  def: ParameterDef,
  given: string | undefined,
  requireValue: boolean,
): { value?: unknown; problems: ParameterProblem[] } {
  const path = parameterPath(template, name);
  const raw: unknown = given ?? (isCall(def.default) ? undefined : def.default);
  if (raw === undefined || raw === null) {
    return { problems: requireValue ? [{ path, message: `The Parameter (${name}) was not provided.` }] : [] };
  }
  const typed = parseParameterValue(def.type, raw);
  const secrets = def.hidden ? [...secretTexts(raw), ...('value' in typed ? secretTexts(typed.value) : [])] : [];
  // A type error quotes the value itself, whatever its length: that quote is masked as a whole.
  const quoted = def.hidden ? [...new Set([raw, 'value' in typed ? typed.value : raw])].map(shownPyStr) : [];
  const shown = (message: string) => redactTexts(maskQuoted(message, quoted), secrets);
  if ('error' in typed) return { problems: [{ path, message: shown(typed.error) }] };
  // Heat checks a string parameter's default as it is, not its str() (`StringParam._validate`): a list or map by
  // its items, a number has no length.
  const checked = def.type === 'string' ? raw : typed.value;
  const problems = constraintProblems(def, checked).map((message) => ({ path, message: shown(message) }));
  return { value: typed.value, problems };
}

/** A hidden parameter's value never reaches a message (or a log): it reads `******` there. */
export function redactValue(message: string, value: unknown): string {
  return redactTexts(message, secretTexts(value));
}

/** The texts of every hidden parameter's value among `values` (given strings or typed values). */
export function hiddenParameterTexts(template: Template, values: Readonly<Record<string, unknown>>): string[] {
  const texts: string[] = [];
  for (const [name, value] of Object.entries(values)) {
    if (isHiddenParameter(template, name)) texts.push(...secretTexts(value));
  }
  return texts;
}

/** A value as its parameter type: Heat's `NumberParam`, `CommaDelimitedListParam`, `JsonParam`, `BooleanParam`. */
export function parseParameterValue(type: ParameterType, raw: unknown): { value: unknown } | { error: string } {
  switch (type) {
    case 'string':
      // Heat's `StringParam` takes any default and gives `str()` of it.
      return { value: isListOrMap(raw) ? pyStrOfData(raw) : pyStr(raw) };
    case 'number':
      return parseNumber(raw);
    case 'boolean':
      return parseBoolean(raw);
    case 'comma_delimited_list':
      if (Array.isArray(raw)) return { value: raw.map(pyStr) };
      if (typeof raw !== 'string') return { error: `Value must be a comma-delimited list string: ${shownPyStr(raw)}` };
      return { value: raw === '' ? [] : raw.split(',') };
    case 'json':
      return parseJson(raw);
    default:
      // The parser admits only the five types; a model built in code may hold anything.
      return { error: `Invalid type (${String(type satisfies never)})` };
  }
}

/** Messages for every constraint the (typed) value breaks; a constraint's own description replaces Heat's text. */
export function constraintProblems(def: ParameterDef, value: unknown): string[] {
  const out: string[] = [];
  for (const c of def.constraints) {
    const broken = brokenConstraint(c, def.type, value, def.hidden === true);
    if (broken !== undefined) out.push(c.description ?? broken);
  }
  return out;
}

/** Why `value` breaks `c`, quoting the value (as `******` when it is hidden), or undefined when it does not. */
function brokenConstraint(
  c: ParameterConstraint,
  type: ParameterType,
  value: unknown,
  hidden: boolean,
): string | undefined {
  const print = (printer: (v: unknown) => string) => (hidden ? HIDDEN_MASK : printer(value));
  switch (c.kind) {
    case 'allowed_values': {
      const allowed = c.values.map((a) => pyJsonDumps(a)).join(', ');
      // A string parameter's list default: each item with Python's `in` (`1` is not `'1'`).
      const sameItem = (a: unknown, v: unknown) => (type === 'string' ? pyEqual(a, v) : sameValue(type, a, v));
      const ok = Array.isArray(value)
        ? value.every((v) => c.values.some((a) => sameItem(a, v)))
        : c.values.some((a) => sameValue(type, a, value));
      return ok ? undefined : `${print(pyJsonDumps)} is not an allowed value [${allowed}]`;
    }
    case 'allowed_pattern':
      if (type === 'string' && value !== null && typeof value !== 'string') {
        return `expected string or bytes-like object, got '${pyTypeName(value)}'`;
      }
      if (typeof value !== 'string' || fullMatch(c.pattern, value)) return undefined;
      return `"${print(String)}" does not match pattern "${c.pattern}"`;
    case 'length': {
      if (type === 'string' && (isModelNumber(value) || typeof value === 'boolean')) {
        return `object of type '${pyTypeName(value)}' has no len()`;
      }
      const n = lengthOf(value);
      if (n === undefined || within(n, c.min, c.max)) return undefined;
      return `length (${n}) is out of range (min: ${pyNone(c.min)}, max: ${pyNone(c.max)})`;
    }
    case 'range': {
      if (!isModelNumber(value) || within(numberValue(value), c.min, c.max)) return undefined;
      return `${print(pyStr)} is out of range (min: ${pyNone(c.min)}, max: ${pyNone(c.max)})`;
    }
    case 'modulo': {
      if (!isModelNumber(value) || pyMod(numberValue(value), c.step) === c.offset) return undefined;
      return `${print(pyStr)} is not a multiple of ${c.step} with an offset of ${c.offset}`;
    }
    case 'custom_constraint': {
      // Those Heat checks offline are checked; those that ask an OpenStack service (`nova.flavor`) cannot be.
      const verdict = checkCustomConstraint(c.name, isListOrMap(value) ? pyStrOfData(value) : value);
      if (verdict.kind === 'invalid') return `Error validating value ${print(pyRepr)}: ${verdict.message}`;
      if (verdict.kind === 'unknown') return `${print(pyJsonDumps)} ${verdict.message}`;
      return undefined;
    }
  }
}

/** Redacts hidden (`NoEcho`/`hidden`) parameters, for storing or printing values. */
export function redactHiddenParameters(
  template: Template,
  values: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(values).map(([name, value]) => [name, isHiddenParameter(template, name) ? HIDDEN_MASK : value]),
  );
}

/** The default as a plain value, or undefined when there is none or it is an expression. */
export function literalDefault(def: ParameterDef): Expr | undefined {
  return isCall(def.default) ? undefined : def.default;
}

/** Heat's `Schema.str_to_num`: `int()` of the text, else `float()` — `'5.0'` stays the float `5.0`, `'1e3'` is `1000.0`. */
function parseNumber(raw: unknown): { value: number | ExactNumber } | { error: string } {
  if (isModelNumber(raw)) return { value: raw };
  if (typeof raw === 'boolean') return { value: raw ? 1 : 0 };
  if (typeof raw === 'string') {
    const n = pyNumberOfString(raw);
    if (n !== undefined && (typeof n !== 'number' || Number.isFinite(n))) return { value: n };
  }
  return { error: `Value "${shownPyStr(raw)}" is invalid for data type "number".` };
}

/** oslo `bool_from_string(strict=True)`. */
function parseBoolean(raw: unknown): { value: boolean } | { error: string } {
  if (typeof raw === 'boolean') return { value: raw };
  // A list or map is never one of the words (its `str()` starts with a bracket).
  const s = typeof raw === 'object' && raw !== null ? '' : pyStr(raw).trim().toLowerCase();
  if (['1', 't', 'true', 'on', 'y', 'yes'].includes(s)) return { value: true };
  if (['0', 'f', 'false', 'off', 'n', 'no'].includes(s)) return { value: false };
  return {
    error: `Unrecognized value '${shownPyStr(raw)}', acceptable values are: '0', '1', 'f', 'false', 'n', 'no', 'off', 'on', 't', 'true', 'y', 'yes'`,
  };
}

function parseJson(raw: unknown): { value: unknown } | { error: string } {
  if (typeof raw !== 'string') return { value: raw };
  if (raw === '') return { value: raw };
  try {
    return { value: parseJsonExactly(raw) };
  } catch (e) {
    return { error: `Value must be valid JSON: ${(e as Error).message}` };
  }
}

function sameValue(type: ParameterType, allowed: unknown, value: unknown): boolean {
  if (type === 'number') return Number(allowed) === Number(value);
  if (type === 'boolean') {
    const a = parseBoolean(allowed);
    return 'value' in a && a.value === value;
  }
  if (type === 'string' || type === 'comma_delimited_list') return pyStr(allowed) === pyStr(value);
  return pyEqual(allowed, value);
}

/** Python's name of a value's type, as its `TypeError`s print it. */
function pyTypeName(value: unknown): string {
  if (typeof value === 'boolean') return 'bool';
  if (isExactNumber(value)) return value.isFloat ? 'float' : 'int';
  if (typeof value === 'number') return Number.isInteger(value) && !Object.is(value, -0) ? 'int' : 'float';
  return Array.isArray(value) ? 'list' : 'dict';
}

function isListOrMap(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !isExactNumber(value);
}

function lengthOf(value: unknown): number | undefined {
  if (typeof value === 'string') return [...value].length;
  if (Array.isArray(value)) return value.length;
  if (isListOrMap(value)) return Object.keys(value).length;
  return undefined;
}

function within(n: number, min: number | undefined, max: number | undefined): boolean {
  return (min === undefined || n >= min) && (max === undefined || n <= max);
}

function pyMod(a: number, b: number): number {
  return ((a % b) + b) % b;
}

function pyNone(n: number | undefined): string {
  return n === undefined ? 'None' : String(n);
}
