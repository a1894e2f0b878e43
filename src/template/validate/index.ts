import { type ConditionDecider, findReferences, resourceDependencies, topologicalOrder } from '../dependencies.js';
import type { Diagnostic } from '../diagnostics.js';
import type { Expr, ResourceDef, SourcePosition, Template } from '../model.js';
import { isCall, isExprMap } from '../model.js';
import { isTemplateFileType } from '../nested-template.js';
import { hiddenParameterTexts, literalDefault, redactTexts } from '../parameter-values.js';
import {
  type HeatSpecType,
  isOwnResourceType,
  knownResourceTypes,
  resourceType,
  validatesNothing,
} from '../resource-types/index.js';
import { checkAttachmentReferences } from './attachment-references.js';
import { closest, coerceFields, type Problem as PropertyProblem } from './coerce.js';
import { checkConditionsResolve, conditionDecider } from './condition-use.js';
import { checkReferencesToDisabledResources } from './conditional.js';
import { checkGivenParameters, checkParameterDefinitions, checkParameterGroups } from './parameters.js';
import { TemplatePaths } from './paths.js';
import { checkResourceProperties, unknownResourceTypeMessage } from './properties.js';
import { checkReferences } from './references.js';
import { Report } from './report.js';
import {
  knownParameterValues,
  type ResolvedProperties,
  resolveStaticProperties,
  tryResolveStatically,
} from './static-values.js';
import { checkTemplateResource } from './template-resource.js';
import { usedConditions } from './used-conditions.js';

export { checkResourceProperties, normalizeProperties, PropertyValueError } from './properties.js';

export interface ValidateOptions {
  /** Where a template path starts in the source file (from the parser), for `file:line:col` messages. */
  positionOf?(path: string): SourcePosition | undefined;
  /** Parameter values given for this run (`-P key=value`), checked against their type and constraints. */
  parameters?: Readonly<Record<string, string>>;
  /**
   * Whether a parameter with neither a value nor a default is an error. Heat's template validation does not
   * ask for values (its stack create does): `false` unless the caller is about to deploy.
   */
  requireParameterValues?: boolean;
  /** The folder of the template's file: a template resource (`type: db.yaml`) is read from there and checked. */
  templateDir?: string;
}

/**
 * Every semantic problem of a template at once, each with its template path in the template's own dialect and
 * its source position: references to missing resources, parameters, conditions and mappings; unknown
 * attributes; property type and constraint errors; unknown resource types; dependency cycles; parameter
 * definitions and given values; parameter groups. Syntax (YAML, unknown keys, unknown functions, argument
 * shapes, version availability) is the parser's to report.
 */
export function validateTemplate(template: Template, options: ValidateOptions = {}): Diagnostic[] {
  const report = new Report(new TemplatePaths(template.version), options.positionOf);
  checkParameterDefinitions(template, report);
  checkParameterGroups(template, report);
  if (options.parameters !== undefined || options.requireParameterValues) {
    checkGivenParameters(template, options.parameters ?? {}, options.requireParameterValues ?? false, report);
  }
  checkConditions(template, report);
  const known = knownParameterValues(template, options.parameters ?? {});
  const decide = conditionDecider(template, known);
  checkResources(template, known, decide, report, options.templateDir);
  checkReferencesToDisabledResources(template, known, report);
  checkOutputs(template, known, decide, report);
  checkConditionsResolve(template, known, decide, report);
  checkDuplicateNames(template, report);
  checkDependencyCycles(template, decide, report);
  return withHiddenValuesRedacted(template, options.parameters ?? {}, known, report.diagnostics);
}

/**
 * A hidden parameter's value — given, default or typed — and anything containing it reads `******` in every
 * message, however the message came to show it (a property check of a resolved value, a failed function…).
 */
function withHiddenValuesRedacted(
  template: Template,
  given: Readonly<Record<string, string>>,
  known: ReadonlyMap<string, unknown>,
  diagnostics: Diagnostic[],
): Diagnostic[] {
  const defaults: Record<string, unknown> = {};
  for (const [name, def] of Object.entries(template.parameters)) defaults[name] = literalDefault(def);
  const secrets = [
    ...hiddenParameterTexts(template, given),
    ...hiddenParameterTexts(template, defaults),
    ...hiddenParameterTexts(template, Object.fromEntries(known)),
  ];
  if (secrets.length === 0) return diagnostics;
  return diagnostics.map((d) => ({ ...d, message: redactTexts(d.message, secrets) }));
}

function checkResources(
  template: Template,
  known: ReadonlyMap<string, unknown>,
  decide: ConditionDecider,
  report: Report,
  templateDir: string | undefined,
): void {
  for (const [name, res] of Object.entries(template.resources)) {
    // Heat leaves a resource whose condition is false out of the stack before it validates: nothing in it is checked.
    const disabled = res.condition !== undefined && decide(res.condition) === false;
    checkResource(template, name, res, known, decide, disabled ? report.asWarnings(NOT_CHECKED) : report, templateDir);
    if (res.condition !== undefined)
      checkConditionUse(template, res.condition, report.paths.resource(name, 'condition'), report);
  }
}

const NOT_CHECKED = 'Heat does not check a resource whose condition is false';
const ADOPTION_NOT_DEPLOYED =
  "deploy cannot adopt an existing object of this type, only containers, networks and volumes (Heat's plugin accepts this; heatstack cannot deploy it)";

function checkResource(
  template: Template,
  name: string,
  res: ResourceDef,
  known: ReadonlyMap<string, unknown>,
  decide: ConditionDecider,
  report: Report,
  templateDir: string | undefined,
): void {
  const { paths } = report;
  const type = resourceType(res.type);
  if (type === undefined && isTemplateFileType(res.type)) {
    checkTemplateResource(name, res, templateDir, report);
  } else if (type === undefined) {
    const suggestion = closest(res.type, knownResourceTypes());
    report.error(
      paths.resource(name, 'type'),
      `${unknownResourceTypeMessage(res.type)}${suggestion ? ` Did you mean '${suggestion}'?` : ''}`,
    );
  } else if (res.externalId !== undefined) {
    // An adopted resource Heat only looks up (`Stack.validate` calls `validate_external`, not `validate`).
    if (isOwnResourceType(res.type) && type.module.deploy?.adopts !== true)
      report.warning(paths.resource(name, 'externalId'), ADOPTION_NOT_DEPLOYED);
    // It depends on nothing: Heat's `ResourceDefinition.required_resource_names` refuses an explicit dependency.
    if (res.dependsOn.length > 0) {
      const id = typeof res.externalId === 'string' ? res.externalId : 'its external_id';
      report.error(paths.resource(name, 'dependsOn'), `Invalid dependency with external ${res.type} resource: ${id}`);
    }
  } else if (!validatesNothing(type)) {
    // (A `NoneResource`'s `validate` does nothing: its policies are not checked, and it takes any properties.)
    checkProperties(template, name, known, report);
    checkAttachmentReferences(template, name, report);
    checkPolicies(res, name, type.heat, report);
  }
  res.dependsOn.forEach((dep, i) => {
    const path = res.dependsOn.length === 1 ? paths.resource(name, 'dependsOn') : paths.resource(name, 'dependsOn', i);
    if (!Object.hasOwn(template.resources, dep)) {
      report.error(
        path,
        `${name} depends on "${dep}", which is not a resource of this template${suggest(dep, Object.keys(template.resources))}`,
      );
    }
  });
  checkReferences(template, res.properties, paths.resource(name, 'properties'), 'value', report, decide, known);
  if (res.metadata !== undefined)
    checkReferences(template, res.metadata, paths.resource(name, 'metadata'), 'value', report, decide, known);
}

/**
 * Property values against the type's schema — after resolving what Heat resolves before creating a stack
 * (values that depend on parameters and conditions only), so `memory: {get_param: size}` is checked too.
 */
function checkProperties(template: Template, name: string, known: ReadonlyMap<string, unknown>, report: Report): void {
  const res = template.resources[name] as ResourceDef;
  const propertiesPath = report.paths.resource(name, 'properties');
  const resolved = resolveStaticProperties(template, res.properties, known);
  for (const f of resolved.failures) report.error(report.paths.resource(name, 'properties', f.key), f.message);
  for (const p of checkResourceProperties(res.type, resolved.properties)) {
    const key = p.path.split(/[.[]/, 1)[0] as string;
    const viaFunctions = key !== '' && resolved.properties[key] !== res.properties[key];
    const path = p.path === '' ? propertiesPath : report.paths.resource(name, 'properties', p.path);
    const message = viaFunctions ? `${p.message} (the value once its functions are resolved)` : p.message;
    if (p.severity === 'warning') report.warning(path, message);
    else report.error(path, message);
  }
  checkTypesBeforeCreate(template, name, resolved, report);
}

/** The type of each property that needs a resource, as Heat checks it before the resource exists. */
function checkTypesBeforeCreate(template: Template, name: string, resolved: ResolvedProperties, report: Report): void {
  const keys = Object.keys(resolved.beforeCreate);
  if (keys.length === 0) return;
  const type = (template.resources[name] as ResourceDef).type;
  const values = { ...resolved.properties, ...resolved.beforeCreate };
  for (const p of checkResourceProperties(type, values, { constraints: false })) {
    if (p.severity === 'warning' || !keys.includes(p.path.split(/[.[]/, 1)[0] as string)) continue;
    const message = `${p.message} (the value as Heat resolves it before any resource exists)`;
    report.error(report.paths.resource(name, 'properties', p.path), message);
  }
}

/**
 * Heat's Docker plugins declare no update policy (so any key of one is unknown) and cannot snapshot a container
 * (so the `Snapshot` deletion policy is refused).
 */
/**
 * `update_policy` and `deletion_policy` as Heat checks them: the policy keys the type declares (Heat's Docker
 * plugins declare none), and `Snapshot` only for a type that can snapshot (`Resource.validate_deletion_policy`).
 */
function checkPolicies(res: ResourceDef, name: string, heat: HeatSpecType | undefined, report: Report): void {
  if (isExprMap(res.updatePolicy)) {
    const problems: PropertyProblem[] = [];
    coerceFields(heat?.updatePolicy ?? {}, res.updatePolicy, '', problems, { applyDefaults: false });
    for (const p of problems)
      report.error(report.paths.resource(name, 'updatePolicy', ...policyPath(p.path)), p.message);
  }
  if (
    typeof res.deletionPolicy === 'string' &&
    res.deletionPolicy.toLowerCase() === 'snapshot' &&
    !heat?.snapshotDelete
  ) {
    report.error(report.paths.resource(name, 'deletionPolicy'), '"Snapshot" deletion policy not supported');
  }
}

/** A problem's dotted path inside the policy (`rolling_update.max_batch_size`) as path keys. */
function policyPath(path: string): string[] {
  return path === '' ? [] : path.split('.');
}

function checkOutputs(
  template: Template,
  known: ReadonlyMap<string, unknown>,
  decide: ConditionDecider,
  report: Report,
): void {
  for (const [name, out] of Object.entries(template.outputs)) {
    // Heat resolves outputs after the create and shows one that fails as an error, without failing the stack.
    const resolved = tryResolveStatically(template, out.value, known);
    const fails = resolved !== undefined && 'error' in resolved;
    if (fails)
      report.warning(report.paths.output(name, 'value'), `${resolved.error} (the output will show this error)`);
    checkReferences(
      template,
      out.value,
      report.paths.output(name, 'value'),
      fails ? 'failing output' : 'output',
      report,
      decide,
      known,
    );
    if (out.condition !== undefined)
      checkConditionUse(template, out.condition, report.paths.output(name, 'condition'), report);
  }
}

/** A resource's or output's `condition`: a condition name, a boolean, or (HOT) a condition expression. */
function checkConditionUse(template: Template, condition: Expr, path: string, report: Report): void {
  if (typeof condition === 'string') {
    if (!Object.hasOwn(template.conditions, condition)) {
      report.error(path, `Invalid condition "${condition}"${suggest(condition, Object.keys(template.conditions))}`);
    }
    return;
  }
  checkReferences(template, condition, path, 'condition', report);
}

/** Each condition is a boolean or a condition function, refers to what exists, and no chain of names loops. */
function checkConditions(template: Template, report: Report): void {
  const graph = new Map<string, string[]>();
  const used = usedConditions(template);
  for (const [name, definition] of Object.entries(template.conditions)) {
    const path = report.paths.section('conditions', name);
    if (typeof definition !== 'boolean' && !isCall(definition)) {
      // Worded as the parser words it, so the CLI shows the problem once when both see it.
      const shown = typeof definition === 'string' ? definition : jsonOf(definition);
      report.error(path, `The definition of condition "${name}" is invalid: ${shown}`);
    }
    // Heat resolves only the definitions something uses: what is wrong with names in another one is no error.
    const where = used.has(name) ? report : report.asWarnings(`Heat never resolves "${name}": nothing uses it`);
    graph.set(name, checkReferences(template, definition, path, 'condition', where).conditions);
  }
  // Nor a circle among them.
  for (const [name, refs] of graph) {
    if (used.has(name))
      graph.set(
        name,
        refs.filter((r) => graph.has(r)),
      );
    else graph.delete(name);
  }
  const sorted = topologicalOrder(graph);
  if ('cycle' in sorted) {
    const [first] = sorted.cycle;
    report.error(
      report.paths.section('conditions', first as string),
      `Circular definition for condition "${first}": ${[...sorted.cycle, first].join(' -> ')}`,
    );
  }
}

/** Heat refuses a parameter and a resource of the same name (a `Ref` could not tell them apart). */
function checkDuplicateNames(template: Template, report: Report): void {
  for (const name of Object.keys(template.resources)) {
    if (Object.hasOwn(template.parameters, name)) {
      report.error(report.paths.resource(name), `Duplicate names: "${name}" is both a parameter and a resource`);
    }
  }
}

function checkDependencyCycles(template: Template, decide: ConditionDecider, report: Report): void {
  const graph = resourceDependencies(template, decide);
  for (const [name, res] of Object.entries(template.resources)) {
    if (res.dependsOn.includes(name) || referencesItself(name, decide, res.properties, res.metadata)) {
      report.error(report.paths.resource(name), `Circular Dependency Found: ${name} -> ${name}`);
    }
  }
  const sorted = topologicalOrder(graph);
  if ('cycle' in sorted) {
    const [first] = sorted.cycle;
    report.error(
      report.paths.resource(first as string),
      `Circular Dependency Found: ${[...sorted.cycle, first].join(' -> ')}`,
    );
  }
}

function referencesItself(name: string, decide: ConditionDecider, ...exprs: (Expr | undefined)[]): boolean {
  const refs = findReferences(null);
  for (const e of exprs) if (e !== undefined) findReferences(e, refs, decide);
  return refs.resources.has(name);
}

/** `JSON.stringify`, as the parser words it — or, for a value nested too deep for it, a short stand-in. */
function jsonOf(value: Expr): string {
  try {
    return JSON.stringify(value);
  } catch {
    return '(a deeply nested value)';
  }
}

export function suggest(name: string, known: readonly string[]): string {
  const s = closest(name, known);
  return s === undefined ? '' : ` (did you mean '${s}'?)`;
}
