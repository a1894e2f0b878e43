import { pathOf } from '../diagnostics.js';
import { spellingFor } from '../functions/index.js';
import type { Call, Dialect, FnName, TemplateVersion } from '../model.js';

/**
 * Template paths as the author wrote them: `Resources.Blog.Properties.Env[1]` in CFN,
 * `resources.blog.properties.env[1]` in HOT. Inside a function call the path goes through the function's key
 * as the dialect spells it (`Env[0].Fn::Join[1][0]`), so a message can point at the very argument.
 */

const SECTION = {
  cfn: {
    parameters: 'Parameters',
    resources: 'Resources',
    outputs: 'Outputs',
    conditions: 'Conditions',
    mappings: 'Mappings',
    parameterGroups: 'ParameterGroups',
  },
  hot: {
    parameters: 'parameters',
    resources: 'resources',
    outputs: 'outputs',
    conditions: 'conditions',
    mappings: 'mappings',
    parameterGroups: 'parameter_groups',
  },
} as const;

const RESOURCE_KEY = {
  cfn: {
    type: 'Type',
    properties: 'Properties',
    dependsOn: 'DependsOn',
    metadata: 'Metadata',
    condition: 'Condition',
    deletionPolicy: 'DeletionPolicy',
    updatePolicy: 'UpdatePolicy',
    externalId: 'ExternalId',
  },
  hot: {
    type: 'type',
    properties: 'properties',
    dependsOn: 'depends_on',
    metadata: 'metadata',
    condition: 'condition',
    deletionPolicy: 'deletion_policy',
    updatePolicy: 'update_policy',
    externalId: 'external_id',
  },
} as const;

const OUTPUT_KEY = {
  cfn: { value: 'Value', condition: 'Condition' },
  hot: { value: 'value', condition: 'condition' },
} as const;

const PARAMETER_KEY = {
  cfn: { default: 'Default', type: 'Type' },
  hot: { default: 'default', type: 'type' },
} as const;

export type Section = keyof (typeof SECTION)['cfn'];
export type ResourceKey = keyof (typeof RESOURCE_KEY)['cfn'];

export class TemplatePaths {
  readonly dialect: Dialect;

  constructor(readonly version: TemplateVersion) {
    this.dialect = version.dialect;
  }

  section(section: Section, ...rest: (string | number)[]): string {
    return pathOf(SECTION[this.dialect][section], ...rest);
  }

  resource(name: string, key?: ResourceKey, ...rest: (string | number)[]): string {
    if (key === undefined) return this.section('resources', name);
    return this.section('resources', name, RESOURCE_KEY[this.dialect][key], ...rest);
  }

  output(name: string, key?: keyof (typeof OUTPUT_KEY)['cfn']): string {
    return key === undefined
      ? this.section('outputs', name)
      : this.section('outputs', name, OUTPUT_KEY[this.dialect][key]);
  }

  parameter(name: string, key?: keyof (typeof PARAMETER_KEY)['cfn']): string {
    return key === undefined
      ? this.section('parameters', name)
      : this.section('parameters', name, PARAMETER_KEY[this.dialect][key]);
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
