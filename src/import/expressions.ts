import { isExactNumber } from '../template/exact-number.js';
import { type Call, type Expr, isCall, isExprMap, type ParameterType } from '../template/model.js';
import { member, numberLiteral, propertyKey, stringLiteral, templateText } from './code.js';
import { type Field, UNKNOWN, type Want } from './want.js';

/**
 * A template value → the TypeScript expression a person would write for it, for a place that takes `Want`:
 * literals as literals, references as the constructs' typed getters and `.ref`, a parameter's value through
 * `valueAsString`/`valueAsNumber`/`valueAsList`/`value` as the place takes it, concatenations as template
 * literals, the functions `Fn` has through `Fn`. What has no idiom is the template's own function
 * (`Fn.call('fn', …)`), reported as raw. `undefined` means the value has no code of the place's type (the caller then writes the
 * resource untyped).
 */

/** What code stands for, as far as TypeScript is concerned. */
export type Produced =
  | 'string'
  | 'number'
  | 'boolean'
  /** A list token or list of strings (`string[]`). */
  | 'list'
  /** An `IResolvable`. */
  | 'resolvable';

export interface Code {
  readonly code: string;
  readonly type: Produced;
}

export interface ResourceRef {
  readonly variable: string;
  /** The getter for an attribute (and a path into it), or undefined when the construct has none. */
  attribute(name: string, path: readonly (string | number)[]): Code | undefined;
  /** `getAtt(name, ...path)` with a path's elements as code (a token among them), for a `HeatResource`'s. */
  attributeAt?(name: string, path: readonly string[]): Code | undefined;
}

/** What the translation needs to know about the rest of the template and the code around it. */
export interface Scope {
  /** A parameter's variable, or (`member`) the stack's field that reads as its token. */
  parameter(
    name: string,
  ): { readonly variable: string; readonly type: ParameterType; readonly member?: true } | undefined;
  resource(name: string): ResourceRef | undefined;
  condition(name: string): string | undefined;
  mapping(name: string): string | undefined;
  /** Records that the code uses one of the library's names (`Fn`, `Token`, `Pseudo`). */
  use(name: 'Fn' | 'Token' | 'Pseudo'): void;
  /** Records a place that stayed the template's own function. */
  raw(path: string, fn: string): void;
}

export function translate(e: Expr, want: Want, path: string, scope: Scope): string | undefined {
  if (isCall(e)) return translateCall(e, want, path, scope);
  if (typeof e === 'string') return stringFits(e, want) ? stringLiteral(e) : undefined;
  if (typeof e === 'number') return numberFits(e, want) ? numberLiteral(e) : undefined;
  // TypeScript has one number type: a whole float (`1.0`) or a long integer is written as its nearest number.
  if (isExactNumber(e)) return numberFits(e.value, want) ? numberLiteral(e.value) : undefined;
  if (typeof e === 'boolean') return fits('boolean', want) ? String(e) : undefined;
  if (e === null) return want.kind === 'unknown' ? 'null' : undefined;
  if (Array.isArray(e)) return translateList(e as readonly Expr[], want, path, scope);
  if (isExprMap(e)) return translateMap(e, want, path, scope);
  return undefined;
}

function stringFits(s: string, want: Want): boolean {
  if (want.kind === 'string') return want.allowed === undefined || want.allowed.includes(s);
  return want.kind === 'unknown';
}

function numberFits(n: number, want: Want): boolean {
  if (!Number.isFinite(n)) return false;
  if (want.kind === 'string') return want.allowed?.includes(n) === true;
  return want.kind === 'number' || want.kind === 'unknown';
}

/** Whether code of this type may go where `want` is. */
export function fits(type: Produced, want: Want): boolean {
  switch (want.kind) {
    case 'unknown':
      return true;
    case 'string':
      return want.allowed === undefined ? type === 'string' : type === 'resolvable';
    case 'number':
      return type === 'number';
    case 'boolean':
      return type === 'boolean';
    case 'list':
      return (type === 'list' && listTokenFits(want.item)) || (type === 'resolvable' && want.resolvable);
    case 'record':
      return type === 'resolvable' && want.resolvable;
    case 'object':
      return type === 'resolvable' && want.plain !== true;
  }
}

/** A `string[]` goes where `readonly T[]` is when a string is a T. */
function listTokenFits(item: Want): boolean {
  return item.kind === 'unknown' || (item.kind === 'string' && item.allowed === undefined);
}

function translateList(list: readonly Expr[], want: Want, path: string, scope: Scope): string | undefined {
  let item: Want;
  if (want.kind === 'list') item = want.item;
  else if (want.kind === 'unknown') item = want;
  else return undefined;
  const items: string[] = [];
  for (const [i, x] of list.entries()) {
    const code = translate(x, item, `${path}[${i}]`, scope);
    if (code === undefined) return undefined;
    items.push(code);
  }
  return `[${items.join(', ')}]`;
}

function translateMap(map: Readonly<Record<string, Expr>>, want: Want, path: string, scope: Scope): string | undefined {
  if (want.kind === 'object') return translateFields(map, want.fields, path, scope);
  let value: Want;
  if (want.kind === 'record') value = want.value;
  else if (want.kind === 'unknown') value = want;
  else return undefined;
  const entries: string[] = [];
  for (const [key, x] of Object.entries(map)) {
    const code = translate(x, value, `${path}.${key}`, scope);
    if (code === undefined) return undefined;
    entries.push(`${propertyKey(key)}: ${code}`);
  }
  return `{ ${entries.join(', ')} }`;
}

/** A map of named fields as the props spell them (camelCase), each of its own type; every required one present. */
export function translateFields(
  map: Readonly<Record<string, Expr>>,
  fields: ReadonlyMap<string, Field>,
  path: string,
  scope: Scope,
): string | undefined {
  const entries: string[] = [];
  for (const [key, x] of Object.entries(map)) {
    const field = fields.get(key);
    if (field === undefined) return undefined;
    const code = translate(x, field.want, `${path}.${key}`, scope);
    if (code === undefined) return undefined;
    entries.push(`${propertyKey(field.camel)}: ${code}`);
  }
  for (const [name, field] of fields) if (field.required && !Object.hasOwn(map, name)) return undefined;
  return `{ ${entries.join(', ')} }`;
}

function translateCall(c: Call, want: Want, path: string, scope: Scope): string | undefined {
  for (const candidate of idioms(c, want, path, scope)) {
    if (candidate !== undefined && fits(candidate.type, want)) return candidate.code;
  }
  const wrapper = fits('resolvable', want) ? '' : TOKEN_OF[want.kind];
  if (wrapper === undefined || (want.kind === 'list' && !listTokenFits(want.item))) return undefined;
  if (want.kind === 'string' && want.allowed !== undefined) return undefined;
  const raw = rawCall(c, path, scope);
  if (wrapper === '') return raw;
  scope.use('Token');
  return `Token.${wrapper}(${raw})`;
}

/** The token a raw call becomes where a string, number or list is wanted. */
const TOKEN_OF: Partial<Record<Want['kind'], string>> = { string: 'asString', number: 'asNumber', list: 'asList' };

/** `Fn.call('fn', …args)`: the template's own function, its arguments translated as values of any type. */
function rawCall(c: Call, path: string, scope: Scope): string {
  scope.use('Fn');
  scope.raw(path, c.fn);
  const args = c.args.map((a, i) => translate(a, UNKNOWN, `${path}.${c.fn}[${i}]`, scope) ?? 'null');
  return `Fn.call(${[stringLiteral(c.fn), ...args].join(', ')})`;
}

/** The idiomatic spellings of a call, best first (evaluated lazily: each may record uses). */
function* idioms(c: Call, want: Want, path: string, scope: Scope): Generator<Code | undefined> {
  const [a, b, ...rest] = c.args;
  switch (c.fn) {
    case 'get_param':
      if (typeof a === 'string' && b === undefined) yield parameterValue(a, want, scope);
      return;
    case 'get_resource': {
      const r = typeof a === 'string' && b === undefined ? scope.resource(a) : undefined;
      if (r !== undefined) yield { code: `${r.variable}.ref`, type: 'string' };
      return;
    }
    case 'get_attr': {
      const r = typeof a === 'string' && typeof b === 'string' ? scope.resource(a) : undefined;
      if (r !== undefined && rest.every((p) => typeof p === 'string' || typeof p === 'number')) {
        yield r.attribute(b as string, rest as (string | number)[]);
      } else if (r?.attributeAt !== undefined) {
        // A path element a function gives (`{get_param: network}`).
        const at = `${path}.get_attr`;
        const codes = rest.map((p, i) =>
          typeof p === 'number' ? String(p) : translate(p, { kind: 'string' }, `${at}[${i + 2}]`, scope),
        );
        if (codes.every((x) => x !== undefined)) yield r.attributeAt(b as string, codes as string[]);
      }
      return;
    }
    case 'condition':
      if (typeof a === 'string') {
        const v = scope.condition(a);
        if (v !== undefined) yield { code: v, type: 'resolvable' };
      }
      return;
    case 'join':
      if (c.args.length === 2 && typeof a === 'string' && Array.isArray(b)) {
        yield templateLiteral(a, b as readonly Expr[], path, scope);
        // Fn.join of literals joins them at synth, writing no function.
        if (holdsToken(c)) {
          yield fnCall('join', [stringLiteral(a), stringList(b as readonly Expr[], path, scope)], 'string', scope);
        }
      } else if (c.args.length === 2 && typeof a === 'string' && isCall(b)) {
        // A list token joined (`list_join: [',', {get_attr: [group, network_ip]}]`).
        yield fnCall('join', [stringLiteral(a), translate(b, STRING_LIST, `${path}[1]`, scope)], 'string', scope);
      }
      return;
    // Functions no value at synth can stand for, even of literals: Heat's client, or the cloud, gives their values.
    case 'get_file':
      if (b === undefined && typeof a === 'string') yield fnCall('getFile', [stringLiteral(a)], 'string', scope);
      return;
    case 'get_azs':
      if (b === undefined && a !== undefined) {
        yield fnCall('getAzs', [translate(a, { kind: 'string' }, `${path}[0]`, scope)], 'list', scope);
      }
      return;
    case 'find_in_map': {
      const m = typeof a === 'string' ? scope.mapping(a) : undefined;
      const keys = [b, rest[0]].map((k, i) => (k === undefined ? undefined : translateString(k, path, i, scope)));
      if (m !== undefined && rest.length === 1 && keys.every((k) => k !== undefined)) {
        yield { code: `${m}.findInMap(${keys.join(', ')})`, type: 'string' };
      }
      return;
    }
    default:
      yield* fnIdioms(c, want, path, scope);
  }
}

/** The `Fn` methods, where the call holds a token (`Fn` computes a call of literals at synth instead). */
function* fnIdioms(c: Call, want: Want, path: string, scope: Scope): Generator<Code | undefined> {
  const [a, b, ...rest] = c.args;
  const str = (x: Expr | undefined, i: number) => (x === undefined ? undefined : translateString(x, path, i, scope));
  const unknown = (x: Expr | undefined, i: number) =>
    x === undefined ? undefined : translate(x, UNKNOWN, `${path}.${c.fn}[${i}]`, scope);
  const cond = (x: Expr | undefined, i: number) => (x === undefined ? undefined : condition(x, path, i, scope));
  if (!holdsToken(c) && !isCondition(c.fn)) return;
  switch (c.fn) {
    case 'select':
      if (rest.length === 0 && (typeof a === 'number' || typeof a === 'string') && b !== undefined) {
        // A list of strings (or a list token), or a map of strings.
        const at = `${path}.select[1]`;
        const listCode = translate(b, STRING_LIST, at, scope) ?? translate(b, STRING_MAP, at, scope);
        yield fnCall(
          'select',
          [typeof a === 'number' ? numberLiteral(a) : stringLiteral(a), listCode],
          'string',
          scope,
        );
      }
      return;
    case 'split':
      if (rest.length === 0 && typeof a === 'string')
        yield fnCall('split', [stringLiteral(a), str(b, 1)], 'list', scope);
      return;
    case 'replace':
      if (rest.length === 0 && isExprMap(a) && b !== undefined) {
        const params = translate(a, STRING_MAP, `${path}.replace[0]`, scope);
        yield fnCall('replace', [params, str(b, 1)], 'string', scope);
      }
      return;
    case 'base64':
      if (b === undefined) yield fnCall('base64', [str(a, 0)], 'string', scope);
      return;
    case 'digest':
      if (rest.length === 0 && typeof a === 'string' && DIGESTS.has(a)) {
        yield fnCall('digest', [stringLiteral(a), str(b, 1)], 'string', scope);
      }
      return;
    case 'list_concat':
      if (b === undefined && Array.isArray(a)) {
        const lists = (a as readonly Expr[]).map((l, i) =>
          translate(l, STRING_LIST, `${path}.list_concat[0][${i}]`, scope),
        );
        yield fnCall('listConcat', lists, 'list', scope);
      }
      return;
    case 'equals':
    case 'contains':
      if (rest.length === 0 && b !== undefined) {
        const method = c.fn === 'equals' ? 'conditionEquals' : 'conditionContains';
        yield fnCall(method, [unknown(a, 0), unknown(b, 1)], 'resolvable', scope);
      }
      return;
    case 'and':
    case 'or':
      yield fnCall(c.fn === 'and' ? 'conditionAnd' : 'conditionOr', c.args.map(cond), 'resolvable', scope);
      return;
    case 'not':
      if (b === undefined) yield fnCall('conditionNot', [cond(a, 0)], 'resolvable', scope);
      return;
    case 'if':
      if (rest.length === 1) yield conditionIf(c, want, path, scope);
      return;
  }
}

const DIGESTS = new Set(['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512']);
const STRING_LIST: Want = { kind: 'list', item: { kind: 'string' }, resolvable: false };
const STRING_MAP: Want = { kind: 'record', value: { kind: 'string' }, resolvable: false };

function isCondition(fn: string): boolean {
  return fn === 'equals' || fn === 'and' || fn === 'or' || fn === 'not' || fn === 'contains' || fn === 'if';
}

/** `Fn.if(cond, a, b)` picks a string or list token when both branches are strings or lists. */
function conditionIf(c: Call, want: Want, path: string, scope: Scope): Code | undefined {
  const [test, whenTrue, whenFalse] = c.args as [Expr, Expr, Expr];
  const cond = condition(test, path, 0, scope);
  const branch: Want = want.kind === 'string' || want.kind === 'list' ? want : UNKNOWN;
  const t = translate(whenTrue, branch, `${path}.if[1]`, scope);
  const f = translate(whenFalse, branch, `${path}.if[2]`, scope);
  const type: Produced =
    want.kind === 'string'
      ? 'string'
      : want.kind === 'list'
        ? 'list'
        : typeof whenTrue === 'string' && typeof whenFalse === 'string'
          ? 'string'
          : 'resolvable';
  if (type === 'resolvable' && (typeof whenTrue === 'string' || typeof whenFalse === 'string')) return undefined;
  return fnCall('conditionIf', [cond, t, f], type, scope);
}

/** A condition as `Fn.conditionIf`/`conditionAnd` take it: a `Condition` by name, a boolean or an expression. */
function condition(x: Expr, path: string, i: number, scope: Scope): string | undefined {
  return translateCondition(x, `${path}[${i}]`, scope);
}

/**
 * A `Condition`'s expression, or a resource's or output's `condition` key: a named `Condition`'s variable, a boolean,
 * or the `Fn.condition*` call that writes the expression in place.
 */
export function translateCondition(e: Expr, path: string, scope: Scope): string | undefined {
  if (typeof e === 'boolean') return String(e);
  if (typeof e === 'string') return scope.condition(e);
  if (!isCall(e)) return undefined;
  return translate(e, { kind: 'object', fields: new Map() }, path, scope);
}

function fnCall(name: string, args: readonly (string | undefined)[], type: Produced, scope: Scope): Code | undefined {
  if (args.some((a) => a === undefined)) return undefined;
  scope.use('Fn');
  return { code: `Fn.${name}(${args.join(', ')})`, type };
}

function translateString(x: Expr, path: string, i: number, scope: Scope): string | undefined {
  return translate(x, { kind: 'string' }, `${path}[${i}]`, scope);
}

function stringList(items: readonly Expr[], path: string, scope: Scope): string | undefined {
  return translate(items, STRING_LIST, path, scope);
}

/** The functions whose code is a token even of literal arguments (see `idioms`). */
const STAND_FOR_VALUES: ReadonlySet<string> = new Set(['get_param', 'get_resource', 'get_attr', 'get_file', 'get_azs']);

/** Whether a call's arguments hold a reference (else `Fn` would compute it at synth, writing no function). */
function holdsToken(e: Expr): boolean {
  if (isCall(e)) return STAND_FOR_VALUES.has(e.fn) || e.args.some(holdsToken);
  if (Array.isArray(e)) return (e as readonly Expr[]).some(holdsToken);
  if (isExprMap(e)) return Object.values(e).some(holdsToken);
  return false;
}

/**
 * A join of strings and string tokens as a template literal (`` `http://${blog.networkIp}/` ``), which synth
 * writes as the join with `''` that concatenates the same parts (see README, "Round trip"). Not for a parameter of
 * type number (synth writes that as a replacement, as Heat's join refuses numbers), nor without any token.
 */
function templateLiteral(delimiter: string, items: readonly Expr[], path: string, scope: Scope): Code | undefined {
  if (!items.some((x) => typeof x !== 'string')) return undefined;
  let text = '';
  for (const [i, x] of items.entries()) {
    if (i > 0) text += templateText(delimiter);
    if (typeof x === 'string') {
      text += templateText(x);
      continue;
    }
    if (isNumberParameter(x, scope)) return undefined;
    const code = translate(x, { kind: 'string' }, `${path}[1][${i}]`, scope);
    if (code === undefined) return undefined;
    text += `\${${code}}`;
  }
  return { code: `\`${text}\``, type: 'string' };
}

function isNumberParameter(x: Expr, scope: Scope): boolean {
  return (
    isCall(x) && x.fn === 'get_param' && typeof x.args[0] === 'string' && scope.parameter(x.args[0])?.type === 'number'
  );
}

/** What a parameter member reads as (`constructs/decorators.ts`). */
const MEMBER_TYPES: Readonly<Record<ParameterType, Produced>> = {
  string: 'string',
  number: 'number',
  comma_delimited_list: 'list',
  boolean: 'resolvable',
  json: 'resolvable',
};

const PSEUDO: Readonly<Record<string, string>> = {
  'OS::stack_name': 'stackName',
  'AWS::StackName': 'stackName',
  'OS::stack_id': 'stackId',
  'AWS::StackId': 'stackId',
  'OS::project_id': 'projectId',
  'AWS::Region': 'region',
};

/** A parameter's value as the place takes it: a string, a number, a list, or the value itself. */
function parameterValue(name: string, want: Want, scope: Scope): Code | undefined {
  const pseudo = PSEUDO[name];
  if (pseudo !== undefined && Object.hasOwn(PSEUDO, name) && scope.parameter(name) === undefined) {
    scope.use('Pseudo');
    return { code: `Pseudo.${pseudo}`, type: 'string' };
  }
  const p = scope.parameter(name);
  if (p === undefined) return undefined;
  if (p.member) return { code: p.variable, type: MEMBER_TYPES[p.type] };
  const as = (getter: string, type: Produced): Code => ({ code: member(p.variable, getter), type });
  switch (want.kind) {
    case 'string':
      return want.allowed === undefined ? as('valueAsString', 'string') : as('value', 'resolvable');
    case 'number':
      return as('valueAsNumber', 'number');
    case 'list':
      return want.resolvable ? as('value', 'resolvable') : as('valueAsList', 'list');
    case 'record':
    case 'object':
      return as('value', 'resolvable');
    case 'boolean':
      return undefined;
    default:
      if (p.type === 'number') return as('valueAsNumber', 'number');
      if (p.type === 'comma_delimited_list') return as('valueAsList', 'list');
      if (p.type === 'string') return as('valueAsString', 'string');
      return as('value', 'resolvable');
  }
}
