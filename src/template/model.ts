/**
 * The one in-memory, dialect-free model of a Heat template.
 *
 * Synth and parse produce it; emit, validate, deploy and import consume it. Nothing here knows whether
 * the template came from TypeScript or from a file, nor which dialect it will be written in: function
 * calls are `Call`s with canonical names and canonical argument shapes (see `functions.ts`), property
 * maps keep the keys of the resource type they belong to.
 */

import { ExactNumber } from './exact-number.js';

export { ExactNumber } from './exact-number.js';

export type Dialect = 'cfn' | 'hot';
export type Format = 'yaml' | 'json';

/** Which template format version the template declares. */
export type TemplateVersion =
  | {
      readonly dialect: 'cfn';
      readonly key: 'HeatTemplateFormatVersion' | 'AWSTemplateFormatVersion';
      readonly value: string;
    }
  /** `value` is always the dated form (`2018-08-31`); `alias` keeps a release name (`rocky`) as written. */
  | { readonly dialect: 'hot'; readonly value: string; readonly alias?: string };

/** A number is a `number`, or an `ExactNumber` where Python's value needs more (`1.0`, `2**64`: `exact-number.ts`). */
export type Scalar = string | number | boolean | null | ExactNumber;

/** A value in a template: a literal, a list, a map, or a function call. */
export type Expr = Scalar | readonly Expr[] | ExprMap | Call;

/** A map literal. A `Call` is never an `ExprMap`: test with `isCall` first. */
export interface ExprMap {
  readonly [key: string]: Expr;
}

/**
 * Every intrinsic function either dialect knows, by its canonical (dialect-free) name.
 * `functions.ts` says, once, how each is spelled in each dialect and version and what it means.
 */
export type FnName =
  // references
  | 'get_param' // args: [name, ...path]        cfn Ref to a parameter (no path)
  | 'get_resource' // args: [name]              cfn Ref to a resource
  | 'get_attr' // args: [resource, attribute, ...path]
  // strings and lists
  | 'join' // args: [delimiter, list, ...lists]    cfn Fn::Join (one list) / hot list_join
  | 'select' // args: [index, listOrMap]        cfn Fn::Select
  | 'split' // args: [delimiter, string, index?]  cfn Fn::Split / hot str_split
  | 'replace' // args: [params map, template]   cfn Fn::Replace / hot str_replace
  | 'replace_strict' // args: [params, template]
  | 'replace_vstrict' // args: [params, template]
  | 'base64' // args: [value]
  | 'find_in_map' // args: [map, key, key]
  | 'get_azs' // args: [region]
  | 'member_list_to_map' // args: [keyName, valueName, list]
  | 'resource_facade' // args: [section]
  | 'get_file' // args: [url]
  | 'digest' // args: [algorithm, value]
  | 'repeat' // args: [{for_each, template, permutations?}]
  | 'map_merge' // args: [list of maps]
  | 'map_replace' // args: [map, {keys?, values?}]
  | 'list_concat' // args: [list of lists]
  | 'list_concat_unique' // args: [list of lists]
  | 'contains' // args: [value, list]
  | 'filter' // args: [values to remove, list]
  | 'make_url' // args: [{scheme, host, port, path, query, fragment, username, password}]
  | 'yaql' // args: [{expression, data}]
  // conditions
  | 'equals' // args: [a, b]
  | 'if' // args: [condition, whenTrue, whenFalse]
  | 'not' // args: [condition]
  | 'and' // args: [...conditions]
  | 'or' // args: [...conditions]
  | 'condition'; // args: [name]               a reference to a named condition

/** Where an expression came from in a source file, for messages (`file:line:col`). */
export interface SourcePosition {
  readonly line: number;
  readonly column: number;
}

/** A call of an intrinsic function. Arguments are canonical: positional, in the order listed in `FnName`. */
export class Call {
  constructor(
    readonly fn: FnName,
    readonly args: readonly Expr[],
  ) {}
}

/**
 * A call whose arguments Heat accepts when it reads an output and refuses only when it resolves it (`digest` of one
 * argument, `map_merge` of a string…): kept so the output fails at resolution, with Heat's reason, as in Heat.
 */
export class UnresolvableCall extends Call {
  constructor(
    fn: FnName,
    args: readonly Expr[],
    /** The function as the template spells it (`digest`, `Fn::FindInMap`). */
    readonly spelling: string,
    readonly reason: string,
  ) {
    super(fn, args);
  }
}

export function call(fn: FnName, ...args: Expr[]): Call {
  return new Call(fn, args);
}

export function isCall(value: unknown): value is Call {
  return value instanceof Call;
}

export function isExprMap(value: unknown): value is ExprMap {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Call) &&
    !(value instanceof ExactNumber)
  );
}

export type ParameterType = 'string' | 'number' | 'comma_delimited_list' | 'json' | 'boolean';

export type ParameterConstraint =
  | { readonly kind: 'allowed_values'; readonly values: readonly Scalar[]; readonly description?: string }
  | { readonly kind: 'allowed_pattern'; readonly pattern: string; readonly description?: string }
  | { readonly kind: 'length'; readonly min?: number; readonly max?: number; readonly description?: string }
  | { readonly kind: 'range'; readonly min?: number; readonly max?: number; readonly description?: string }
  | { readonly kind: 'modulo'; readonly step: number; readonly offset: number; readonly description?: string }
  | { readonly kind: 'custom_constraint'; readonly name: string; readonly description?: string };

export interface ParameterDef {
  readonly type: ParameterType;
  readonly default?: Expr;
  readonly description?: string;
  readonly label?: string;
  /** CFN `NoEcho`, HOT `hidden`: the value is never shown. */
  readonly hidden?: boolean;
  readonly immutable?: boolean;
  readonly tags?: readonly string[];
  readonly constraints: readonly ParameterConstraint[];
  /**
   * A CFN `ConstraintDescription` with no constraint to describe (Heat keeps it and never shows it): kept so a
   * CFN template converts to CFN without losing it. HOT has no place for it.
   */
  readonly constraintDescription?: string;
}

export interface ParameterGroup {
  readonly label?: string;
  readonly description?: string;
  readonly parameters: readonly string[];
}

export interface ResourceDef {
  readonly type: string;
  /** Keys as the resource type spells them (`Image` for `OS::Heat::Docker`, `image` for `DockerInc::…`). */
  readonly properties: ExprMap;
  /** Explicit dependencies only; references found in properties are derived (`dependencies.ts`). */
  readonly dependsOn: readonly string[];
  readonly metadata?: Expr;
  readonly deletionPolicy?: Expr;
  readonly updatePolicy?: Expr;
  /** The name of a condition, or (HOT) a condition expression. */
  readonly condition?: Expr;
  readonly externalId?: Expr;
  /** The resource's `Description`/`description` key, kept so a template converts without losing it. */
  readonly description?: string;
}

export interface OutputDef {
  readonly value: Expr;
  readonly description?: string;
  readonly condition?: Expr;
}

export interface Template {
  readonly version: TemplateVersion;
  readonly description?: string;
  readonly parameterGroups: readonly ParameterGroup[];
  readonly parameters: Readonly<Record<string, ParameterDef>>;
  readonly mappings: Readonly<Record<string, ExprMap>>;
  readonly conditions: Readonly<Record<string, Expr>>;
  readonly resources: Readonly<Record<string, ResourceDef>>;
  readonly outputs: Readonly<Record<string, OutputDef>>;
}

/** The versions heatstack writes when it chooses: the seed's CFN version, and the newest HOT version. */
export const DEFAULT_VERSION: Readonly<Record<Dialect, TemplateVersion>> = {
  cfn: { dialect: 'cfn', key: 'HeatTemplateFormatVersion', value: '2012-12-12' },
  hot: { dialect: 'hot', value: '2021-04-16' },
};

export function emptyTemplate(dialect: Dialect = 'cfn'): Template {
  return {
    version: DEFAULT_VERSION[dialect],
    parameterGroups: [],
    parameters: {},
    mappings: {},
    conditions: {},
    resources: {},
    outputs: {},
  };
}
