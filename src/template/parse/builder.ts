/**
 * Plain template data → the `Template` model, with every structural problem Heat's template classes report
 * (`heat/engine/{cfn,hot}/template.py`, `template_common.py`, `parameters.py`): the version, sections and keys
 * per dialect and version, parameter schemas, resource and output definitions, and every function read through
 * the catalogue (`functions/`). Problems are collected, never thrown; semantic checks (references, property
 * schemas, cycles) are `validate/`'s.
 */

import type { ConditionDecider } from '../dependencies.js';
import { pyNumberOfString, pyStrOfData } from '../evaluate/python.js';
import { isExactNumber, numberValue } from '../exact-number.js';
import { lookupFunction } from '../functions/index.js';
import { conditionRef, type FnContext, type ReadContext, type Spelling } from '../functions/spellings.js';
import { KEY_NAMES, type KeyNames } from '../key-names.js';
import {
  Call,
  type Expr,
  type ExprMap,
  type OutputDef,
  type ParameterConstraint,
  type ParameterDef,
  type ParameterGroup,
  type ParameterType,
  type ResourceDef,
  type Scalar,
  type Template,
  type TemplateVersion,
  UnresolvableCall,
} from '../model.js';
import { conditionDecider } from '../validate/condition-use.js';
import { knownParameterValues } from '../validate/static-values.js';
import {
  CFN_VERSIONS,
  type CfnVersionKey,
  describeVersion,
  featuresOf,
  HOT_VERSION_KEY,
  hotVersionOf,
  hotVersionSpellings,
  type VersionFeatures,
} from '../versions.js';
import { type RawMap, type RawValue, setRawKey } from './reader.js';

export interface Problem {
  readonly path: string;
  readonly message: string;
  readonly severity: 'error' | 'warning';
}

const VERSION_KEYS = ['HeatTemplateFormatVersion', 'AWSTemplateFormatVersion', HOT_VERSION_KEY] as const;

const CFN_TYPES: Readonly<Record<string, ParameterType>> = {
  String: 'string',
  Number: 'number',
  CommaDelimitedList: 'comma_delimited_list',
  Json: 'json',
  Boolean: 'boolean',
};
const HOT_TYPES: Readonly<Record<string, ParameterType>> = {
  string: 'string',
  number: 'number',
  comma_delimited_list: 'comma_delimited_list',
  json: 'json',
  boolean: 'boolean',
};

const CFN_PARAMETER_KEYS = new Set([
  'Type',
  'Default',
  'NoEcho',
  'AllowedValues',
  'AllowedPattern',
  'MaxLength',
  'MinLength',
  'MaxValue',
  'MinValue',
  'Description',
  'ConstraintDescription',
  'Label',
]);
const HOT_PARAMETER_KEYS = ['type', 'description', 'default', 'schema', 'constraints', 'hidden', 'label', 'immutable'];
const HOT_CONSTRAINT_KEYS = new Set([
  'description',
  'length',
  'range',
  'modulo',
  'allowed_values',
  'allowed_pattern',
  'custom_constraint',
]);

const CFN_SECTIONS = ['Description', 'Mappings', 'Parameters', 'Resources', 'Outputs'];
const HOT_SECTIONS = ['description', 'parameter_groups', 'parameters', 'resources', 'outputs'];
/** The other dialect's spelling of each section, for hints. */
const SECTION_HINTS: Readonly<Record<string, string>> = {
  description: 'Description',
  parameters: 'Parameters',
  mappings: 'Mappings',
  conditions: 'Conditions',
  resources: 'Resources',
  outputs: 'Outputs',
  Description: 'description',
  Parameters: 'parameters',
  Conditions: 'conditions',
  Resources: 'resources',
  Outputs: 'outputs',
  ParameterGroups: 'parameter_groups',
};

const DELETION_POLICIES = ['Delete', 'Retain', 'Snapshot'];

function isMap(v: RawValue | undefined): v is RawMap {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !isExactNumber(v);
}

function has(map: RawMap, key: string): boolean {
  return Object.hasOwn(map, key);
}

/** Python's `not value`: Heat reads a falsy section as an empty one. */
function pyFalsy(v: RawValue): boolean {
  if (v === null || v === false || v === 0 || v === '') return true;
  if (Array.isArray(v)) return v.length === 0;
  if (isExactNumber(v)) return v.value === 0;
  return typeof v === 'object' && Object.keys(v).length === 0;
}

function typeName(v: RawValue | undefined): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return 'list';
  if (isExactNumber(v)) return 'number';
  if (typeof v === 'object') return 'map';
  return typeof v;
}

function join(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path === '' ? key : `${path}.${key}`;
}

type Names = KeyNames;
const CFN_NAMES = KEY_NAMES.cfn;
const HOT_NAMES = KEY_NAMES.hot;

/** Builds a `Template` from plain data, collecting problems; `template` is absent when no version is usable. */
export function buildTemplate(raw: RawValue | undefined): { template?: Template; problems: Problem[] } {
  const problems: Problem[] = [];
  if (raw === undefined) return { problems };
  const data: RawMap = raw === null ? {} : (raw as RawMap);
  if (!isMap(data)) {
    problems.push({ path: '', message: 'The template is not a JSON object or YAML mapping.', severity: 'error' });
    return { problems };
  }
  const version = readVersion(data, problems);
  if (version === undefined) return { problems };
  const template = new Builder(version, problems).build(data);
  return { template, problems };
}

function readVersion(data: RawMap, problems: Problem[]): TemplateVersion | undefined {
  const present = VERSION_KEYS.filter((k) => has(data, k));
  if (present.length === 0) {
    problems.push({
      path: '',
      message:
        "Template format version not found: add heat_template_version (HOT) or HeatTemplateFormatVersion: '2012-12-12' (CFN)",
      severity: 'error',
    });
    return undefined;
  }
  const strings = present.filter((k) => typeof data[k] === 'string');
  if (strings.length > 1) {
    problems.push({
      path: strings[1] as string,
      message: `The template version is invalid: Ambiguous versions (${strings.join(', ')})`,
      severity: 'error',
    });
    return undefined;
  }
  const key = strings[0];
  if (key === undefined) {
    const k = present[0] as string;
    problems.push({
      path: k,
      message: `The template version is invalid: Template version was not provided (${k} must be a string)`,
      severity: 'error',
    });
    return undefined;
  }
  const value = data[key] as string;
  if (key === HOT_VERSION_KEY) {
    const v = hotVersionOf(value);
    if (v === undefined) {
      problems.push({
        path: key,
        message: `The template version is invalid: "${key}: ${value}". "${key}" should be one of: ${[...hotVersionSpellings()].sort().join(', ')}`,
        severity: 'error',
      });
      return undefined;
    }
    return v.date === value ? { dialect: 'hot', value } : { dialect: 'hot', value: v.date, alias: value };
  }
  const cfnKey = key as CfnVersionKey;
  if (value !== CFN_VERSIONS[cfnKey]) {
    problems.push({
      path: key,
      message: `The template version is invalid: "${key}: ${value}". "${key}" should be: ${CFN_VERSIONS[cfnKey]}`,
      severity: 'error',
    });
    return undefined;
  }
  return { dialect: 'cfn', key: cfnKey, value };
}

class Builder {
  private readonly names: Names;
  private readonly features: VersionFeatures;
  private readonly hotDate?: string;
  private resourceNames = new Set<string>();
  /** Which branch of an `if` Heat takes (set once the parameters and conditions are read). */
  private decide?: ConditionDecider;
  /** While an output's value is read: Heat checks some arguments only when it resolves them (see `ReadResult`). */
  private readingOutput = false;
  private readonly readContexts: Record<FnContext, ReadContext>;

  constructor(
    private readonly version: TemplateVersion,
    private readonly problems: Problem[],
  ) {
    this.names = version.dialect === 'cfn' ? CFN_NAMES : HOT_NAMES;
    this.features = featuresOf(version);
    this.hotDate = version.dialect === 'hot' ? version.value : undefined;
    const isResource = (name: string) => this.resourceNames.has(name);
    this.readContexts = {
      value: { hotDate: this.hotDate, context: 'value', isResource },
      condition: { hotDate: this.hotDate, context: 'condition', isResource },
    };
  }

  private error(path: string, message: string): void {
    this.problems.push({ path, message, severity: 'error' });
  }

  private warn(path: string, message: string): void {
    this.problems.push({ path, message, severity: 'warning' });
  }

  build(data: RawMap): Template {
    const n = this.names;
    this.checkSections(data);
    const resourcesRaw = data[n.resources];
    if (isMap(resourcesRaw)) this.resourceNames = new Set(Object.keys(resourcesRaw));
    const head: Template = {
      version: this.version,
      ...this.description(data),
      parameterGroups: this.parameterGroups(data[n.parameterGroups]),
      parameters: this.section(data, n.parameters, (raw, path, name) => this.parameter(raw, path, name)),
      mappings: this.section(data, n.mappings, (raw, path) => this.mapping(raw, path)),
      conditions: this.section(data, n.conditions, (raw, path, name) => this.conditionDef(raw, path, name)),
      resources: {},
      outputs: {},
    };
    // Resources and outputs read each `if` as Heat does: the condition first (see `untakenBranch`).
    this.decide = conditionDecider(head, knownParameterValues(head, {}));
    return {
      ...head,
      resources: this.section(data, n.resources, (raw, path, name) => this.resource(raw, path, name)),
      outputs: this.section(data, n.outputs, (raw, path) => this.output(raw, path)),
    };
  }

  /**
   * Heat resolves an `if`'s condition as it parses the template and never reads the other branch (`If.parse_args`):
   * which branch that is with the parameters' defaults, when they tell (a deploy with other values may take the
   * other one).
   */
  private untakenBranch(spelling: Spelling, args: Expr): number | undefined {
    if (spelling.fn !== 'if' || !Array.isArray(args) || this.decide === undefined) return undefined;
    const taken = this.decide(conditionRef(args[0] as Expr));
    return taken === undefined ? undefined : taken ? 2 : 1;
  }

  private checkSections(data: RawMap): void {
    const allowed = new Set<string>(this.version.dialect === 'cfn' ? CFN_SECTIONS : HOT_SECTIONS);
    if (this.features.conditions) allowed.add(this.names.conditions);
    for (const k of VERSION_KEYS) allowed.add(k);
    for (const key of Object.keys(data)) {
      if (allowed.has(key)) continue;
      this.error(key, `The template section is invalid: ${key}${this.sectionHint(key)}`);
    }
  }

  private sectionHint(key: string): string {
    const other = Object.hasOwn(SECTION_HINTS, key) ? SECTION_HINTS[key] : undefined;
    if (key === this.names.conditions || other === this.names.conditions) {
      return this.version.dialect === 'cfn'
        ? ' (conditions need AWSTemplateFormatVersion: 2010-09-09)'
        : ` (conditions need heat_template_version 2016-10-14 or newer; this is ${describeVersion(this.version)})`;
    }
    if (other !== undefined && (this.version.dialect === 'cfn' ? CFN_SECTIONS : HOT_SECTIONS).includes(other)) {
      return ` (did you mean "${other}"?)`;
    }
    if (key === 'Mappings' || key === 'mappings') return ' (HOT templates have no mappings)';
    return '';
  }

  private description(data: RawMap): { description?: string } {
    const key = this.names.description;
    if (!has(data, key)) return {};
    const raw = data[key];
    if (typeof raw === 'string') return { description: raw };
    if (raw === null) return {};
    this.warn(key, `The description should be a string, not a ${typeName(raw)}`);
    return { description: typeof raw === 'object' ? JSON.stringify(raw) : String(raw) };
  }

  /**
   * Reads each entry of a map section. As Heat reads it, a missing or falsy section (`[]`, `''`, `0`, `false`,
   * `null`) is an empty one — but for `conditions`, which Heat requires to be a map when present; `Mappings`
   * Heat never checks (a lookup in a malformed one fails when it is resolved): a warning.
   */
  private section<T>(
    data: RawMap,
    key: string,
    read: (raw: RawValue, path: string, name: string) => T | undefined,
  ): Record<string, T> {
    const out: Record<string, T> = {};
    const raw = data[key];
    if (raw === undefined) return out;
    if (!isMap(raw)) {
      if (key === this.names.conditions) {
        this.error(key, `Condition definitions must be a map. Found a ${typeName(raw)} instead`);
      } else if (key === this.names.mappings && raw !== null) {
        this.warn(key, `The ${key} section should be a map of mappings, not a ${typeName(raw)}; heatstack ignores it`);
      } else if (!pyFalsy(raw)) {
        this.error(key, `The ${key} section must be a map of definitions, not a ${typeName(raw)}`);
      }
      return out;
    }
    for (const name of Object.keys(raw)) {
      const value = read(raw[name] as RawValue, join(key, name), name);
      if (value !== undefined) setRawKey(out as unknown as RawMap, name, value as unknown as RawValue);
    }
    return out;
  }

  // --- expressions -------------------------------------------------------------------------------------------

  /** Reads a value, turning function maps into `Call`s the way Heat's `parse` does. */
  expr(raw: RawValue, path: string, context: FnContext): Expr {
    if (raw === null || typeof raw !== 'object' || isExactNumber(raw)) return raw;
    if (Array.isArray(raw)) {
      const out: Expr[] = new Array(raw.length);
      for (let i = 0; i < raw.length; i++) out[i] = this.expr(raw[i] as RawValue, `${path}[${i}]`, context);
      return out;
    }
    const keys = Object.keys(raw);
    if (keys.length === 1) {
      const call = this.call(keys[0] as string, raw[keys[0] as string] as RawValue, path, context);
      if (call !== undefined) return call;
    }
    const out: Record<string, Expr> = {};
    for (const k of keys)
      setRawKey(out as RawMap, k, this.expr(raw[k] as RawValue, join(path, k), context) as RawValue);
    return out;
  }

  private call(name: string, rawArgs: RawValue, path: string, context: FnContext): Expr | undefined {
    const found = lookupFunction(name, this.version, context);
    if (found === undefined) return undefined;
    const at = join(path, name);
    if (found.kind === 'plain') {
      this.warn(at, found.message);
      return undefined;
    }
    if (found.kind === 'error') this.error(at, found.message);
    const spelling = found.spelling;
    if (spelling === undefined) return undefined;
    const args =
      spelling.firstArgIsCondition && Array.isArray(rawArgs)
        ? this.ifArguments(spelling, rawArgs, at, context)
        : this.expr(rawArgs, at, context);
    const read = spelling.read(args, this.readContexts[context]);
    if ('error' in read) {
      if (read.atResolution && this.readingOutput && found.kind === 'function') {
        this.warn(at, `${read.error} (Heat checks this only when it resolves the output, which will show the error)`);
        return new UnresolvableCall(spelling.fn, Array.isArray(args) ? args : [args], name, read.error);
      }
      if (found.kind === 'function') this.error(at, read.error);
      return { [name]: args } as ExprMap;
    }
    if (read.warning !== undefined) this.warn(at, read.warning);
    return new Call(read.fn, read.args);
  }

  /** An `if`'s arguments: problems in the branch Heat does not read are warnings (Heat never sees them). */
  private ifArguments(spelling: Spelling, rawArgs: readonly RawValue[], at: string, context: FnContext): Expr[] {
    const condition = this.expr(rawArgs[0] as RawValue, `${at}[0]`, 'condition');
    const untaken = context === 'value' ? this.untakenBranch(spelling, [condition]) : undefined;
    return rawArgs.map((a, i) => {
      if (i === 0) return condition;
      if (i !== untaken) return this.expr(a, `${at}[${i}]`, context);
      const from = this.problems.length;
      const value = this.expr(a, `${at}[${i}]`, context);
      for (let p = from; p < this.problems.length; p++) {
        const problem = this.problems[p] as Problem;
        if (problem.severity === 'error') {
          this.problems[p] = {
            ...problem,
            severity: 'warning',
            message: `${problem.message} (in a branch Heat does not read: the condition is ${i === 2} with the parameters' defaults)`,
          };
        }
      }
      return value;
    });
  }

  // --- parameters ---------------------------------------------------------------------------------------------

  private parameter(raw: RawValue, path: string, name: string): ParameterDef | undefined {
    if (!isMap(raw)) {
      this.error(path, `Invalid parameter (${name}), expected a mapping`);
      return undefined;
    }
    return this.version.dialect === 'cfn' ? this.cfnParameter(raw, path, name) : this.hotParameter(raw, path, name);
  }

  private parameterType(raw: RawMap, key: string, path: string, name: string, types: Record<string, ParameterType>) {
    if (!has(raw, key)) {
      this.error(path, `Missing parameter type for parameter: ${name}`);
      return 'string' as ParameterType;
    }
    const t = raw[key];
    // An own key only: a type named `constructor` or `__proto__` must not find Object.prototype's members.
    const type = typeof t === 'string' && Object.hasOwn(types, t) ? types[t] : undefined;
    if (type === undefined) {
      this.error(join(path, key), `Invalid type (${String(t)}): one of ${Object.keys(types).join(', ')}`);
      return 'string' as ParameterType;
    }
    return type;
  }

  private stringField(raw: RawMap, key: string, path: string): string | undefined {
    if (!has(raw, key) || raw[key] === null) return undefined;
    const v = raw[key];
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'boolean' || isExactNumber(v)) return String(v);
    this.error(join(path, key), `${key} must be a string, not a ${typeName(v)}`);
    return undefined;
  }

  /**
   * A description or label: Heat keeps whatever the template holds (it only shows it), so anything is accepted —
   * a list or map as Python's `str()` writes it.
   */
  private textField(raw: RawMap, key: string): string | undefined {
    if (!has(raw, key) || raw[key] === null) return undefined;
    const v = raw[key] as RawValue;
    if (typeof v === 'string') return v;
    return typeof v === 'object' && !isExactNumber(v) ? pyStrOfData(v) : pyStr(v);
  }

  /** Heat's `Schema.get_num`: a number, or a string holding one (a boolean is Python's `int`, `True` is 1). */
  private numberField(raw: RawMap, key: string, path: string): number | undefined {
    if (!has(raw, key) || raw[key] === null) return undefined;
    const v = raw[key];
    if (typeof v === 'number' || isExactNumber(v)) return numberValue(v);
    if (typeof v === 'boolean') return Number(v);
    const n = typeof v === 'string' ? pyNumberOfString(v) : undefined;
    if (n !== undefined && !Number.isNaN(numberValue(n))) return numberValue(n);
    this.error(join(path, key), `${key} must be a number, not ${JSON.stringify(v)}`);
    return undefined;
  }

  /** A length bound: Heat's `Length` takes an integer only (`10.0` or `'10.0'`: "min/max length must be integral"). */
  private lengthBound(raw: RawMap, key: string, path: string): number | undefined {
    const n = this.numberField(raw, key, path);
    const v = raw[key];
    const written = typeof v === 'string' ? pyNumberOfString(v) : v;
    const isFloat =
      typeof written === 'number' ? !Number.isInteger(written) : isExactNumber(written) && written.isFloat;
    // The bound is kept: the template is refused for it alone, as Heat refuses it (not also for a missing bound).
    if (n !== undefined && isFloat) this.error(join(path, key), 'min/max length must be integral');
    return n;
  }

  private cfnParameter(raw: RawMap, path: string, name: string): ParameterDef {
    for (const key of Object.keys(raw)) {
      if (!CFN_PARAMETER_KEYS.has(key)) this.error(join(path, key), `Invalid key '${key}' for parameter (${name})`);
    }
    const type = this.parameterType(raw, 'Type', path, name, CFN_TYPES as Record<string, ParameterType>);
    const description = this.textField(raw, 'ConstraintDescription');
    const withDescription = <C extends ParameterConstraint>(c: C): C =>
      description === undefined ? c : { ...c, description };
    const constraints: ParameterConstraint[] = [];
    const minValue = this.numberField(raw, 'MinValue', path);
    const maxValue = this.numberField(raw, 'MaxValue', path);
    if (has(raw, 'MinValue') || has(raw, 'MaxValue'))
      constraints.push(withDescription(bounds('range', minValue, maxValue)));
    const minLength = this.lengthBound(raw, 'MinLength', path);
    const maxLength = this.lengthBound(raw, 'MaxLength', path);
    if (has(raw, 'MinLength') || has(raw, 'MaxLength')) {
      constraints.push(withDescription(bounds('length', minLength, maxLength)));
    }
    if (has(raw, 'AllowedValues')) {
      const values = this.allowedValues(raw.AllowedValues as RawValue, join(path, 'AllowedValues'));
      if (values) constraints.push(withDescription({ kind: 'allowed_values', values }));
    }
    const pattern = this.stringField(raw, 'AllowedPattern', path);
    if (pattern !== undefined) constraints.push(withDescription({ kind: 'allowed_pattern', pattern }));
    return {
      type,
      ...optional('default', has(raw, 'Default') && raw.Default !== null ? (raw.Default as Expr) : undefined),
      ...optional('description', this.textField(raw, 'Description')),
      ...optional('label', this.textField(raw, 'Label')),
      ...optional(
        'hidden',
        has(raw, 'NoEcho') ? String(pyStr(raw.NoEcho as RawValue)).toLowerCase() === 'true' : undefined,
      ),
      constraints,
      ...optional('constraintDescription', constraints.length === 0 ? description : undefined),
    };
  }

  private allowedValues(raw: RawValue, path: string): Scalar[] | undefined {
    if (!Array.isArray(raw)) {
      this.error(path, 'AllowedValues must be a list');
      return undefined;
    }
    return raw as Scalar[];
  }

  private hotParameter(raw: RawMap, path: string, name: string): ParameterDef {
    const allowed = new Set(HOT_PARAMETER_KEYS);
    if (this.features.parameterTags) allowed.add('tags');
    for (const key of Object.keys(raw)) {
      if (allowed.has(key)) continue;
      const hint = key === 'tags' ? ' (parameter tags need heat_template_version 2018-03-02 or newer)' : '';
      this.error(join(path, key), `Invalid key '${key}' for parameter (${name})${hint}`);
    }
    if (has(raw, 'schema')) this.warn(join(path, 'schema'), 'heatstack ignores a parameter\'s "schema" key');
    const type = this.parameterType(raw, 'type', path, name, HOT_TYPES as Record<string, ParameterType>);
    return {
      type,
      ...optional('default', has(raw, 'default') && raw.default !== null ? (raw.default as Expr) : undefined),
      ...optional('description', this.textField(raw, 'description')),
      ...optional('label', this.textField(raw, 'label')),
      ...optional('hidden', this.truthField(raw, 'hidden')),
      ...optional('immutable', this.truthField(raw, 'immutable')),
      ...optional('tags', this.tags(raw, path, name)),
      constraints: this.hotConstraints(raw.constraints, join(path, 'constraints'), name),
    };
  }

  /** HOT's `hidden` and `immutable`: Heat takes the value's truth as Python sees it (`'yes'`, `1`, even `'false'`). */
  private truthField(raw: RawMap, key: string): boolean | undefined {
    return has(raw, key) ? !pyFalsy(raw[key] as RawValue) : undefined;
  }

  private tags(raw: RawMap, path: string, name: string): string[] | undefined {
    if (!has(raw, 'tags') || !this.features.parameterTags) return undefined;
    const v = raw.tags;
    if (!Array.isArray(v)) {
      this.error(join(path, 'tags'), `Tags property should be a list for parameter: ${name}`);
      return undefined;
    }
    return v.map((t) => (typeof t === 'string' ? t : JSON.stringify(t)));
  }

  private hotConstraints(raw: RawValue | undefined, path: string, name: string): ParameterConstraint[] {
    if (raw === undefined || raw === null) return [];
    if (!Array.isArray(raw)) {
      this.error(path, `Invalid parameter constraints for parameter ${name}, expected a list`);
      return [];
    }
    const out: ParameterConstraint[] = [];
    raw.forEach((c, i) => {
      const constraint = this.hotConstraint(c, join(path, i));
      if (constraint) out.push(constraint);
    });
    return out;
  }

  private hotConstraint(raw: RawValue, path: string): ParameterConstraint | undefined {
    if (!isMap(raw)) {
      this.error(path, 'Invalid parameter constraints, expected a mapping');
      return undefined;
    }
    for (const key of Object.keys(raw)) {
      if (!HOT_CONSTRAINT_KEYS.has(key)) this.error(join(path, key), `Invalid key '${key}' for parameter constraints`);
    }
    const description = this.textField(raw, 'description');
    const c = this.constraintBody(raw, path);
    if (c === undefined) return undefined;
    const kinds = [...HOT_CONSTRAINT_KEYS].filter((k) => k !== 'description' && has(raw, k));
    if (kinds.length > 1)
      this.warn(
        path,
        `One constraint per entry: Heat uses "${c.kind}" and ignores ${kinds.filter((k) => k !== c.kind).join(', ')}`,
      );
    return description === undefined ? c : { ...c, description };
  }

  /** The constraint an entry expresses, in Heat's order of precedence. */
  private constraintBody(raw: RawMap, path: string): ParameterConstraint | undefined {
    if (has(raw, 'modulo') && this.features.moduloConstraint) {
      const m = this.boundsMap(raw.modulo as RawValue, join(path, 'modulo'), ['step', 'offset'], 'modulo constraint');
      if (m === undefined) return undefined;
      if (m.step === undefined || m.offset === undefined) {
        this.error(join(path, 'modulo'), 'The modulo constraint needs both "step" and "offset"');
        return undefined;
      }
      return { kind: 'modulo', step: m.step, offset: m.offset };
    }
    for (const kind of ['range', 'length'] as const) {
      if (!has(raw, kind)) continue;
      const m = this.boundsMap(raw[kind] as RawValue, join(path, kind), ['min', 'max'], `${kind} constraint`);
      return m === undefined ? undefined : bounds(kind, m.min, m.max);
    }
    if (has(raw, 'allowed_values')) {
      const values = this.allowedValues(raw.allowed_values as RawValue, join(path, 'allowed_values'));
      return values && { kind: 'allowed_values', values };
    }
    if (has(raw, 'allowed_pattern')) {
      const pattern = this.stringField(raw, 'allowed_pattern', path);
      return pattern === undefined ? undefined : { kind: 'allowed_pattern', pattern };
    }
    if (has(raw, 'custom_constraint')) {
      const name = this.stringField(raw, 'custom_constraint', path);
      return name === undefined ? undefined : { kind: 'custom_constraint', name };
    }
    const hint = has(raw, 'modulo') ? ' (the modulo constraint needs heat_template_version 2017-02-24 or newer)' : '';
    this.error(path, `No constraint expressed${hint}`);
    return undefined;
  }

  private boundsMap(raw: RawValue, path: string, keys: readonly string[], entity: string) {
    if (!isMap(raw)) {
      this.error(path, `Invalid ${entity}, expected a mapping`);
      return undefined;
    }
    for (const key of Object.keys(raw)) {
      if (!keys.includes(key)) this.error(join(path, key), `Invalid key '${key}' for ${entity}`);
    }
    const out: Record<string, number | undefined> = {};
    const read = entity === 'length constraint' ? this.lengthBound : this.numberField;
    for (const key of keys) out[key] = read.call(this, raw, key, path);
    return out;
  }

  private parameterGroups(raw: RawValue | undefined): ParameterGroup[] {
    const path = this.names.parameterGroups;
    if (raw === undefined || pyFalsy(raw) || !this.features.parameterGroups) return [];
    if (!Array.isArray(raw)) {
      this.error(path, 'The parameter_groups should be a list.');
      return [];
    }
    const out: ParameterGroup[] = [];
    raw.forEach((g, i) => {
      const at = join(path, i);
      if (!isMap(g)) {
        this.error(at, 'Parameter groups must be maps of label, description and parameters');
        return;
      }
      for (const key of Object.keys(g)) {
        if (!['label', 'description', 'parameters'].includes(key)) {
          this.warn(join(at, key), `"${key}" is not a parameter group key Heat knows; it is ignored`);
        }
      }
      const params = g.parameters;
      if (params === undefined || params === null) {
        this.error(at, 'The parameters must be provided for each parameter group.');
        return;
      }
      if (!Array.isArray(params)) {
        this.error(join(at, 'parameters'), 'The parameters of parameter group should be a list.');
        return;
      }
      out.push({
        ...optional('label', this.textField(g, 'label')),
        ...optional('description', this.textField(g, 'description')),
        parameters: params.map((p) => (typeof p === 'string' ? p : String(p))),
      });
    });
    return out;
  }

  // --- mappings and conditions -----------------------------------------------------------------------------

  private mapping(raw: RawValue, path: string): ExprMap | undefined {
    if (!isMap(raw)) {
      // Heat does not check mappings; a lookup in this one fails when it is resolved.
      this.warn(path, `A mapping should be a map, not a ${typeName(raw)}; a lookup in it fails`);
      return undefined;
    }
    return raw as ExprMap;
  }

  private conditionDef(raw: RawValue, path: string, name: string): Expr {
    const value = this.expr(raw, path, 'condition');
    if (typeof value !== 'boolean' && !(value instanceof Call)) {
      this.error(path, `The definition of condition "${name}" is invalid: ${pyRepr(raw)}`);
    }
    return value;
  }

  // --- resources and outputs --------------------------------------------------------------------------------

  private resource(raw: RawValue, path: string, name: string): ResourceDef | undefined {
    const n = this.names;
    if (!isMap(raw)) {
      this.error(path, `Resources must contain Resource. Found a [${typeName(raw)}] instead`);
      return undefined;
    }
    this.checkResourceKeys(raw, path);
    if (name.includes('/')) this.error(path, 'Resource name may not contain "/"');
    let type = '';
    if (!has(raw, n.type)) this.error(path, `Resource ${name} is missing "${n.type}"`);
    else if (typeof raw[n.type] !== 'string')
      this.error(join(path, n.type), `Resource ${name} ${n.type} type must be string`);
    else type = raw[n.type] as string;
    const properties = this.objectField(raw, n.properties, path, name);
    const res: ResourceDef = {
      type,
      properties: (properties as ExprMap | undefined) ?? {},
      dependsOn: this.dependsOn(raw, path, name),
      ...optional('metadata', this.objectField(raw, n.metadata, path, name)),
      ...optional('deletionPolicy', this.deletionPolicy(raw, path, name)),
      ...optional('updatePolicy', this.objectField(raw, n.updatePolicy, path, name)),
      ...optional('description', this.resourceDescription(raw, path, name)),
      ...optional('externalId', this.externalId(raw, path, name)),
      ...optional('condition', this.resourceCondition(raw, path, name)),
    };
    return res;
  }

  private checkResourceKeys(raw: RawMap, path: string): void {
    const n = this.names;
    const known = new Set([
      n.type,
      n.properties,
      n.metadata,
      n.dependsOn,
      n.deletionPolicy,
      n.updatePolicy,
      n.description,
    ]);
    if (this.features.resourceCondition) known.add(n.condition);
    if (this.features.externalId) known.add(n.externalId);
    for (const key of Object.keys(raw)) {
      if (known.has(key)) continue;
      // Heat rejects unknown keys in HOT resources, and ignores them in CFN ones.
      if (this.version.dialect === 'hot')
        this.error(join(path, key), `"${key}" is not a valid keyword inside a resource definition`);
      else this.warn(join(path, key), `"${key}" is not a resource key Heat knows; it is ignored`);
    }
  }

  /** `Properties`, `Metadata`, `UpdatePolicy`: a map, or (Metadata, UpdatePolicy) a function giving one. */
  private objectField(raw: RawMap, key: string, path: string, name: string): Expr | undefined {
    if (!has(raw, key)) return undefined;
    const value = this.expr(raw[key] as RawValue, join(path, key), 'value');
    if (value instanceof Call && key !== this.names.properties) return value;
    if (typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Call)) return value;
    if (value instanceof Call) {
      this.error(join(path, key), `Resource ${name} ${key} given by a function is not supported by heatstack`);
      return undefined;
    }
    this.error(join(path, key), `Resource ${name} ${key} type must be object`);
    return undefined;
  }

  private dependsOn(raw: RawMap, path: string, name: string): string[] {
    const key = this.names.dependsOn;
    if (!has(raw, key)) return [];
    const v = raw[key];
    if (typeof v === 'string') return [v];
    if (!Array.isArray(v)) {
      this.error(join(path, key), `Resource ${name} ${key} type must be list or string`);
      return [];
    }
    if (v.some((d) => typeof d !== 'string')) {
      this.error(join(path, key), `Resource ${name} ${key} must be a list of strings`);
      return v.filter((d): d is string => typeof d === 'string');
    }
    return v as string[];
  }

  private deletionPolicy(raw: RawMap, path: string, name: string): Expr | undefined {
    const key = this.names.deletionPolicy;
    if (!has(raw, key)) return undefined;
    const at = join(path, key);
    const value = this.expr(raw[key] as RawValue, at, 'value');
    if (value instanceof Call) return value;
    if (typeof value !== 'string') {
      this.error(at, `Resource ${name} ${key} type must be string`);
      return value;
    }
    const allowed = this.features.lowerCaseDeletionPolicies
      ? [...DELETION_POLICIES, ...DELETION_POLICIES.map((p) => p.toLowerCase())]
      : DELETION_POLICIES;
    if (!allowed.includes(value)) this.error(at, `Invalid deletion policy "${value}": one of ${allowed.join(', ')}`);
    return value;
  }

  private resourceDescription(raw: RawMap, path: string, name: string): string | undefined {
    const key = this.names.description;
    if (!has(raw, key)) return undefined;
    const v = raw[key];
    if (typeof v !== 'string') {
      this.error(join(path, key), `Resource ${name} ${key} type must be string`);
      return undefined;
    }
    return v;
  }

  private externalId(raw: RawMap, path: string, name: string): Expr | undefined {
    const key = this.names.externalId;
    if (!this.features.externalId || !has(raw, key)) return undefined;
    const value = this.expr(raw[key] as RawValue, join(path, key), 'value');
    if (typeof value !== 'string' && !(value instanceof Call))
      this.error(join(path, key), `Resource ${name} ${key} type must be string`);
    return value;
  }

  private resourceCondition(raw: RawMap, path: string, name: string): Expr | undefined {
    const key = this.names.condition;
    if (!this.features.resourceCondition || !has(raw, key)) return undefined;
    const value = this.expr(raw[key] as RawValue, join(path, key), 'condition');
    if (typeof value !== 'string' && typeof value !== 'boolean' && !(value instanceof Call)) {
      this.error(
        join(path, key),
        `Resource ${name} ${key} type must be ${this.version.dialect === 'cfn' ? 'string or boolean' : 'string_or_boolean'}`,
      );
    }
    return value;
  }

  private output(raw: RawValue, path: string): OutputDef | undefined {
    const n = this.names;
    if (!isMap(raw)) {
      this.error(path, `Output definitions must be a map. Found a ${typeName(raw)} instead`);
      return undefined;
    }
    const known = new Set([n.description, n.value]);
    if (this.features.outputCondition) known.add(n.condition);
    for (const key of Object.keys(raw)) {
      if (known.has(key)) continue;
      if (this.version.dialect === 'hot')
        this.error(join(path, key), `"${key}" is not a valid keyword inside a output definition`);
      else this.warn(join(path, key), `"${key}" is not an output key Heat knows; it is ignored`);
    }
    if (!has(raw, n.value)) {
      this.error(path, `Each output definition must contain a ${n.value} key.`);
      return undefined;
    }
    const condition =
      this.features.outputCondition && has(raw, n.condition)
        ? this.expr(raw[n.condition] as RawValue, join(path, n.condition), 'condition')
        : undefined;
    this.readingOutput = true;
    const value = this.expr(raw[n.value] as RawValue, join(path, n.value), 'value');
    this.readingOutput = false;
    return {
      value,
      ...optional('description', this.textField(raw, n.description)),
      ...optional('condition', condition),
    };
  }
}

function bounds<K extends 'range' | 'length'>(kind: K, min: number | undefined, max: number | undefined) {
  return { kind, ...optional('min', min), ...optional('max', max) } as { kind: K; min?: number; max?: number };
}

/** `{ [key]: value }` when the value is defined, else `{}` — keeps absent fields absent for deep equality. */
function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

/** Python's `str()` of a scalar, for Heat's `str(NoEcho).lower() == 'true'`. */
function pyStr(v: RawValue): string {
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (v === null) return 'None';
  return typeof v === 'object' && !isExactNumber(v) ? JSON.stringify(v) : String(v);
}

function pyRepr(v: RawValue): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}
