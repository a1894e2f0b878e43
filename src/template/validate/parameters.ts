import { checkCustomConstraint } from '../custom-constraints.js';
import { pyStr } from '../evaluate/python.js';
import type { ParameterConstraint, ParameterDef, ParameterType, Template } from '../model.js';
import { isCall } from '../model.js';
import { checkParameterValue, unknownParameterMessage } from '../parameter-values.js';
import { compilePattern } from './coerce.js';
import type { Report } from './report.js';

/**
 * The `parameters` and `parameter_groups` sections: each definition's constraints fit its type and are well
 * formed, its default satisfies them (Heat: "Invalid default"), and values given on the command line are
 * checked against type and constraints.
 */

/** Which constraint kinds apply to which parameter types (Heat's `valid_types` of each constraint class). */
const VALID_FOR: Readonly<Record<ParameterConstraint['kind'], readonly ParameterType[]>> = {
  range: ['number'],
  modulo: ['number'],
  length: ['string', 'comma_delimited_list', 'json'],
  allowed_values: ['string', 'number', 'boolean', 'comma_delimited_list'],
  allowed_pattern: ['string'],
  custom_constraint: ['string', 'number', 'boolean', 'comma_delimited_list'],
};

const CFN_TYPE_NAMES: Readonly<Record<ParameterType, string>> = {
  string: 'String',
  number: 'Number',
  comma_delimited_list: 'CommaDelimitedList',
  json: 'Json',
  boolean: 'Boolean',
};

export function checkParameterDefinitions(template: Template, report: Report): void {
  for (const [name, def] of Object.entries(template.parameters)) {
    def.constraints.forEach((c, i) => {
      const message = constraintShapeProblem(template, def, c);
      if (message !== undefined) report.error(report.paths.constraint(name, i, c.kind), message);
      if (c.kind === 'custom_constraint')
        customConstraintNote(c.name, report.paths.constraint(name, i, c.kind), report);
    });
    checkDefault(template, name, def, report);
  }
}

/** Offline constraints are checked with the values; the rest get a warning saying why they are not. */
function customConstraintNote(constraint: string, path: string, report: Report): void {
  const verdict = checkCustomConstraint(constraint, '');
  if (verdict.kind === 'service') {
    report.warning(
      path,
      `The custom constraint "${constraint}" names an OpenStack service check; heatstack does not check it`,
    );
  } else if (verdict.kind === 'unknown') {
    report.warning(
      path,
      `Heat knows no custom constraint "${constraint}": it refuses every value given for this parameter`,
    );
  }
}

function constraintShapeProblem(template: Template, def: ParameterDef, c: ParameterConstraint): string | undefined {
  if (!VALID_FOR[c.kind].includes(def.type)) {
    const typeName = template.version.dialect === 'cfn' ? CFN_TYPE_NAMES[def.type] : def.type;
    return `${c.kind} constraint invalid for ${typeName}`;
  }
  switch (c.kind) {
    case 'range':
    case 'length':
      if (c.min === undefined && c.max === undefined) {
        return `A ${c.kind} constraint must have a min value and/or a max value specified.`;
      }
      if (c.kind === 'length' && [c.min, c.max].some((n) => n !== undefined && !Number.isInteger(n))) {
        return 'min/max length must be integral';
      }
      return undefined;
    case 'modulo':
      return moduloProblem(c.step, c.offset);
    case 'allowed_pattern':
      return compilePattern(c.pattern) === undefined ? `Invalid regular expression "${c.pattern}"` : undefined;
    default:
      return undefined;
  }
}

function moduloProblem(step: number, offset: number): string | undefined {
  if (!Number.isInteger(step) || !Number.isInteger(offset)) return 'step/offset must be integer';
  if (step === 0) return 'step cannot be 0.';
  if (Math.abs(offset) >= Math.abs(step)) return 'offset must be smaller (by absolute value) than step.';
  if (step * offset < 0) return 'step and offset must be both positive or both negative.';
  return undefined;
}

function checkDefault(template: Template, name: string, def: ParameterDef, report: Report): void {
  if (def.default === undefined || def.default === null || isCall(def.default)) return;
  const { problems } = checkParameterValue(template, name, def, undefined, false);
  for (const p of problems) {
    const shown = def.hidden ? '******' : pyStr(def.default);
    report.error(report.paths.parameter(name, 'default'), `Invalid default ${shown} (${p.message})`);
  }
}

/**
 * Values given for a validate (`-P key=value`): unknown names and values that break type or constraints are
 * errors. A parameter without a value or default is one only when `requireValues` — Heat's template validation
 * does not ask for values, its stack create does.
 */
export function checkGivenParameters(
  template: Template,
  given: Readonly<Record<string, string>>,
  requireValues: boolean,
  report: Report,
): void {
  for (const name of Object.keys(given)) {
    if (!Object.hasOwn(template.parameters, name))
      report.error(report.paths.parameter(name), unknownParameterMessage(name));
  }
  for (const [name, def] of Object.entries(template.parameters)) {
    const value = Object.hasOwn(given, name) ? given[name] : undefined;
    if (value === undefined && !requireValues) continue;
    for (const p of checkParameterValue(template, name, def, value, requireValues).problems) {
      const prefix = value === undefined ? '' : `Value given for ${name}: `;
      report.error(p.path, `${prefix}${p.message}`);
    }
  }
}

/** Heat's `ParameterGroups.validate`: each grouped parameter exists and is in one group only. */
export function checkParameterGroups(template: Template, report: Report): void {
  const seen = new Set<string>();
  template.parameterGroups.forEach((group, g) => {
    group.parameters.forEach((name, i) => {
      const path = report.paths.section('parameterGroups', g, 'parameters', i);
      if (seen.has(name)) report.error(path, `The ${name} parameter must be assigned to one parameter group only.`);
      seen.add(name);
      if (!Object.hasOwn(template.parameters, name)) {
        report.error(path, `The grouped parameter ${name} does not reference a valid parameter.`);
      }
    });
  });
}
