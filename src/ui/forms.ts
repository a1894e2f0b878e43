import {
  checkParameterValue,
  HeatstackError,
  type ParameterConstraint,
  type ParameterDef,
  type ParameterGroup,
  type Template,
  unknownParameterMessage,
} from './engine.js';

/**
 * The launch form of a template, made from its parameters as Horizon's *Launch Stack* makes it: a field per
 * parameter with its label, description and default, a password field for a hidden one (its default never sent),
 * a choice for allowed values, and what its constraints ask. The form checks nothing itself: each field is checked
 * by the server with the code `deploy` runs, which gives Heat's messages, and placed beside its field.
 */

export interface FormField {
  readonly name: string;
  readonly type: ParameterDef['type'];
  readonly label: string;
  readonly description?: string;
  readonly hidden: boolean;
  /** The default as text; never a hidden parameter's. */
  readonly default?: string;
  readonly hasDefault: boolean;
  /** Allowed values: the field is a choice. */
  readonly choices?: readonly string[];
  /** What the constraints ask, in words (`length 8 to 20`, or the constraint's own description). */
  readonly rules: readonly string[];
  readonly group?: string;
}

export interface LaunchForm {
  readonly description?: string;
  readonly fields: readonly FormField[];
}

export function launchForm(template: Template): LaunchForm {
  const groupOf = new Map<string, string>();
  for (const g of template.parameterGroups ?? ([] as readonly ParameterGroup[]))
    for (const p of g.parameters) if (g.label) groupOf.set(p, g.label);
  const fields = Object.entries(template.parameters).map(([name, def]) => field(name, def, groupOf.get(name)));
  return { description: template.description, fields };
}

function field(name: string, def: ParameterDef, group: string | undefined): FormField {
  const literal = def.default !== undefined && (def.default === null || typeof def.default !== 'object');
  const allowed = def.constraints.find((c) => c.kind === 'allowed_values');
  return {
    name,
    type: def.type,
    label: def.label ?? name,
    ...(def.description ? { description: def.description } : {}),
    hidden: def.hidden === true,
    ...(literal && !def.hidden && def.default !== null ? { default: String(def.default) } : {}),
    ...(Array.isArray(def.default) && !def.hidden ? { default: def.default.join(',') } : {}),
    hasDefault: def.default !== undefined && def.default !== null,
    ...(allowed && def.type !== 'comma_delimited_list' ? { choices: allowed.values.map(String) } : {}),
    rules: def.constraints.flatMap((c) => (c.kind === 'allowed_values' ? [] : [ruleText(c)])),
    ...(group ? { group } : {}),
  };
}

function ruleText(c: ParameterConstraint): string {
  if (c.description) return c.description;
  const span = (min?: number, max?: number) =>
    min !== undefined && max !== undefined
      ? `${min} to ${max}`
      : min !== undefined
        ? `at least ${min}`
        : `at most ${max}`;
  switch (c.kind) {
    case 'allowed_pattern':
      return `matches ${c.pattern}`;
    case 'length':
      return `length ${span(c.min, c.max)}`;
    case 'range':
      return `${span(c.min, c.max)}`;
    case 'modulo':
      return `a multiple of ${c.step} plus ${c.offset}`;
    case 'custom_constraint':
      return `${c.name} (not checked here)`;
    default:
      return '';
  }
}

/** Where each problem of a check goes: beside its parameter's field (`__stack`: the stack name), or above the form. */
export interface FieldProblems {
  readonly fields: Record<string, string[]>;
  readonly general: string[];
}

export const STACK_FIELD = '__stack';

export function noProblems(p: FieldProblems): boolean {
  return p.general.length === 0 && Object.keys(p.fields).length === 0;
}

/**
 * Each given value checked against its parameter as a deploy checks it (`checkParameterValue`, which both the
 * validation and `resolveParameters` of `deploy` run), with Heat's messages; a hidden value never appears in them.
 * With `existing`, a parameter left out takes the last deploy's value, so only given ones are checked.
 */
export function checkFields(
  template: Template,
  given: Readonly<Record<string, string>>,
  existing: boolean,
): FieldProblems {
  const out: FieldProblems = { fields: {}, general: [] };
  for (const name of Object.keys(given))
    if (!Object.hasOwn(template.parameters, name)) out.general.push(unknownParameterMessage(name));
  for (const [name, def] of Object.entries(template.parameters)) {
    const value = Object.hasOwn(given, name) ? given[name] : undefined;
    if (existing && value === undefined) continue;
    const messages = checkParameterValue(template, name, def, value, true).problems.map((p) => p.message);
    if (messages.length > 0) out.fields[name] = messages;
  }
  return out;
}

/** A user's mistake as a problem above the form; anything else is rethrown (the server answers it as an error). */
export function generalProblem(err: unknown): FieldProblems {
  if (err instanceof HeatstackError) return { fields: {}, general: [err.message] };
  throw err;
}
