import type { ConditionDecider } from '../dependencies.js';
import { pyStr } from '../evaluate/python.js';
import { isExactNumber, isListOrMap, isModelNumber } from '../exact-number.js';
import type { Call, Expr, Template } from '../model.js';
import { isCall, UnresolvableCall } from '../model.js';
import { isPseudoParameter, PSEUDO_PARAMETERS } from '../parameter-values.js';
import { resourceType, takesAnyAttribute } from '../resource-types/index.js';
import { walkCalls } from '../walk-calls.js';
import { closest } from './coerce.js';
import { unknownParameter } from './condition-use.js';
import type { Report } from './report.js';
import { resolveBeforeCreate, tryResolveStatically } from './static-values.js';
import { forEachCall } from './walk.js';

/**
 * `context` says whether the expression is a condition (Heat reads those with another function table; the
 * parser checks which functions may appear) or an output's value: Heat resolves a `get_param`, `get_resource`,
 * `Ref` or `Fn::FindInMap` name only when it resolves the value, so in an output (resolved after the stack is
 * created, and shown as an error when it fails) an unknown name is a warning — none for a `failing output`, whose
 * failure to resolve is reported with its reason.
 *
 * What the functions inside one expression refer to: parameters, resources and their attributes, conditions,
 * mappings. Walks iteratively, so deep nesting cannot overflow the call stack. Returns the condition names the
 * expression uses (for finding circular conditions).
 */
export function checkReferences(
  template: Template,
  expr: Expr,
  path: string,
  context: 'value' | 'condition' | 'output' | 'failing output',
  report: Report,
  decide?: ConditionDecider,
  known?: ReadonlyMap<string, unknown>,
): { conditions: string[] } {
  const atResolution = context === 'output' ? deferredReport(report) : context === 'failing output' ? SILENT : report;
  const conditions: string[] = [];
  forEachCall(
    expr,
    path,
    report.paths,
    (c, argPaths) => checkCall(template, c, argPaths, report, atResolution, conditions, known),
    decide,
  );
  return { conditions };
}

/** What reports the problems Heat finds only when it resolves a value: as errors, or (in outputs) as warnings. */
type ResolutionReport = Pick<Report, 'error'>;

/** For an output already reported as failing to resolve (with the reason): the same problem is not told twice. */
const SILENT: ResolutionReport = { error: () => {} };

function deferredReport(report: Report): ResolutionReport {
  return {
    error: (path, message) =>
      report.warning(path, `${message} (Heat checks this only when it resolves the output, which will show the error)`),
  };
}

function checkCall(
  template: Template,
  c: Call,
  argPaths: string[],
  report: Report,
  atResolution: ResolutionReport,
  conditions: string[],
  known: ReadonlyMap<string, unknown> | undefined,
): void {
  const [first, second] = c.args;
  const at = (i: number) => argPaths[i] ?? argPaths[0] ?? '';
  const cfn = template.version.dialect === 'cfn';
  switch (c.fn) {
    case 'get_param':
      if (
        typeof first === 'string' &&
        !Object.hasOwn(template.parameters, first) &&
        !isPseudoParameter(template, first)
      ) {
        const known = [...Object.keys(template.parameters), ...PSEUDO_PARAMETERS[template.version.dialect]];
        const what = cfn
          ? `Ref names "${first}", which is neither a parameter nor a resource of this template`
          : `get_param names "${first}", which is not a parameter of this template`;
        atResolution.error(
          at(0),
          `${what}${suggestion(first, cfn ? [...known, ...Object.keys(template.resources)] : known)}`,
        );
      }
      return;
    case 'get_resource': {
      // A computed name Heat resolves as it validates (`ResourceRef.dependencies`): a list or map fails then (as a
      // key, `unhashable type`), in outputs too; a name that is no resource only when the value is resolved.
      if (isCall(first) && known !== undefined) {
        // A `get_param` in the name that fails as it resolves (`get_param: []`) fails then too, in outputs also
        // (Heat 19; a `get_resource: null` in it does not).
        const failing = firstUnresolvable(first);
        if (failing !== undefined) {
          report.error(at(0), `${failing.spelling}: ${failing.reason}`);
          return;
        }
        const name = resolvedName(template, first, at(0), known, report);
        if (name === undefined || isCall(name as Expr)) return;
        if (isListOrMap(name)) {
          report.error(
            at(0),
            `The resource name of ${cfn ? 'Ref' : 'get_resource'} must be a string, not a ${kindOf(name)}`,
          );
        } else if (typeof name !== 'string' || !Object.hasOwn(template.resources, name)) {
          atResolution.error(
            at(0),
            `${cfn ? 'Ref' : 'get_resource'} names "${shownName(name)}", which is not a resource of this template`,
          );
        }
        return;
      }
      if (typeof first === 'string' && !Object.hasOwn(template.resources, first)) {
        atResolution.error(
          at(0),
          `${cfn ? 'Ref' : 'get_resource'} names "${first}", which is not a resource of this template${suggestion(first, Object.keys(template.resources))}`,
        );
      }
      return;
    }
    case 'get_attr': {
      const literal = literalKeyProblem(c, cfn ? 'Fn::GetAtt' : 'get_attr');
      if (literal !== undefined) {
        // HOT 2013-05-23's get_attr applies its path only when the value resolves (`GetAttThenSelect`).
        const late =
          literal.index >= 2 && template.version.dialect === 'hot' && template.version.value === '2013-05-23';
        (late ? atResolution : report).error(at(literal.index), literal.message);
        return;
      }
      // Heat resolves the names as it validates, in outputs too (`GetAtt.validate`): a computed one is checked.
      const resource = known === undefined ? first : resolvedName(template, first, at(0), known, report, true);
      const attribute = known === undefined ? second : resolvedName(template, second, at(1), known, report, true);
      checkAttribute(template, resource, attribute, argPaths, report);
      if (known !== undefined && !(template.version.dialect === 'hot' && template.version.value === '2013-05-23')) {
        checkPathReferences(template, c, resource, attribute, argPaths, report);
      }
      return;
    }
    case 'condition':
      if (typeof first === 'string') {
        conditions.push(first);
        if (!Object.hasOwn(template.conditions, first)) {
          report.error(at(0), `Invalid condition "${first}"${suggestion(first, Object.keys(template.conditions))}`);
        }
      }
      return;
    case 'find_in_map':
      checkMapping(template, c, argPaths, atResolution);
      return;
    case 'yaql':
      report.warning(at(0), 'heatstack cannot evaluate yaql expressions: a deploy of this template will fail here');
      return;
    case 'get_file':
      report.warning(at(0), 'heatstack deploys do not include files: get_file will fail unless the content is inlined');
      return;
  }
}

/**
 * A name given by a function, resolved as Heat resolves it when it validates (parameters and pure functions only);
 * a call that needs a resource or an unknown parameter stays as it is; one that fails is reported and gives
 * `undefined`. `beforeCreate` (a `get_attr` name, which Heat resolves in outputs too): a reference to a resource
 * resolves as before any exists (`get_resource` its name, `get_attr` null), one to no resource fails.
 */
function resolvedName(
  template: Template,
  name: Expr | undefined,
  path: string,
  known: ReadonlyMap<string, unknown>,
  report: Report,
  beforeCreate = false,
): unknown {
  if (!isCall(name)) return name;
  const resolved = (beforeCreate ? resolveBeforeCreate : tryResolveStatically)(template, name, known);
  if (resolved === undefined) {
    const unknown = beforeCreate ? unknownReference(template, name) : unknownParameter(template, name);
    if (unknown !== undefined) report.error(path, unknown);
    return unknown === undefined ? name : undefined;
  }
  if ('error' in resolved) {
    report.error(path, resolved.error);
    return undefined;
  }
  // A false two-argument `if` gives nothing: the name Heat looks up is then None.
  return beforeCreate && resolved.value === undefined ? null : resolved.value;
}

/** The first `get_param` Heat refuses as it resolves it (`UnresolvableCall`) in `expr`, depth first. */
function firstUnresolvable(expr: Expr): UnresolvableCall | undefined {
  let found: UnresolvableCall | undefined;
  walkCalls([expr], (e) => {
    if (!(e instanceof UnresolvableCall) || e.fn !== 'get_param') return undefined;
    found = e;
    return 'stop';
  });
  return found;
}

/**
 * A path element computed from a parameter or a resource that is not there: Heat resolves the path as it validates
 * the attribute (from HOT 2014-10-16; 2013-05-23 applies it only when the value resolves), and refuses the attribute.
 */
function checkPathReferences(
  template: Template,
  c: Call,
  resource: unknown,
  attribute: unknown,
  argPaths: string[],
  report: Report,
): void {
  for (let i = 2; i < c.args.length; i++) {
    const element = c.args[i] as Expr;
    const unknown = isCall(element) ? unknownReference(template, element) : undefined;
    if (unknown === undefined) continue;
    const shown = (x: unknown) => (isCall(x as Expr) ? '…' : shownName(x));
    report.error(
      argPaths[i] ?? argPaths[0] ?? '',
      `The Referenced Attribute (${shown(resource)} ${shown(attribute)}) is incorrect: ${unknown}`,
    );
  }
}

/** A parameter or resource a name's functions read that is not there: Heat fails on it as it resolves the name. */
function unknownReference(template: Template, name: Expr): string | undefined {
  const parameter = unknownParameter(template, name);
  if (parameter !== undefined) return parameter;
  let problem: string | undefined;
  walkCalls([name], (e) => {
    const [target] = e.args;
    const missing = typeof target !== 'string' || !Object.hasOwn(template.resources, target);
    if (e.fn === 'get_resource' && missing && !isListOrMap(target)) {
      problem = `The specified reference "${shownName(target)}" (in unknown) is incorrect.`;
      return 'stop';
    }
    if (!(e instanceof UnresolvableCall)) return undefined;
    problem = `${e.spelling}: ${e.reason}`;
    return 'stop';
  });
  return problem;
}

/** A value as a name in a message: `1`, `None`, `True` (as Heat, which looks it up as it is, shows it). */
function shownName(value: unknown): string {
  return typeof value === 'string' ? value : pyStr(value);
}

function checkAttribute(
  template: Template,
  resource: unknown,
  attribute: unknown,
  argPaths: string[],
  report: Report,
): void {
  const cfn = template.version.dialect === 'cfn';
  const fn = cfn ? 'Fn::GetAtt' : 'get_attr';
  if (resource === undefined || isCall(resource as Expr)) return;
  if (isListOrMap(resource)) {
    // Heat looks the name up as a key, which fails (`unhashable type`) as it validates.
    report.error(argPaths[0] ?? '', `The resource name of ${fn} must be a string, not a ${kindOf(resource)}`);
    return;
  }
  if (typeof resource !== 'string') {
    report.error(argPaths[0] ?? '', `${fn} names "${shownName(resource)}", which is not a resource of this template`);
    return;
  }
  if (!isAttributeName(attribute)) {
    // Heat indexes the name as a string as it validates: a number fails (`'int' object is not subscriptable`).
    report.error(argPaths[1] ?? '', `The attribute name of ${fn} must be a string, not a ${kindOf(attribute)}`);
    return;
  }
  const res = template.resources[resource];
  if (res === undefined || !Object.hasOwn(template.resources, resource)) {
    report.error(
      argPaths[0] ?? '',
      `${fn} names "${resource}", which is not a resource of this template${suggestion(resource, Object.keys(template.resources))}`,
    );
    return;
  }
  const type = resourceType(res.type);
  if (type === undefined || typeof attribute !== 'string' || takesAnyAttribute(type)) return;
  const known = Object.values(type.name.attributes);
  if (known.includes(attribute)) return;
  if (attribute === 'show') {
    // Every Heat resource has `show` (its whole representation), so Heat accepts it; heatstack's types do not.
    report.warning(argPaths[1] ?? '', `heatstack's ${res.type} does not provide "show"; use the info attribute`);
    return;
  }
  report.error(
    argPaths[1] ?? argPaths[0] ?? '',
    `The Referenced Attribute (${resource} ${attribute}) is incorrect: ${res.type} has no attribute "${attribute}"${suggestion(attribute, known)}`,
  );
}

/**
 * A list or map written as a `get_attr` attribute name or path element: Heat looks it up as a key, which fails as it
 * validates (`unhashable type`).
 */
function literalKeyProblem(c: Call, fn: string): { index: number; message: string } | undefined {
  const index = c.args.findIndex(
    (x, i) => i > 0 && x !== null && typeof x === 'object' && !isCall(x) && !isExactNumber(x),
  );
  if (index < 0) return undefined;
  const what = index === 1 ? 'The attribute name' : 'A path element';
  return { index, message: `${what} of "${fn}" must be a string or a number, not a ${kindOf(c.args[index])}` };
}

/**
 * An attribute name as Heat can look it up: a string, or none (`null` too: HOT 2015-10-15's all attributes); or a
 * call not resolved yet.
 */
function isAttributeName(attribute: unknown): boolean {
  return attribute === undefined || attribute === null || typeof attribute === 'string' || isCall(attribute as Expr);
}

function kindOf(value: unknown): string {
  if (Array.isArray(value)) return 'list';
  if (value === null) return 'null';
  return isListOrMap(value) ? 'map' : isModelNumber(value) ? 'number' : typeof value;
}

function checkMapping(template: Template, c: Call, argPaths: string[], report: ResolutionReport): void {
  const [mapName, key, field] = c.args;
  if (typeof mapName !== 'string') return;
  const mapping = Object.hasOwn(template.mappings, mapName) ? template.mappings[mapName] : undefined;
  if (mapping === undefined) {
    report.error(
      argPaths[0] ?? '',
      `Fn::FindInMap names "${mapName}", which is not a mapping of this template${suggestion(mapName, Object.keys(template.mappings))}`,
    );
    return;
  }
  if (typeof key !== 'string') return;
  const entry = Object.hasOwn(mapping, key) ? mapping[key] : undefined;
  if (entry === undefined) {
    report.error(argPaths[1] ?? '', `Mapping "${mapName}" has no key "${key}"${suggestion(key, Object.keys(mapping))}`);
    return;
  }
  if (typeof field !== 'string' || entry === null || typeof entry !== 'object' || Array.isArray(entry) || isCall(entry))
    return;
  if (!Object.hasOwn(entry, field)) {
    report.error(
      argPaths[2] ?? '',
      `Mapping "${mapName}" has no "${field}" under "${key}"${suggestion(field, Object.keys(entry))}`,
    );
  }
}

function suggestion(name: string, known: readonly string[]): string {
  const s = closest(name, known);
  return s === undefined ? '' : ` (did you mean '${s}'?)`;
}
