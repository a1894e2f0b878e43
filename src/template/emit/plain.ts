import { isExactNumber } from '../exact-number.js';
import { hotVersionsWith, spellingFor, WriteError, writeConditionReference } from '../functions/index.js';
import type { FnContext } from '../functions/spellings.js';
import {
  type Call,
  type Expr,
  type FnName,
  isCall,
  type OutputDef,
  type ParameterDef,
  type ParameterType,
  type ResourceDef,
  type TemplateVersion,
} from '../model.js';
import { type ResourceKeyWriter, writeResourceKeys } from './resource-keys.js';
import { fail, type MutableMap, type Shaper, setKey } from './shaper.js';
import type { Plain, PlainMap } from './yaml-writer.js';

/**
 * Template → the plain data of a template file: expressions with their functions spelt for the version, parameters,
 * resources and outputs. A canonical construct the target cannot express throws a `TemplateEmitError`.
 */

export function exprToPlain(e: Expr, s: Shaper, context: FnContext): Plain {
  if (e === null || typeof e !== 'object' || isExactNumber(e)) return e;
  if (isCall(e)) return callToPlain(e, s, context);
  if (Array.isArray(e)) {
    const list = e as readonly Expr[];
    const out: Plain[] = new Array(list.length);
    for (let i = 0; i < list.length; i++) {
      s.path.push(i);
      out[i] = exprToPlain(list[i] as Expr, s, context);
      s.path.pop();
    }
    return out;
  }
  const out: MutableMap = {};
  let keys = 0;
  let onlyKey = '';
  for (const k in e) {
    s.path.push(k);
    setKey(out, k, exprToPlain((e as Record<string, Expr>)[k] as Expr, s, context));
    s.path.pop();
    keys++;
    onlyKey = k;
  }
  if (keys === 1 && s.readsAsFunction(onlyKey, context)) {
    fail(s, `the map {${onlyKey}: …} would be read back as a call of the function ${onlyKey}, not as data`);
  }
  return out;
}

export function callToPlain(c: Call, s: Shaper, context: FnContext): Plain {
  try {
    if (c.fn === 'condition') return writeConditionReference(c) as string;
    const spelling = s.spelling(c.fn);
    if (spelling === undefined)
      return fail(s, `the function ${c.fn} cannot be expressed here${unavailableHint(c.fn, s.version)}`, c);
    const problem = s.problemReading(spelling.name, context);
    if (problem !== undefined) return fail(s, problem, c);
    s.path.push(spelling.name);
    const args: Expr[] = new Array(c.args.length);
    for (let i = 0; i < c.args.length; i++) {
      const argContext = context === 'condition' || (spelling.firstArgIsCondition && i === 0) ? 'condition' : 'value';
      s.path.push(i);
      args[i] = exprToPlain(c.args[i] as Expr, s, argContext) as Expr;
      s.path.pop();
    }
    s.path.pop();
    const raw = spelling.write?.(args, { hotDate: s.hotDate }) as Plain;
    return { [spelling.name]: raw };
  } catch (err) {
    if (err instanceof WriteError) return fail(s, err.message, c);
    throw err;
  }
}

/** Which versions could write `fn`, for the message when this one cannot. */
function unavailableHint(fn: FnName, version: TemplateVersion): string {
  const dates = hotVersionsWith(fn);
  const hot =
    dates.length === 0
      ? 'no HOT version has it'
      : dates.length === 1
        ? `HOT has it in ${dates[0]} only`
        : `HOT has it in ${dates[0]} … ${dates[dates.length - 1]}`;
  const inCfn = spellingFor(fn, { dialect: 'cfn', key: 'AWSTemplateFormatVersion', value: '2010-09-09' }) !== undefined;
  if (version.dialect === 'cfn')
    return inCfn ? " (it needs AWSTemplateFormatVersion: '2010-09-09')" : ` (CFN has no such function; ${hot})`;
  return ` (${hot}${inCfn ? '; CFN has it' : ''})`;
}

/** Data Heat does not parse for functions (parameter defaults, mappings): written as it is. */
export function literalToPlain(e: Expr, s: Shaper): Plain {
  if (e === null || typeof e !== 'object' || isExactNumber(e)) return e;
  if (isCall(e)) return fail(s, `a function (${e.fn}) cannot appear here: Heat reads this value as plain data`);
  if (Array.isArray(e)) return (e as readonly Expr[]).map((x) => literalToPlain(x, s));
  const out: MutableMap = {};
  for (const k in e) setKey(out, k, literalToPlain((e as Record<string, Expr>)[k] as Expr, s));
  return out;
}

function plainAt(e: Expr, s: Shaper, key: string, context: FnContext = 'value'): Plain {
  s.path.push(key);
  const plain = exprToPlain(e, s, context);
  s.path.pop();
  return plain;
}

const CFN_PARAMETER_TYPES: Readonly<Record<ParameterType, string>> = {
  string: 'String',
  number: 'Number',
  comma_delimited_list: 'CommaDelimitedList',
  json: 'Json',
  boolean: 'Boolean',
};

export function shapeParameter(p: ParameterDef, s: Shaper): PlainMap {
  return s.version.dialect === 'cfn' ? cfnParameter(p, s) : hotParameter(p, s);
}

function cfnParameter(p: ParameterDef, s: Shaper): PlainMap {
  const out: MutableMap = { Type: CFN_PARAMETER_TYPES[p.type] };
  if (p.default !== undefined) out.Default = s.at('Default', () => literalToPlain(p.default as Expr, s));
  if (p.description !== undefined) out.Description = p.description;
  if (p.label !== undefined) out.Label = p.label;
  if (p.hidden !== undefined) out.NoEcho = p.hidden ? 'true' : 'false';
  if (p.immutable) fail(s, 'CFN parameters cannot be immutable');
  if (p.tags !== undefined && p.tags.length > 0) fail(s, 'CFN parameters have no tags');
  const seen = new Set<string>();
  const descriptions: string[] = [];
  for (const c of p.constraints) {
    if (seen.has(c.kind)) fail(s, `CFN parameters take at most one ${c.kind} constraint`);
    seen.add(c.kind);
    if (c.description !== undefined && !descriptions.includes(c.description)) descriptions.push(c.description);
  }
  const find = <K extends string>(kind: K) => p.constraints.find((c) => c.kind === kind);
  const allowed = find('allowed_values');
  if (allowed?.kind === 'allowed_values') out.AllowedValues = [...allowed.values];
  const pattern = find('allowed_pattern');
  if (pattern?.kind === 'allowed_pattern') out.AllowedPattern = pattern.pattern;
  const length = find('length');
  if (length?.kind === 'length') {
    if (length.min !== undefined) out.MinLength = length.min;
    if (length.max !== undefined) out.MaxLength = length.max;
  }
  const range = find('range');
  if (range?.kind === 'range') {
    if (range.min !== undefined) out.MinValue = range.min;
    if (range.max !== undefined) out.MaxValue = range.max;
  }
  for (const c of p.constraints) {
    if (c.kind === 'modulo' || c.kind === 'custom_constraint') fail(s, `CFN parameters have no ${c.kind} constraint`);
  }
  // One ConstraintDescription describes every constraint (Heat gives each the same): distinct ones cannot be kept.
  if (descriptions.length > 1) {
    fail(
      s,
      `CFN parameters take one ConstraintDescription for all constraints, not ${descriptions.length} different ones`,
    );
  }
  const description = descriptions[0] ?? p.constraintDescription;
  if (description !== undefined) out.ConstraintDescription = description;
  return out;
}

function hotParameter(p: ParameterDef, s: Shaper): PlainMap {
  const out: MutableMap = { type: p.type };
  if (p.label !== undefined) out.label = p.label;
  if (p.description !== undefined) out.description = p.description;
  if (p.default !== undefined) out.default = s.at('default', () => literalToPlain(p.default as Expr, s));
  if (p.hidden !== undefined) out.hidden = p.hidden;
  if (p.immutable !== undefined) out.immutable = p.immutable;
  if (p.tags !== undefined) {
    if (!s.features.parameterTags) fail(s, 'parameter tags need heat_template_version 2018-03-02 or newer');
    out.tags = [...p.tags];
  }
  if (p.constraints.length > 0) {
    out.constraints = s.at('constraints', () => p.constraints.map((c, i) => s.at(i, () => hotConstraint(c, s))));
  }
  return out;
}

function hotConstraint(c: ParameterDef['constraints'][number], s: Shaper): PlainMap {
  const out: MutableMap = {};
  switch (c.kind) {
    case 'allowed_values':
      out.allowed_values = [...c.values];
      break;
    case 'allowed_pattern':
      out.allowed_pattern = c.pattern;
      break;
    case 'length':
    case 'range': {
      const bounds: MutableMap = {};
      if (c.min !== undefined) bounds.min = c.min;
      if (c.max !== undefined) bounds.max = c.max;
      out[c.kind] = bounds;
      break;
    }
    case 'modulo':
      if (!s.features.moduloConstraint)
        fail(s, 'the modulo constraint needs heat_template_version 2017-02-24 or newer');
      out.modulo = { step: c.step, offset: c.offset };
      break;
    case 'custom_constraint':
      out.custom_constraint = c.name;
      break;
  }
  if (c.description !== undefined) out.description = c.description;
  return out;
}

export function shapeResource(r: ResourceDef, s: Shaper): PlainMap {
  const shaped = new PlainResource(s);
  writeResourceKeys(r, s, shaped);
  return shaped.out;
}

/** A resource's entry as plain data. */
class PlainResource implements ResourceKeyWriter {
  readonly out: MutableMap = {};
  constructor(private readonly s: Shaper) {}
  keyText(key: string, value: string): void {
    this.out[key] = value;
  }
  keyNames(key: string, value: readonly string[]): void {
    this.out[key] = [...value];
  }
  keyExpr(key: string, value: Expr, context: FnContext): void {
    this.out[key] = plainAt(value, this.s, key, context);
  }
  keyUnavailable(key: string, problem: string): void {
    this.s.at(key, () => fail(this.s, problem));
  }
}

export function shapeOutput(o: OutputDef, s: Shaper): PlainMap {
  const n = s.names;
  const out: MutableMap = {};
  if (s.version.dialect === 'hot' && o.description !== undefined) out.description = o.description;
  out[n.value] = plainAt(o.value, s, n.value);
  if (s.version.dialect === 'cfn' && o.description !== undefined) out.Description = o.description;
  if (o.condition !== undefined) {
    if (!s.features.outputCondition) s.at(n.condition, () => fail(s, 'output conditions are not available'));
    out[n.condition] = plainAt(o.condition, s, n.condition, 'condition');
  }
  return out;
}
