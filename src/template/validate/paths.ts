import { pathOf } from '../diagnostics.js';
import { spellingFor } from '../functions/index.js';
import { KEY_NAMES } from '../key-names.js';
import type { Call, Dialect, FnName, TemplateVersion } from '../model.js';

/**
 * Template paths as the author wrote them: `Resources.Blog.Properties.Env[1]` in CFN,
 * `resources.blog.properties.env[1]` in HOT. Inside a function call the path goes through the function's key
 * as the dialect spells it (`Env[0].Fn::Join[1][0]`), so a message can point at the very argument.
 */

export type Section = 'parameters' | 'resources' | 'outputs' | 'conditions' | 'mappings' | 'parameterGroups';
export type ResourceKey =
  | 'type'
  | 'properties'
  | 'dependsOn'
  | 'metadata'
  | 'condition'
  | 'deletionPolicy'
  | 'updatePolicy'
  | 'externalId';

export class TemplatePaths {
  readonly dialect: Dialect;

  constructor(readonly version: TemplateVersion) {
    this.dialect = version.dialect;
  }

  section(section: Section, ...rest: (string | number)[]): string {
    return pathOf(KEY_NAMES[this.dialect][section], ...rest);
  }

  resource(name: string, key?: ResourceKey, ...rest: (string | number)[]): string {
    if (key === undefined) return this.section('resources', name);
    return this.section('resources', name, KEY_NAMES[this.dialect][key], ...rest);
  }

  output(name: string, key?: 'value' | 'condition'): string {
    return key === undefined
      ? this.section('outputs', name)
      : this.section('outputs', name, KEY_NAMES[this.dialect][key]);
  }

  parameter(name: string, key?: 'default' | 'type'): string {
    return key === undefined
      ? this.section('parameters', name)
      : this.section('parameters', name, KEY_NAMES[this.dialect][key]);
  }

  /** The path of a parameter's `i`th constraint: HOT lists them; CFN spreads them over keys of the parameter. */
  constraint(name: string, index: number, kind: string): string {
    if (this.dialect === 'hot') return this.section('parameters', name, 'constraints', index);
    const key = {
      allowed_values: 'AllowedValues',
      allowed_pattern: 'AllowedPattern',
      length: 'MinLength',
      range: 'MinValue',
    }[kind];
    return this.section('parameters', name, key ?? 'Type');
  }

  /** The key a call is written under, as the template's version spells `fn` (for paths only). */
  functionKey(fn: FnName): string {
    return spellingFor(fn, this.version)?.name ?? (this.dialect === 'cfn' ? CFN_KEYS : HOT_KEYS)[fn] ?? fn;
  }

  /** The path of each argument of `c`, found at `callPath` (the path of the map holding the function key). */
  argumentPaths(c: Call, callPath: string): string[] {
    // A condition is mostly named by a bare string (`if: [prod, …]`, `and: [a, b]`): no key of its own.
    if (c.fn === 'condition') return c.args.map(() => callPath);
    const at = join(callPath, this.functionKey(c.fn));
    const n = c.args.length;
    if (n === 1 && (WHOLE_ARGUMENT.has(c.fn) || c.fn === 'get_param' || c.fn === 'get_resource')) return [at];
    if (c.fn === 'not' && this.dialect === 'hot') return [at];
    if (this.dialect === 'hot' && (c.fn === 'replace' || c.fn === 'replace_strict' || c.fn === 'replace_vstrict')) {
      return [`${at}.params`, `${at}.template`];
    }
    return c.args.map((_, i) => `${at}[${i}]`);
  }
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

/** Functions whose one canonical argument is the whole raw argument (a list or map written under the key). */
const WHOLE_ARGUMENT = new Set<FnName>([
  'map_merge',
  'list_concat',
  'list_concat_unique',
  'repeat',
  'make_url',
  'yaql',
  'get_file',
  'base64',
  'get_azs',
  'resource_facade',
  'condition',
]);

const CFN_KEYS: Partial<Record<FnName, string>> = {
  get_param: 'Ref',
  get_resource: 'Ref',
  get_attr: 'Fn::GetAtt',
  join: 'Fn::Join',
  select: 'Fn::Select',
  split: 'Fn::Split',
  replace: 'Fn::Replace',
  base64: 'Fn::Base64',
  find_in_map: 'Fn::FindInMap',
  get_azs: 'Fn::GetAZs',
  member_list_to_map: 'Fn::MemberListToMap',
  resource_facade: 'Fn::ResourceFacade',
  equals: 'Fn::Equals',
  if: 'Fn::If',
  not: 'Fn::Not',
  and: 'Fn::And',
  or: 'Fn::Or',
  condition: 'Condition',
};

const HOT_KEYS: Partial<Record<FnName, string>> = {
  join: 'list_join',
  select: 'Fn::Select',
  split: 'str_split',
  replace: 'str_replace',
  replace_strict: 'str_replace_strict',
  replace_vstrict: 'str_replace_vstrict',
  base64: 'Fn::Base64',
  find_in_map: 'Fn::FindInMap',
  get_azs: 'Fn::GetAZs',
  member_list_to_map: 'Fn::MemberListToMap',
  resource_facade: 'Fn::ResourceFacade',
};
