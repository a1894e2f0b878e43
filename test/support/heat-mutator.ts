import { stringify } from 'yaml';
import { seededRandom } from './seeded-random.js';

/**
 * Templates for the differential comparison with Heat 19 (issue 10): a small valid template of either dialect and
 * many versions — Docker containers of both type names, a few stock Heat types, parameters, mappings, conditions,
 * outputs — edited as a person editing a template would, structure-aware: a value swapped for one of another type,
 * a function given odd arguments (the shapes Heat accepts or refuses only where it resolves them), a section
 * emptied, a key dropped, a version changed, a parameter schema or condition of an unusual shape. Each case is
 * written as JSON or as YAML. The same seed gives the same cases, so a run is reproducible.
 */

export type Data = null | boolean | number | string | Data[] | { [key: string]: Data };
type DataMap = { [key: string]: Data };

class Dice {
  constructor(readonly next: () => number) {}
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

const HOT_VERSIONS = [
  '2013-05-23',
  '2014-10-16',
  '2015-04-30',
  '2015-10-15',
  '2016-04-08',
  '2016-10-14',
  '2017-02-24',
  '2017-09-01',
  '2018-03-02',
  '2018-08-31',
  '2021-04-16',
  'newton',
  'queens',
  'wallaby',
];

function hotBase(d: Dice): DataMap {
  const version = d.pick(HOT_VERSIONS);
  const modern = version >= '2016-10-14' || /^[a-z]/.test(version);
  const template: DataMap = {
    heat_template_version: version,
    description: 'a generated case',
    parameters: {
      image: { type: 'string', default: 'busybox', constraints: [{ length: { min: 1, max: 64 } }] },
      port: { type: 'number', default: 8080, constraints: [{ range: { min: 1, max: 65535 } }] },
      names: { type: 'comma_delimited_list', default: 'a,b,c' },
      settings: { type: 'json', default: { a: 1, b: [1, 2] } },
      debug: { type: 'boolean', default: false },
      secret: { type: 'string', default: 'hunter22', hidden: true },
    },
    resources: {
      db: { type: 'DockerInc::Docker::Container', properties: { image: { get_param: 'image' }, env: ['A=1'] } },
      web: {
        type: 'DockerInc::Docker::Container',
        properties: {
          image: 'busybox',
          cmd: ['sleep', '100'],
          env: [{ list_join: ['', ['DB=', { get_attr: ['db', 'network_ip'] }]] }],
          port_bindings: { '80': { get_param: 'port' } },
          restart_policy: { Name: 'on-failure', MaximumRetryCount: 3 },
          volumes: { '/srv': '/data' },
        },
        depends_on: ['db'],
      },
      password: { type: 'OS::Heat::RandomString', properties: { length: 12 } },
      nothing: { type: 'OS::Heat::None' },
      legacy: { type: 'OS::Heat::Docker', properties: { Image: 'busybox', VolumesFrom: 'db', Memory: 0 } },
    },
    outputs: {
      url: {
        value: {
          str_replace: {
            template: 'http://host:port/',
            params: { host: { get_attr: ['web', 'network_ip'] }, port: { get_param: 'port' } },
          },
        },
      },
      password: { value: { get_attr: ['password', 'value'] }, description: 'generated' },
      id: { value: { get_resource: 'web' } },
    },
  };
  if (modern) {
    template.conditions = {
      debugging: { equals: [{ get_param: 'debug' }, true] },
      always: true,
      either: { or: [{ condition: 'debugging' }, { not: { condition: 'always' } }] },
    };
    (template.resources as DataMap).nothing = { type: 'OS::Heat::None', condition: 'debugging' };
    (template.outputs as DataMap).maybe = { value: { if: ['debugging', 'on', 'off'] } };
  }
  return template;
}

function cfnBase(d: Dice): DataMap {
  const aws = d.chance(0.4);
  const template: DataMap = {
    ...(aws ? { AWSTemplateFormatVersion: '2010-09-09' } : { HeatTemplateFormatVersion: '2012-12-12' }),
    Description: 'a generated case',
    Parameters: {
      Image: { Type: 'String', Default: 'busybox', MinLength: 1, ConstraintDescription: 'an image' },
      Port: { Type: 'Number', Default: '8080', MinValue: 1, MaxValue: 65535 },
      Names: { Type: 'CommaDelimitedList', Default: 'a,b' },
      Secret: { Type: 'String', Default: 'hunter22', NoEcho: 'true' },
    },
    Mappings: { Sizes: { small: { memory: '268435456' }, large: { memory: '1073741824' } } },
    Resources: {
      Database: { Type: 'OS::Heat::Docker', Properties: { Image: { Ref: 'Image' } } },
      Blog: {
        Type: 'OS::Heat::Docker',
        Properties: {
          Image: 'samalba/wordpress',
          Env: [{ 'Fn::Join': ['', ['DB_HOSTNAME=', { 'Fn::GetAtt': ['Database', 'NetworkIp'] }]] }],
          Memory: { 'Fn::FindInMap': ['Sizes', 'small', 'memory'] },
          VolumesFrom: 'Database',
        },
        DependsOn: 'Database',
      },
      Worker: { Type: 'DockerInc::Docker::Container', Properties: { image: 'busybox', cmd: ['true'] } },
    },
    Outputs: {
      BlogURL: { Value: { 'Fn::Join': ['', ['http://', { 'Fn::GetAtt': ['Blog', 'NetworkIp'] }, '/']] } },
      First: { Value: { 'Fn::Select': ['0', { Ref: 'Names' }] }, Description: 'first name' },
    },
  };
  if (aws) {
    template.Conditions = { Big: { 'Fn::Equals': [{ Ref: 'Port' }, '80'] }, NotBig: { 'Fn::Not': ['Big'] } };
    (template.Resources as DataMap).Worker = {
      Type: 'DockerInc::Docker::Container',
      Properties: { image: { 'Fn::If': ['Big', 'nginx', 'busybox'] } },
      Condition: 'NotBig',
    };
  }
  return template;
}

/** A placeholder for a number's text (see `SCALARS`). */
const NUMBER = 'NUMBER:';

// --- the edits ---------------------------------------------------------------------------------------------------

const SCALARS: readonly Data[] = [
  ...['', 'x', 'A', 0, 1, -1, 1.5, 2.0, true, false, null, 'yes', '1e3', '0x1F', 'True'],
  // Numbers JSON data cannot hold as Python does (a whole float, a long integer): written as placeholders, which
  // `writtenNumbers` turns into the number's text.
  ...['2.0', '1.0e+20', '123456789012345678901'].map((text) => `${NUMBER}${text}`),
];
const SHAPES: readonly Data[] = [[], {}, ['A'], [1, 2], { a: 'b' }, [{ a: 1 }], { a: [1] }, [[]]];

/** Function calls of HOT, well formed or not, newer or older than the template's version. */
const HOT_CALLS: readonly Data[] = [
  { digest: ['sha512'] },
  { digest: ['sha512', 'x'] },
  { digest: ['sha3_256', 'x'] },
  { digest: ['sha3-256', 'x'] },
  { digest: ['nope', 'x'] },
  { get_param: [] },
  { get_param: 'nope' },
  { get_param: ['settings', 'b', 0] },
  { get_param: ['names', 5] },
  { get_resource: null },
  { get_resource: 'nope' },
  { get_resource: 'db' },
  { get_attr: ['web', 'network_ip'] },
  { get_attr: ['web', { a: 1 }] },
  { get_attr: ['web', 'network_info', ['x']] },
  { get_attr: ['web', 'network_info', { k: 1 }] },
  { get_attr: ['web', 'nope'] },
  { get_attr: ['web'] },
  { get_attr: ['nope', 'x'] },
  { get_attr: 'web' },
  { str_split: [','] },
  { str_split: [',', 'a,b'] },
  { str_split: [',', 'a,b', 0] },
  { str_split: [',', 'a,b', 0, 1] },
  { str_split: [',', 'a,b', 5] },
  { map_merge: 1 },
  { map_merge: [{ a: 1 }, { b: 2 }] },
  { map_merge: [{ a: 1 }, 'x'] },
  { map_replace: [{ a: 1 }] },
  { map_replace: [{ a: 1 }, { keys: { a: 'b' } }] },
  { map_replace: [{ a: 1 }, { keys: { a: 'b' }, extra: 1 }] },
  { map_replace: [{ a: 1 }, { values: { 1: 'one' } }] },
  { list_concat: 1 },
  { list_concat: [[1], [2]] },
  { list_concat: [[1], 'x'] },
  { list_concat_unique: [[1], [1]] },
  { list_join: [',', ['a', 'b']] },
  { list_join: [',', ['a', 1]] },
  { list_join: [',', ['a'], ['b']] },
  { list_join: [','] },
  { str_replace: { template: 'v=x', params: { x: 1.0 } } },
  { str_replace: { template: 'v=x', params: { x: { get_param: 'port' } } } },
  { str_replace: { template: 'v', params: [] } },
  { str_replace_strict: { template: 'v', params: { x: 'y' } } },
  { str_replace_vstrict: { template: 'vx', params: { x: '' } } },
  { repeat: { for_each: { '%x%': ['a', 'b'] }, template: 'v%x%' } },
  { repeat: { for_each: { '%x%': 'a' }, template: 'v' } },
  { if: ['debugging', 'a', 'b'] },
  { if: ['debugging', 'a'] },
  { if: ['nope', 'a', 'b'] },
  { if: [true, 'a', { get_resource: 'nope' }] },
  { if: [false, { get_attr: ['nope', 'x'] }, 'b'] },
  { if: [{ not: 'debugging' }, 'a', 'b'] },
  { equals: ['a', 'a'] },
  { contains: ['a', ['a']] },
  { filter: [[1], [1, 2]] },
  { make_url: { scheme: 'http', host: 'h', port: 80, path: '/p' } },
  { make_url: { host: 'h', nope: 1 } },
  { yaql: { expression: '$.data', data: 1 } },
  { resource_facade: 'metadata' },
  { 'Fn::Select': [0, ['a']] },
  { 'Fn::Join': [',', ['a']] },
  { Ref: 'nope' },
  { 'Fn::Split': [',', 'a'] },
  { 'Fn::GetAtt': ['web', 'network_ip'] },
  { 'Fn::Sub': 'x' },
];

const CFN_CALLS: readonly Data[] = [
  { Ref: 'Nope' },
  { Ref: 'Image' },
  { Ref: 'Database' },
  { Ref: 'AWS::StackName' },
  { Ref: ['Image'] },
  { 'Fn::FindInMap': ['Nope', 'small', 'memory'] },
  { 'Fn::FindInMap': ['Sizes', 'nope', 'memory'] },
  { 'Fn::FindInMap': ['Sizes', { Ref: 'Image' }, 'memory'] },
  { 'Fn::FindInMap': ['Sizes', 'small'] },
  { 'Fn::Join': [',', ['a', 1]] },
  { 'Fn::Join': [',', 'a'] },
  { 'Fn::Join': [',', ['a'], ['b']] },
  { 'Fn::Select': ['1', ['a', 'b']] },
  { 'Fn::Select': [5, ['a']] },
  { 'Fn::Select': ['x', ['a']] },
  { 'Fn::Select': ['a', { a: 'b' }] },
  { 'Fn::Split': [',', 'a,b'] },
  { 'Fn::Split': [','] },
  { 'Fn::Replace': [{ x: 'y' }, 'vx'] },
  { 'Fn::Replace': [{ x: 1 }, 'vx'] },
  { 'Fn::Base64': 'x' },
  { 'Fn::Base64': ['x'] },
  { 'Fn::GetAtt': ['Blog', 'NetworkIp'] },
  { 'Fn::GetAtt': ['Blog', 'Nope'] },
  { 'Fn::GetAtt': ['Nope', 'NetworkIp'] },
  { 'Fn::GetAtt': ['Blog', 'NetworkIp', 'x'] },
  { 'Fn::GetAtt': 'Blog' },
  { 'Fn::GetAZs': '' },
  { 'Fn::MemberListToMap': ['Name', 'Value', ['.member.0.Name=a', '.member.0.Value=b']] },
  { 'Fn::If': ['Big', 'a', 'b'] },
  { 'Fn::If': ['Nope', 'a', 'b'] },
  { 'Fn::Equals': ['a', 'b'] },
  { get_param: 'Image' },
  { list_join: [',', ['a']] },
  { 'Fn::Sub': 'x' },
];

const HOT_CONDITIONS: readonly Data[] = [
  true,
  false,
  'yes',
  1,
  null,
  [],
  { equals: ['a', 'a'] },
  { equals: ['a'] },
  { not: true },
  { not: [true] },
  { not: ['debugging'] },
  { not: { condition: 'debugging' } },
  { and: [{ condition: 'debugging' }, true] },
  { and: [true, false] },
  { and: true },
  { or: [{ equals: [1, 1] }, false] },
  { or: [] },
  { condition: 'debugging' },
  { condition: 'nope' },
  { get_param: 'debug' },
  { contains: ['a', ['a', 'b']] },
  { equals: [{ get_attr: ['web', 'network_ip'] }, 'x'] },
  'debugging',
];

const CFN_CONDITIONS: readonly Data[] = [
  true,
  { 'Fn::Equals': ['a', 'a'] },
  { 'Fn::Equals': ['a'] },
  { 'Fn::Not': [{ Condition: 'Big' }] },
  { 'Fn::Not': { Condition: 'Big' } },
  { 'Fn::And': [{ Condition: 'Big' }, true] },
  { 'Fn::And': [{ Condition: 'Big' }, { 'Fn::Equals': [1, 1] }] },
  { 'Fn::Or': [{ 'Fn::Equals': [1, 1] }] },
  { Condition: 'Nope' },
  'Big',
  null,
];

/** Parameter schemas: the well-formed, the odd shapes Heat takes, and what it refuses. */
const HOT_PARAMETERS: readonly Data[] = [
  { type: 'string', default: ['a'] },
  { type: 'string', default: { a: 1 } },
  { type: 'string', default: 1 },
  { type: 'string', hidden: 'yes', default: 'x' },
  { type: 'string', hidden: 1, default: 'x' },
  { type: 'string', immutable: 1, default: 'x' },
  { type: 'string', label: ['a'], default: 'x' },
  { type: 'string', description: ['a'], default: 'x' },
  { type: 'string', description: { a: 1 }, default: 'x' },
  { type: 'string', default: '1.2.3.4', constraints: [{ custom_constraint: 'ip_addr' }] },
  { type: 'string', default: '1.2.3', constraints: [{ custom_constraint: 'ip_addr' }] },
  { type: 'string', default: '10.0.0.0/8', constraints: [{ custom_constraint: 'net_cidr' }] },
  { type: 'string', default: '10.0.0.0/33', constraints: [{ custom_constraint: 'net_cidr' }] },
  { type: 'string', default: '01:23:45:67:89:ab', constraints: [{ custom_constraint: 'mac_addr' }] },
  { type: 'string', default: '01:23:45', constraints: [{ custom_constraint: 'mac_addr' }] },
  { type: 'string', default: '2016-01-01T00:00:00Z', constraints: [{ custom_constraint: 'iso_8601' }] },
  { type: 'string', default: 'yesterday', constraints: [{ custom_constraint: 'iso_8601' }] },
  { type: 'string', default: '0 * * * *', constraints: [{ custom_constraint: 'cron_expression' }] },
  { type: 'string', default: '0 * *', constraints: [{ custom_constraint: 'cron_expression' }] },
  { type: 'string', default: 'Europe/Paris', constraints: [{ custom_constraint: 'timezone' }] },
  { type: 'string', default: 'Mars/Base', constraints: [{ custom_constraint: 'timezone' }] },
  { type: 'string', default: 'host.example.com', constraints: [{ custom_constraint: 'dns_name' }] },
  { type: 'string', default: '-bad-.example', constraints: [{ custom_constraint: 'dns_name' }] },
  { type: 'string', default: 'example.com.', constraints: [{ custom_constraint: 'dns_domain' }] },
  { type: 'string', default: '2099-01-01T00:00:00Z', constraints: [{ custom_constraint: 'expiration' }] },
  { type: 'string', default: '2001-01-01T00:00:00Z', constraints: [{ custom_constraint: 'expiration' }] },
  { type: 'string', default: 'm1.small', constraints: [{ custom_constraint: 'nova.flavor' }] },
  { type: 'string', default: 'x', constraints: [{ custom_constraint: 'no.such.thing' }] },
  { type: 'string', constraints: [{ custom_constraint: 'ip_addr' }] },
  { type: 'number', default: '5.0' },
  { type: 'number', default: 'five' },
  { type: 'number', default: 7, constraints: [{ modulo: { step: 2, offset: 1 } }] },
  { type: 'boolean', default: 'on' },
  { type: 'boolean', default: 2 },
  { type: 'json', default: '{"a": 1}' },
  { type: 'json', default: '[1' },
  { type: 'comma_delimited_list', default: ['a', 'b'] },
  { type: 'comma_delimited_list', default: 1 },
  { type: 'string', default: 'abc', constraints: [{ allowed_pattern: '[a-z]+' }, { length: { max: 2 } }] },
  { type: 'string', default: 'x', constraints: [{ allowed_values: ['x', 'y'], description: 'one of them' }] },
  { type: 'string', default: 'x', constraints: { allowed_values: ['x'] } },
  { type: 'string', default: 'x', tags: ['a'] },
  { type: 'nope', default: 'x' },
  { default: 'x' },
  'x',
];

const CFN_PARAMETERS: readonly Data[] = [
  { Type: 'String', Default: ['a'] },
  { Type: 'String', NoEcho: 'yes', Default: 'x' },
  { Type: 'String', Default: 'x', ConstraintDescription: 'alone' },
  { Type: 'String', Default: 'x', AllowedValues: ['x', 'y'], ConstraintDescription: 'x or y' },
  { Type: 'String', Default: 'z', AllowedValues: ['x', 'y'] },
  { Type: 'String', Default: 'abc', AllowedPattern: '[a-z]+', MaxLength: '2' },
  { Type: 'Number', Default: '5.0', MinValue: '1' },
  { Type: 'Number', Default: 'x' },
  { Type: 'CommaDelimitedList', Default: 'a,b' },
  { Type: 'Json', Default: '{"a": 1}' },
  { Type: 'Boolean', Default: 'true' },
  { Type: 'string', Default: 'x' },
  { Type: 'String', Default: 'x', Label: ['a'] },
  { Type: 'String', Default: 'x', Nope: 1 },
  { Default: 'x' },
];

const SECTION_VALUES: readonly Data[] = [[], '', 0, null, {}, 'x', ['a'], false];

/** Every path of a value (as key lists), for picking one to edit. */
function paths(value: Data, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(prefix);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) paths(value[i] as Data, [...prefix, i], out);
  } else if (value !== null && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) paths(v, [...prefix, k], out);
  return out;
}

function setAt(root: Data, path: readonly (string | number)[], value: Data | undefined): void {
  let node = root;
  for (const key of path.slice(0, -1)) node = (node as DataMap)[key as string] as Data;
  const last = path[path.length - 1] as string | number;
  if (Array.isArray(node)) {
    if (value === undefined) node.splice(last as number, 1);
    else node[last as number] = value;
  } else if (node !== null && typeof node === 'object') {
    if (value === undefined) delete node[last as string];
    else node[last as string] = value;
  }
}

function clone<T extends Data>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

type Edit = (t: DataMap, d: Dice, hot: boolean) => void;

const sectionKey = (hot: boolean, name: string) => (hot ? name.toLowerCase() : name);

function entryOf(t: DataMap, section: string): DataMap | undefined {
  const s = t[section];
  return s !== null && typeof s === 'object' && !Array.isArray(s) ? s : undefined;
}

/** The edits, each a plausible step of a person editing a template. */
const EDITS: readonly Edit[] = [
  // a value somewhere in resources or outputs becomes a function call of the dialect (or the other's)
  (t, d, hot) => {
    const section = sectionKey(hot, d.pick(['Resources', 'Outputs', 'Resources']));
    const candidates = paths(t[section] ?? null).filter((p) => p.length >= 3);
    if (candidates.length === 0) return;
    const calls = hot ? HOT_CALLS : d.chance(0.85) ? CFN_CALLS : HOT_CALLS;
    setAt(t, [section, ...d.pick(candidates)], clone(d.pick(calls)));
  },
  // a value anywhere becomes a scalar or a shape of another type
  (t, d) => {
    const candidates = paths(t).filter((p) => p.length >= 2);
    setAt(t, d.pick(candidates), clone(d.pick(d.chance(0.5) ? SCALARS : SHAPES)));
  },
  // a key is dropped
  (t, d) => {
    const candidates = paths(t).filter((p) => p.length >= 2);
    setAt(t, d.pick(candidates), undefined);
  },
  // a section is empty, or not a map
  (t, d, hot) => {
    const names = hot
      ? ['parameters', 'resources', 'outputs', 'conditions', 'parameter_groups']
      : ['Parameters', 'Resources', 'Outputs', 'Mappings', 'Conditions'];
    t[d.pick(names)] = clone(d.pick(SECTION_VALUES));
  },
  // an odd parameter schema
  (t, d, hot) => {
    const section = sectionKey(hot, 'Parameters');
    const params = entryOf(t, section) ?? {};
    params[hot ? 'extra' : 'Extra'] = clone(d.pick(hot ? HOT_PARAMETERS : CFN_PARAMETERS));
    t[section] = params;
  },
  // an odd condition, defined and used
  (t, d, hot) => {
    const section = sectionKey(hot, 'Conditions');
    const conditions = entryOf(t, section) ?? {};
    const name = hot ? 'odd' : 'Odd';
    conditions[name] = clone(d.pick(hot ? HOT_CONDITIONS : CFN_CONDITIONS));
    t[section] = conditions;
    const outputs = entryOf(t, sectionKey(hot, 'Outputs'));
    if (outputs && d.chance(0.5))
      outputs[hot ? 'odd' : 'Odd'] = hot
        ? { value: { if: [name, 'a', 'b'] } }
        : { Value: { 'Fn::If': [name, 'a', 'b'] } };
  },
  // a new output computing something
  (t, d, hot) => {
    const section = sectionKey(hot, 'Outputs');
    const outputs = entryOf(t, section) ?? {};
    outputs[`o${d.int(100)}`] = hot ? { value: clone(d.pick(HOT_CALLS)) } : { Value: clone(d.pick(CFN_CALLS)) };
    t[section] = outputs;
  },
  // a property value swapped for another type (a container's string, list, map, integer or boolean)
  (t, d, hot) => {
    const resources = entryOf(t, sectionKey(hot, 'Resources'));
    if (!resources) return;
    const names = Object.keys(resources);
    if (names.length === 0) return;
    const r = resources[d.pick(names)];
    if (r === null || typeof r !== 'object' || Array.isArray(r)) return;
    const props = (r.properties ?? r.Properties ?? {}) as DataMap;
    if (typeof props !== 'object' || props === null || Array.isArray(props)) return;
    const key = d.pick([
      ...Object.keys(props),
      'VolumesFrom',
      'volumes_from',
      'Memory',
      'memory',
      'Volumes',
      'cmd',
      'Dns',
      'cap_add',
      'devices',
      'name',
      'Nope',
    ]);
    props[key] = clone(d.pick([...SCALARS, ...SHAPES, ['A', 'B'], [{ path_on_host: '/dev/x' }], ['NET_ADMIN']]));
    if (r.properties !== undefined || hot) r.properties = props;
    else r.Properties = props;
  },
  // a value wrapped in an if (its other branch something else)
  (t, d, hot) => {
    const section = sectionKey(hot, d.pick(['Resources', 'Outputs']));
    const candidates = paths(t[section] ?? null).filter((p) => p.length >= 3);
    if (candidates.length === 0) return;
    const path = d.pick(candidates);
    let node: Data = t[section] ?? null;
    for (const k of path) node = (node as DataMap)[k as string] as Data;
    const other = clone(d.pick(hot ? HOT_CALLS : CFN_CALLS));
    const cond = hot ? d.pick(['debugging', 'always', true, false, 'nope']) : d.pick(['Big', 'NotBig', 'Nope']);
    const branches = d.chance(0.5) ? [node, other] : [other, node];
    setAt(t, [section, ...path], hot ? { if: [cond, ...branches] } : { 'Fn::If': [cond, ...branches] });
  },
  // the version changes
  (t, d, hot) => {
    if (hot) t.heat_template_version = d.pick([...HOT_VERSIONS, '2012-12-12', 'ocata', 2016]);
    else if ('HeatTemplateFormatVersion' in t) t.HeatTemplateFormatVersion = d.pick(['2012-12-12', '2010-09-09']);
    else t.AWSTemplateFormatVersion = d.pick(['2010-09-09', '2012-12-12']);
  },
];

/** One case: a base template of either dialect, with one to three edits, as JSON or YAML text. */
export function mutatedTemplate(random: () => number, maxEdits = 3): string {
  const d = new Dice(random);
  const hot = d.chance(0.6);
  const t = hot ? hotBase(d) : cfnBase(d);
  const edits = maxEdits === 0 ? 0 : 1 + d.int(maxEdits);
  for (let i = 0; i < edits; i++) d.pick(EDITS)(t, d, hot);
  return writtenNumbers(d.chance(0.5) ? `${JSON.stringify(t)}\n` : stringify(t, { version: '1.1' }));
}

/** The text with each number placeholder (`SCALARS`), quoted or not, replaced by the number's text. */
function writtenNumbers(text: string): string {
  return text.replace(/["']?NUMBER:([0-9.e+]+)["']?/g, '$1');
}

/** `count` cases from `seed`. */
export function mutatedTemplates(seed: number, count: number): string[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => mutatedTemplate(random));
}
