import { HeatstackError } from '../../errors.js';
import { pyNumberOfString } from '../../template/evaluate/python.js';
import {
  Call,
  type Expr,
  type ExprMap,
  isCall,
  isExprMap,
  type ParameterDef,
  type ResourceDef,
  type Template,
} from '../../template/model.js';
import { isTemplateFileType, parseNestedTemplate, readNestedTemplate } from '../../template/nested-template.js';
import { parseJsonExactly } from '../../template/parse/json-numbers.js';
import { rewriteExpr, selectPath } from './walk.js';

/**
 * A nested stack as resources of the stack that holds it, as Heat 19's template resources
 * (`engine/resources/template_resource.py`) and `OS::Heat::Stack` work: the nested template's parameters take the
 * resource's properties (its `parameters` for an `OS::Heat::Stack`), its outputs are the resource's attributes.
 * Its resources are named `<resource>.<name>` and read the given values where the nested template reads a parameter,
 * so a changed value replaces only the nested resources that read it; each also waits for what the resource waits
 * for, and the resource waits for them all: a failure among them fails the deploy, which rolls back, and a destroy
 * deletes them with the rest.
 */

export interface ExpandedStack {
  readonly resources: Record<string, ResourceDef>;
  readonly conditions: Record<string, Expr>;
  readonly mappings: Record<string, ExprMap>;
  /** The nested template's outputs, as expressions of the holding stack. */
  readonly outputs: Readonly<Record<string, Expr>>;
  /** The resource itself, waiting for the nested resources. */
  readonly stack: ResourceDef;
}

export function expandNestedStack(name: string, def: ResourceDef, baseDir: string): ExpandedStack {
  const where = `Resources.${name}`;
  const { template, source, given } = nestedTemplate(def, baseDir, where);
  const prefix = (n: string) => `${name}.${n}`;
  const values = parameterValues(template, given, where, source);
  const resources = new Set(Object.keys(template.resources));
  const conditions = new Set(Object.keys(template.conditions));
  const mappings = new Set(Object.keys(template.mappings));
  const parameters = new Set(values.keys());
  const own = (set: Set<string>, arg: Expr | undefined): arg is string => typeof arg === 'string' && set.has(arg);
  const rewrite = (e: Expr): Expr =>
    rewriteExpr(e, (c: Call) => {
      const [first, ...rest] = c.args;
      if (c.fn === 'get_param' && own(parameters, first))
        return selectPath(values.get(first) as Expr, rest.map(rewrite));
      const renamed =
        ((c.fn === 'get_resource' || c.fn === 'get_attr') && own(resources, first)) ||
        ((c.fn === 'condition' || c.fn === 'if') && own(conditions, first)) ||
        (c.fn === 'find_in_map' && own(mappings, first));
      return renamed ? new Call(c.fn, [prefix(first as string), ...rest.map(rewrite)]) : undefined;
    });

  const out: Record<string, ResourceDef> = {};
  for (const [res, r] of Object.entries(template.resources)) {
    if (r.condition !== undefined && def.condition !== undefined)
      throw new HeatstackError(
        `${where}: ${source} resource ${res} has a condition, and so has ${name}: heatstack cannot combine them yet`,
      );
    const condition = typeof r.condition === 'string' ? prefix(r.condition) : r.condition;
    out[prefix(res)] = {
      ...r,
      properties: rewrite(r.properties) as ExprMap,
      ...(r.metadata !== undefined && { metadata: rewrite(r.metadata) }),
      dependsOn: [...r.dependsOn.map(prefix), ...def.dependsOn],
      ...((condition ?? def.condition) !== undefined && { condition: rewrite((condition ?? def.condition) as Expr) }),
    };
  }
  const stack: ResourceDef = {
    type: 'OS::Heat::Stack',
    properties: { template: source },
    dependsOn: [...def.dependsOn, ...Object.keys(out)],
    metadata: { 'heatstack:resources': Object.keys(out) },
    ...(def.condition !== undefined && { condition: def.condition }),
    ...(def.deletionPolicy !== undefined && { deletionPolicy: def.deletionPolicy }),
  };
  return {
    resources: out,
    conditions: Object.fromEntries(Object.entries(template.conditions).map(([c, e]) => [prefix(c), rewrite(e)])),
    mappings: Object.fromEntries(Object.entries(template.mappings).map(([m, e]) => [prefix(m), e])),
    outputs: Object.fromEntries(Object.entries(template.outputs).map(([o, d]) => [o, rewrite(d.value)])),
    stack,
  };
}

/** Whether the resource is a nested stack already expanded (a record's template is expanded). */
export function isExpandedStack(def: ResourceDef): boolean {
  return isExprMap(def.metadata) && def.metadata['heatstack:resources'] !== undefined;
}

interface Nested {
  readonly template: Template;
  /** The file it came from as the template names it, or `(inline template)`. */
  readonly source: string;
  readonly given: ExprMap;
}

function nestedTemplate(def: ResourceDef, baseDir: string, where: string): Nested {
  if (isTemplateFileType(def.type)) return { ...parseFile(def.type, baseDir, where), given: def.properties };
  const text = def.properties.template;
  const given = def.properties.parameters ?? {};
  if (!isExprMap(given)) throw new HeatstackError(`${where}.Properties.parameters: expected a map of values`);
  if (isCall(text) && text.fn === 'get_file' && typeof text.args[0] === 'string')
    return { ...parseFile(text.args[0], baseDir, where), given };
  if (typeof text !== 'string')
    throw new HeatstackError(`${where}.Properties.template: expected the template's text, or get_file of its file`);
  return { template: parsed(text, '(inline template)', where), source: '(inline template)', given };
}

function parseFile(path: string, baseDir: string, where: string): { template: Template; source: string } {
  const read = readNestedTemplate(path, baseDir);
  if ('error' in read) throw new HeatstackError(`${where}: ${read.error}`);
  return { template: read.template, source: path };
}

function parsed(text: string, source: string, where: string): Template {
  const read = parseNestedTemplate(text, source);
  if ('error' in read) throw new HeatstackError(`${where}: ${read.error}`);
  return read.template;
}

/** Each nested parameter's value: the given expression (a literal typed as the parameter is), else its default. */
function parameterValues(template: Template, given: ExprMap, where: string, source: string): Map<string, Expr> {
  for (const key of Object.keys(given))
    if (!Object.hasOwn(template.parameters, key))
      throw new HeatstackError(`${where}: ${source} has no parameter '${key}' to take this property`);
  const values = new Map<string, Expr>();
  for (const [name, p] of Object.entries(template.parameters)) {
    const value = Object.hasOwn(given, name) ? given[name] : p.default;
    if (value === undefined)
      throw new HeatstackError(
        `${where}: ${source} needs a value for its parameter '${name}' (a property of ${where})`,
      );
    values.set(name, typed(value as Expr, p));
  }
  return values;
}

/** A literal string as the parameter's type reads it (`'3'` for a number is 3), as Heat's parameters do. */
function typed(value: Expr, p: ParameterDef): Expr {
  if (typeof value !== 'string') return value;
  if (p.type === 'number') return pyNumberOfString(value) ?? value; // Heat's str_to_num: '5.0' is the float 5.0
  if (p.type === 'comma_delimited_list') return value === '' ? [] : value.split(',').map((s) => s.trim());
  if (p.type === 'boolean' && /^(true|false|yes|no|on|off|1|0|t|f|y|n)$/i.test(value))
    return /^(true|yes|on|1|t|y)$/i.test(value);
  if (p.type === 'json') {
    try {
      return parseJsonExactly(value) as Expr;
    } catch {
      return value;
    }
  }
  return value;
}
