import {
  type GetAccessorDeclarationStructure,
  IndentationText,
  Scope as MemberScope,
  type OptionalKind,
  Project,
  type PropertyDeclarationStructure,
  QuoteKind,
  type SourceFile,
} from 'ts-morph';
import { pascalName } from '../constructs/private/type-names.js';
import { type Expr, isCall, type OutputDef, type ParameterDef, type Template } from '../template/model.js';
import { numberLiteral, propertyKey, stringLiteral } from './code.js';
import { type Comments, commentKey } from './comments.js';
import { type ResourceRef, type Scope, translate, translateCondition } from './expressions.js';
import { classNameFor, templateKey, VariableNames } from './names.js';
import { declarationOrder } from './order.js';
import { collectReferences, type ResourceCode, resourceCode } from './resources.js';
import { attempt, type Lookups } from './scope.js';
import { UNKNOWN, type Want } from './want.js';

/** What the import made, and where it could not be idiomatic (`heatstack import --json`). */
export interface ImportReport {
  /** Each construct made: the template path of what it stands for, and its class. */
  readonly constructs: { readonly path: string; readonly construct: string }[];
  /** Each place that stayed the template's own function (`call('fn', …)`) or an `addOverride`. */
  readonly raw: { readonly path: string; readonly fn: string }[];
  /** What the constructs cannot hold, left out (a constraint they have no prop for, a condition with no `Fn.condition*` form). */
  readonly dropped: { readonly path: string; readonly what: string }[];
  /** Whether resources are declared in another order than the template's (a resource must follow what it uses). */
  readonly reordered: boolean;
}

export interface GenerateOptions {
  /** The template's file name, for the class name and the header. */
  readonly file: string;
  readonly className?: string;
  /** Parameters as `@parameter` fields, outputs as `@output` getters. */
  readonly decorators?: boolean;
  readonly comments: Comments;
  /**
   * The template is byte for byte what heatstack writes for it (an app's synth output): keep what its bytes need —
   * a `DependsOn` a reference implies (an app's `addDependency`), a property under its deprecated name — where a
   * hand-written template gets the idiom (the dependency dropped, the property's typed replacement).
   */
  readonly asWritten?: boolean;
}

interface Statement {
  readonly comment: readonly string[];
  /** The variable it binds, if anything refers to it. */
  readonly variable?: string;
  readonly code: string;
  readonly after: readonly string[];
}

/** A parsed template → one TypeScript file: a `Stack` subclass creating one construct per element, and an `App`. */
export function generate(template: Template, options: GenerateOptions): { text: string; report: ImportReport } {
  const g = new Generator(template, options);
  return { text: g.file(), report: g.report };
}

class Generator {
  readonly report: ImportReport = { constructs: [], raw: [], dropped: [], reordered: false };
  private readonly names = new VariableNames();
  private readonly imports = new Map<string, Set<string>>();
  private readonly used = new Set<string>();
  private readonly parameters = new Map<string, { variable: string; type: ParameterDef['type']; member?: true }>();
  private readonly resources = new Map<string, ResourceRef>();
  private readonly conditions = new Map<string, string>();
  private readonly mappings = new Map<string, string>();
  private readonly dialect = this.template.version.dialect;
  private readonly className: string;
  /** `--decorators`: parameters as `@parameter` fields, outputs as `@output` getters. */
  private readonly members: boolean;
  private readonly properties: OptionalKind<PropertyDeclarationStructure>[] = [];
  private readonly getters: OptionalKind<GetAccessorDeclarationStructure>[] = [];

  constructor(
    private readonly template: Template,
    private readonly options: GenerateOptions,
  ) {
    this.className = options.className ?? classNameFor(options.file);
    this.names.reserve(this.className, 'app', 'App', 'Stack', 'Fn', 'Token', 'Pseudo', 'Parameter', 'Output');
    this.names.reserve('Condition', 'Mapping', 'DockerContainer', 'HeatResource', 'parameter', 'output');
    this.names.reserve('ParameterGroup');
    // A Stack's own members.
    this.names.reserve('node', 'stackName', 'description', 'toString');
    this.members = options.decorators === true;
  }

  private readonly lookups: Lookups = {
    parameter: (name) => this.parameters.get(name),
    resource: (name) => this.resources.get(name),
    condition: (name) => this.conditions.get(name),
    mapping: (name) => this.mappings.get(name),
    refer: (variable) => this.used.add(variable),
    use: (name) => this.importName('heatstack', name),
    raw: (path, fn) => this.report.raw.push({ path, fn }),
  };

  /** Translates in a scope whose effects apply at once (there is no second try). */
  private translate(e: Expr, want: Want, path: string): string {
    return attempt(this.lookups, (scope) => translate(e, want, path, scope))!;
  }

  private importName(module: string, name: string): void {
    const set = this.imports.get(module) ?? new Set<string>();
    set.add(name);
    this.imports.set(module, set);
  }

  file(): string {
    const body = [...this.parameterStatements(), ...this.groupStatements(), ...this.mappingStatements()];
    body.push(...this.conditionStatements(), ...this.resourceStatements(), ...this.outputStatements());
    this.importName('heatstack', 'App');
    this.importName('heatstack', 'Stack');
    return this.write(body);
  }

  private key(cfn: string): string {
    return templateKey(this.dialect, cfn);
  }

  private parameterStatements(): Statement[] {
    const out: Statement[] = [];
    for (const [name, def] of Object.entries(this.template.parameters)) {
      const path = `${this.key('Parameters')}.${name}`;
      this.report.constructs.push({ path, construct: this.members ? '@parameter' : 'Parameter' });
      const props = parameterProps(def, `${path}.${this.key('Default')}`);
      if (this.members) {
        this.parameterMember(name, def, props);
        continue;
      }
      const variable = this.names.name(name, 'Param');
      this.parameters.set(name, { variable, type: def.type });
      this.importName('heatstack', 'Parameter');
      const args = props.length === 0 ? '' : `, { ${props.join(', ')} }`;
      out.push(this.statement('parameters', name, variable, `new Parameter(this, ${stringLiteral(name)}${args})`));
    }
    return out;
  }

  /**
   * `@parameter({ … }) name!: string;`: the type from the field's (string, number, string[]); a boolean or json
   * parameter reads as its value (`IResolvable`), so its type is given.
   */
  private parameterMember(name: string, def: ParameterDef, props: readonly string[]): void {
    const member = this.names.name(name, 'Param');
    this.parameters.set(name, { variable: `this.${member}`, type: def.type, member: true });
    const fieldType = FIELD_TYPES[def.type];
    const entries = [
      ...(pascalName(member) === name ? [] : [`id: ${stringLiteral(name)}`]),
      ...props.filter((p) => fieldType === 'IResolvable' || !p.startsWith('type: ')),
    ];
    if (fieldType === 'IResolvable') this.importName('heatstack', 'type IResolvable');
    this.importName('heatstack', 'parameter');
    this.properties.push({
      name: member,
      type: fieldType,
      hasExclamationToken: true,
      decorators: [{ name: 'parameter', arguments: entries.length === 0 ? [] : [`{ ${entries.join(', ')} }`] }],
      leadingTrivia: this.commentText('parameters', name),
    });
  }

  /**
   * `new ParameterGroup(this, 'Database', { label, description, parameters: [dbUser, …] })`, named by its label
   * where that names no element (construct ids are one namespace). A decorated member, or a name that is no
   * parameter (Heat refuses that), is named by its logical id.
   */
  private groupStatements(): Statement[] {
    const t = this.template;
    const taken = new Set(
      [t.parameters, t.resources, t.outputs, t.conditions, t.mappings].flatMap((section) => Object.keys(section)),
    );
    return t.parameterGroups.map((group, i) => {
      const path = `${this.key('ParameterGroups')}[${i}]`;
      this.report.constructs.push({ path, construct: 'ParameterGroup' });
      this.importName('heatstack', 'ParameterGroup');
      let id = group.label !== undefined && /^[A-Za-z][\w -]*$/.test(group.label) ? group.label : 'ParameterGroup';
      for (let n = 2; taken.has(id); n++) id = `${id.replace(/\d+$/, '')}${n}`;
      taken.add(id);
      const parameters = group.parameters.map((name) => {
        const p = this.parameters.get(name);
        if (p === undefined || p.member) return stringLiteral(name);
        this.used.add(p.variable);
        return p.variable;
      });
      const entries = [
        ...(group.label === undefined ? [] : [`label: ${stringLiteral(group.label)}`]),
        ...(group.description === undefined ? [] : [`description: ${stringLiteral(group.description)}`]),
        `parameters: [${parameters.join(', ')}]`,
      ];
      const code = `new ParameterGroup(this, ${stringLiteral(id)}, { ${entries.join(', ')} })`;
      return { comment: [], code, after: [] };
    });
  }

  private mappingStatements(): Statement[] {
    return Object.entries(this.template.mappings).map(([name, mapping]) => {
      const variable = this.names.name(name, 'Mapping');
      this.mappings.set(name, variable);
      this.importName('heatstack', 'Mapping');
      const path = `Mappings.${name}`;
      this.report.constructs.push({ path, construct: 'Mapping' });
      const code = this.translate(mapping, UNKNOWN, path);
      return this.statement(
        'mappings',
        name,
        variable,
        `new Mapping(this, ${stringLiteral(name)}, { mapping: ${code} })`,
      );
    });
  }

  private conditionStatements(): Statement[] {
    const names = Object.keys(this.template.conditions);
    const order = declarationOrder(names, (n) => conditionNames(this.template.conditions[n]!, names), 'condition');
    const out: Statement[] = [];
    for (const name of order) {
      const variable = this.names.name(name, 'Condition');
      const path = `${this.key('Conditions')}.${name}`;
      const expression = attempt(this.lookups, (scope) =>
        translateCondition(this.template.conditions[name]!, path, scope),
      );
      if (expression === undefined) {
        this.report.dropped.push({ path, what: 'condition with no Fn.condition* form' });
        continue;
      }
      this.conditions.set(name, variable);
      this.importName('heatstack', 'Condition');
      this.report.constructs.push({ path, construct: 'Condition' });
      out.push(
        this.statement(
          'conditions',
          name,
          variable,
          `new Condition(this, ${stringLiteral(name)}, { expression: ${expression} })`,
        ),
      );
    }
    return out;
  }

  private resourceStatements(): Statement[] {
    const resources = this.template.resources;
    const names = Object.keys(resources);
    const order = declarationOrder(names, (n) => resourceDependencies(resources[n]!, resources), 'resource');
    (this.report as { reordered: boolean }).reordered = order.some((n, i) => n !== names[i]);
    const attributes = attributesUsed(this.template);
    const fields = this.outputsAsGetters() ? referencedByOutputs(this.template) : new Set<string>();
    const out: Statement[] = [];
    for (const name of order) {
      const path = `${this.key('Resources')}.${name}`;
      const attributesUsed = attributes.get(name) ?? new Set<string>();
      const asWritten = this.options.asWritten === true;
      const input = { logicalId: name, def: resources[name]!, attributesUsed, dialect: this.dialect, path, asWritten };
      const code: ResourceCode = resourceCode(input, this.lookups);
      const local = this.names.name(name, 'Resource');
      // A resource an output getter reads is a field of the stack.
      const variable = fields.has(name) ? `this.${local}` : local;
      if (fields.has(name)) {
        this.properties.push({ name: local, type: code.construct, isReadonly: true, scope: MemberScope.Private });
      }
      this.resources.set(name, code.ref(variable));
      this.importName(code.module, code.construct);
      this.report.constructs.push({ path, construct: code.construct });
      const statement = this.statement('resources', name, variable, code.creation);
      out.push({ ...statement, after: code.after.map((f) => f(variable)) });
      if (code.after.length > 0) this.used.add(variable);
    }
    return out;
  }

  /** With `--decorators`, unless an output has a condition (a `Condition` is made in the constructor). */
  private outputsAsGetters(): boolean {
    const outputs = Object.entries(this.template.outputs);
    return this.members && outputs.every(([name, o]) => o.condition === undefined && !this.sharesName(name));
  }

  /** An output named as a resource, parameter, condition or mapping is (Heat keeps the sections apart). */
  private sharesName(output: string): boolean {
    const t = this.template;
    return [t.resources, t.parameters, t.conditions, t.mappings].some((section) => Object.hasOwn(section, output));
  }

  private outputStatements(): Statement[] {
    if (this.outputsAsGetters()) {
      for (const [name, def] of Object.entries(this.template.outputs)) this.outputGetter(name, def);
      return [];
    }
    return Object.entries(this.template.outputs).map(([name, def]) => {
      const path = `${this.key('Outputs')}.${name}`;
      this.importName('heatstack', 'Output');
      this.report.constructs.push({ path, construct: 'Output' });
      // Construct ids are one namespace, and hold no `/` (the constructs library's path separator): an output named
      // as another element, or with a `/` in its name (`port/mac`), takes its name as its logical id only.
      const id = this.sharesName(name) ? `${name}Output` : name.replaceAll('/', '-');
      const creation = `new Output(this, ${stringLiteral(id)}, ${this.outputProps(def, path)})`;
      const code = id === name ? creation : `${creation}.overrideLogicalId(${stringLiteral(name)})`;
      return this.statement('outputs', name, undefined, code);
    });
  }

  /** `@output({ description }) get name() { return value; }` */
  private outputGetter(name: string, def: OutputDef): void {
    const path = `${this.key('Outputs')}.${name}`;
    this.report.constructs.push({ path, construct: '@output' });
    const member = this.names.name(name, 'Output');
    const value = this.translate(def.value, UNKNOWN, `${path}.${this.key('Value')}`);
    const entries = [
      ...(pascalName(member) === name ? [] : [`id: ${stringLiteral(name)}`]),
      ...(def.description === undefined ? [] : [`description: ${stringLiteral(def.description)}`]),
    ];
    this.importName('heatstack', 'output');
    this.getters.push({
      name: member,
      decorators: [{ name: 'output', arguments: entries.length === 0 ? [] : [`{ ${entries.join(', ')} }`] }],
      statements: [`return ${value};`],
      leadingTrivia: this.commentText('outputs', name),
    });
  }

  private outputProps(def: OutputDef, path: string): string {
    const entries = [`value: ${this.translate(def.value, UNKNOWN, `${path}.${this.key('Value')}`)}`];
    if (def.description !== undefined) entries.push(`description: ${stringLiteral(def.description)}`);
    if (def.condition !== undefined) {
      const at = `${path}.${this.key('Condition')}`;
      const condition = def.condition;
      const code = attempt(this.lookups, (scope) => translateCondition(condition, at, scope));
      if (code !== undefined) entries.push(`condition: ${code}`);
      else this.report.dropped.push({ path: at, what: 'condition with no Fn.condition* form' });
    }
    return `{ ${entries.join(', ')} }`;
  }

  private commentText(section: 'parameters' | 'outputs', name: string): string | undefined {
    const lines = this.options.comments.get(commentKey(section, name));
    return lines === undefined ? undefined : lines.map((l) => `//${l === '' ? '' : ` ${l}`}\n`).join('');
  }

  private statement(section: string, name: string, variable: string | undefined, code: string): Statement {
    return {
      comment: this.options.comments.get(commentKey(section as 'resources', name)) ?? [],
      variable,
      code,
      after: [],
    };
  }

  private write(body: readonly Statement[]): string {
    const project = new Project({
      useInMemoryFileSystem: true,
      skipLoadingLibFiles: true,
      manipulationSettings: { quoteKind: QuoteKind.Single, indentationText: IndentationText.TwoSpaces },
    });
    const file: SourceFile = project.createSourceFile('stack.ts', '');
    const modules = [...this.imports.keys()].sort((a, b) =>
      a === 'heatstack' ? -1 : b === 'heatstack' ? 1 : a < b ? -1 : 1,
    );
    file.addImportDeclarations(
      modules.map((m) => ({
        moduleSpecifier: m,
        namedImports: [...this.imports.get(m)!]
          .map((n) => (n.startsWith('type ') ? { name: n.slice(5), isTypeOnly: true } : { name: n }))
          .sort((a, b) => byName(a.name, b.name)),
      })),
    );
    const description = this.template.description;
    const superArgs =
      description === undefined ? 'scope, id' : `scope, id, { description: ${stringLiteral(description)} }`;
    file.addClass({
      name: this.className,
      isExported: true,
      extends: 'Stack',
      docs: [`A stack imported by \`heatstack import\` from \`${this.options.file.replace(/^.*[\\/]/, '')}\`.`],
      properties: this.properties,
      getAccessors: this.getters,
      ctors: [
        {
          parameters: [
            { name: 'scope', type: 'App' },
            { name: 'id', type: 'string' },
          ],
          statements: [`super(${superArgs});`, ...body.map((s) => this.statementText(s))],
        },
      ],
    });
    const stackId = this.className.replace(/Stack$/, '') || 'Imported';
    // One blank line after the class (`blankLine()` there writes two).
    file.addStatements((writer) =>
      writer
        .newLine()
        .writeLine('const app = new App();')
        .writeLine(`new ${this.className}(app, ${stringLiteral(stackId)});`)
        .writeLine('export default app;'),
    );
    // One newline at the end, as a formatter leaves it (ts-morph ends with a blank line).
    return `${header(this.template, this.options.file)}\n${file.getFullText().replace(/\n+$/, '\n')}`;
  }

  private statementText(s: Statement): string {
    const comment = s.comment.map((l) => `//${l === '' ? '' : ` ${l}`}\n`).join('');
    const bound = s.variable !== undefined && this.used.has(s.variable);
    const main = s.variable?.startsWith('this.')
      ? `${s.variable} = ${s.code};`
      : bound
        ? `const ${s.variable} = ${s.code};`
        : `${s.code};`;
    return [comment + main, ...s.after].join('\n');
  }
}

/** Biome's order of imported names: letter by letter, case aside, and a capital before its small letter. */
function byName(a: string, b: string): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const [x, y] = [a[i]!, b[i]!];
    if (x === y) continue;
    const [lx, ly] = [x.toLowerCase(), y.toLowerCase()];
    if (lx !== ly) return lx < ly ? -1 : 1;
    return x === lx ? 1 : -1;
  }
  return a.length - b.length;
}

/** The first line says where the code came from and how to synthesize the same dialect and version again. */
function header(template: Template, file: string): string {
  const v = template.version;
  const name = file.replace(/^.*[\\/]/, '');
  const version = v.dialect === 'cfn' ? `${v.key} ${v.value}` : `heat_template_version ${v.alias ?? v.value}`;
  const flags =
    v.dialect === 'hot'
      ? ` --dialect hot${v.value === '2021-04-16' ? '' : ` --hot-version ${v.alias ?? v.value}`}`
      : '';
  return `// Imported from ${name} (${version}) by \`heatstack import\`; \`heatstack synth${flags}\` writes it again.`;
}

/** The props of a `Parameter`: its type and constraints as the shorthand props give them, when they are exact. */
function parameterProps(def: ParameterDef, defaultPath: string): string[] {
  const entries: string[] = [];
  if (def.type !== 'string') entries.push(`type: ${stringLiteral(def.type)}`);
  if (def.default !== undefined) entries.push(`default: ${translate(def.default, DEFAULT, defaultPath, NO_SCOPE)}`);
  if (def.description !== undefined) entries.push(`description: ${stringLiteral(def.description)}`);
  if (def.label !== undefined) entries.push(`label: ${stringLiteral(def.label)}`);
  if (def.hidden) entries.push('hidden: true');
  if (def.immutable !== undefined) entries.push(`immutable: ${def.immutable}`);
  if (def.tags !== undefined) entries.push(`tags: [${def.tags.map(stringLiteral).join(', ')}]`);
  entries.push(...constraintProps(def));
  return entries;
}

const DEFAULT: Want = { kind: 'unknown' };

/** A parameter member's field type: the token it reads as (`design:type` gives string, number, list). */
const FIELD_TYPES: Readonly<Record<ParameterDef['type'], string>> = {
  string: 'string',
  number: 'number',
  comma_delimited_list: 'string[]',
  boolean: 'IResolvable',
  json: 'IResolvable',
};

/** The resources the outputs refer to. */
function referencedByOutputs(template: Template): Set<string> {
  const out = new Set<string>();
  for (const o of Object.values(template.outputs)) collectReferences(o.value, out);
  return out;
}
const CONSTRAINT_ORDER = ['allowed_values', 'allowed_pattern', 'length', 'range'];

/**
 * `allowedValues`, `allowedPattern`, `minLength`/`maxLength`, `minValue`/`maxValue` and one
 * `constraintDescription` where they give the very constraints (each kind once, in that order, one description for
 * all); otherwise the constraints as Heat lists them (`constraints: [{ kind: 'length', min: 8 }, …]`).
 */
function constraintProps(def: ParameterDef): string[] {
  const shorthand = shorthandConstraints(def);
  if (shorthand !== undefined) return shorthand;
  const items = def.constraints.map((c) => {
    const entries = Object.entries(c).map(
      ([k, v]) => `${propertyKey(k)}: ${Array.isArray(v) ? `[${v.map(scalar).join(', ')}]` : scalar(v)}`,
    );
    return `{ ${entries.join(', ')} }`;
  });
  return [`constraints: [${items.join(', ')}]`];
}

function shorthandConstraints(def: ParameterDef): string[] | undefined {
  const entries: string[] = [];
  const descriptions = new Set(def.constraints.map((c) => c.description));
  if (descriptions.size > 1) return undefined;
  let last = -1;
  for (const c of def.constraints) {
    const rank = CONSTRAINT_ORDER.indexOf(c.kind);
    if (rank <= last) return undefined;
    last = rank;
    if (c.kind === 'allowed_values') entries.push(`allowedValues: [${c.values.map(scalar).join(', ')}]`);
    else if (c.kind === 'allowed_pattern') entries.push(`allowedPattern: ${stringLiteral(c.pattern)}`);
    else if (c.kind === 'length' || c.kind === 'range') {
      const [min, max] = c.kind === 'length' ? ['minLength', 'maxLength'] : ['minValue', 'maxValue'];
      if (c.min === undefined && c.max === undefined) return undefined;
      if (c.min !== undefined) entries.push(`${min}: ${numberLiteral(c.min)}`);
      if (c.max !== undefined) entries.push(`${max}: ${numberLiteral(c.max)}`);
    }
  }
  const [description] = def.constraints.length > 0 ? descriptions : [def.constraintDescription];
  if (description !== undefined) entries.push(`constraintDescription: ${stringLiteral(description)}`);
  return entries;
}

function scalar(v: unknown): string {
  return typeof v === 'string' ? stringLiteral(v) : typeof v === 'number' ? numberLiteral(v) : String(v);
}

const NO_SCOPE: Scope = {
  parameter: () => undefined,
  resource: () => undefined,
  condition: () => undefined,
  mapping: () => undefined,
  use: () => undefined,
  raw: () => undefined,
};

/** The named conditions a condition expression refers to (by `condition` calls or, in HOT, by bare names). */
function conditionNames(e: Expr, names: readonly string[]): string[] {
  const out = new Set<string>();
  const stack: Expr[] = [e];
  while (stack.length > 0) {
    const x = stack.pop()!;
    if (typeof x === 'string' && names.includes(x)) out.add(x);
    else if (isCall(x)) {
      if (x.fn === 'condition' && typeof x.args[0] === 'string') out.add(x.args[0]);
      else if (x.fn !== 'get_param' && x.fn !== 'equals') stack.push(...x.args);
    } else if (Array.isArray(x)) stack.push(...(x as readonly Expr[]));
  }
  return [...out];
}

function resourceDependencies(def: Template['resources'][string], resources: Template['resources']): string[] {
  const refs = new Set<string>(def.dependsOn);
  collectReferences(def.properties, refs);
  for (const e of [def.metadata, def.updatePolicy, def.deletionPolicy, def.externalId])
    if (e !== undefined) collectReferences(e, refs);
  return [...refs].filter((r) => Object.hasOwn(resources, r));
}

/** Each resource's attributes that anything reads (they decide a Docker container's type, as its props do). */
function attributesUsed(template: Template): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const stack: Expr[] = [
    ...Object.values(template.resources).flatMap((r) => [r.properties, r.metadata ?? null]),
    ...Object.values(template.outputs).map((o) => o.value),
  ];
  while (stack.length > 0) {
    const x = stack.pop()!;
    if (x === null || typeof x !== 'object') continue;
    if (isCall(x)) {
      const [r, a] = x.args;
      if (x.fn === 'get_attr' && typeof r === 'string' && typeof a === 'string') {
        const set = out.get(r) ?? new Set();
        set.add(a);
        out.set(r, set);
      }
      stack.push(...x.args);
    } else if (Array.isArray(x)) stack.push(...(x as readonly Expr[]));
    else stack.push(...Object.values(x));
  }
  return out;
}
