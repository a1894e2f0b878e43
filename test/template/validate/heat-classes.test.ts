import { describe, expect, test } from 'vitest';
import { parseTemplate } from '../../../src/template/parse/index.js';
import { validateTemplate } from '../../../src/template/validate/index.js';
import { heatVerdicts, testWithHeat } from '../../support/heat.js';

/**
 * The classes of issue 10, each as minimal templates: what heatstack answers, and (where Heat 19 is installed)
 * that Heat's verdict is the same — valid where heatstack is valid (a warning is fine), invalid where it is not.
 */

interface Case {
  readonly name: string;
  readonly text: string;
  /** A part of heatstack's first error, or `valid` (no error), or `warning: <part of a warning>`. */
  readonly expect: string;
  /** Heat 19 fails with a Python error here (its bug); heatstack does what Heat evidently means. */
  readonly heatCrashes?: true;
}

const HOT = 'heat_template_version: 2021-04-16\n';
const CFN = "HeatTemplateFormatVersion: '2012-12-12'\n";
const AWS = "AWSTemplateFormatVersion: '2010-09-09'\n";
const R = 'resources: {r: {type: OS::Heat::RandomString}}\n';
const output = (value: string, version = HOT) => `${version}${R}outputs: {o: {value: ${value}}}\n`;
const property = (value: string) =>
  `${HOT}resources:\n  r: {type: OS::Heat::RandomString}\n  c: {type: DockerInc::Docker::Container, properties: {hostname: ${value}}}\n`;
const parameter = (schema: string) => `${HOT}parameters: {p: ${schema}}\n`;

const CLASSES: Readonly<Record<string, readonly Case[]>> = {
  '1. argument checks Heat makes only when it resolves a value: warnings in outputs, errors in properties': [
    { name: 'digest of one argument', text: output('{digest: [sha512]}'), expect: 'warning: Function "digest" usage' },
    { name: 'get_param of nothing', text: output('{get_param: []}'), expect: 'warning: must have arguments' },
    { name: 'get_resource of null', text: output('{get_resource: null}'), expect: 'warning: get_resource' },
    { name: 'get_resource of a list', text: output('{get_resource: [r]}'), expect: 'must be the name of a resource' },
    {
      name: 'get_resource of a name computed by get_param of nothing (Heat resolves the name as it validates)',
      text: output('{get_resource: {get_param: []}}'),
      expect: 'get_param: Function "get_param" must have arguments',
    },
    { name: 'get_resource of a whole float', text: output('{get_resource: 1.0e+20}'), expect: 'warning: get_resource' },
    { name: 'str_split of one argument', text: output('{str_split: [","]}'), expect: 'warning: str_split' },
    { name: 'map_merge of a string', text: output('{map_merge: x}'), expect: 'warning: it takes a list' },
    { name: 'map_replace of one map', text: output('{map_replace: [{a: 1}]}'), expect: 'warning: map_replace' },
    {
      name: 'map_replace with an extra key',
      text: output('{map_replace: [{a: 1}, {keys: {a: b}, extra: 1}]}'),
      expect: 'warning: only "keys" and "values"',
    },
    { name: 'list_concat of a string', text: output('{list_concat: x}'), expect: 'warning: it takes a list' },
    { name: 'an unknown get_param', text: output('{get_param: nope}'), expect: 'warning: get_param names "nope"' },
    {
      name: 'CFN Ref of an unknown name',
      text: `${CFN}Outputs: {o: {Value: {Ref: Nope}}}\n`,
      expect: 'warning: Ref names "Nope"',
    },
    ...['0', 'null', 'true', '1.5'].map((v) => ({
      name: `CFN Ref of ${v} (a key Heat looks up and misses)`,
      text: `${AWS}Resources: {W: {Type: OS::Heat::None}}\nOutputs: {o: {Value: {Ref: ${v}}}}\n`,
      expect: 'warning: (in unknown) is incorrect',
    })),
    {
      name: 'CFN Ref of 0 in a property',
      text: `${AWS}Resources: {W: {Type: OS::Heat::RandomString, Properties: {salt: {Ref: 0}}}}\n`,
      expect: 'The specified reference "0" (in unknown) is incorrect.',
    },
    {
      name: 'Fn::FindInMap of a missing mapping',
      text: `${CFN}Outputs: {o: {Value: {'Fn::FindInMap': [M, a, b]}}}\n`,
      expect: 'warning: no mapping named "M"',
    },
    { name: 'digest of one argument in a property', text: property('{digest: [sha512]}'), expect: 'digest' },
    { name: 'map_merge of a string in a property', text: property('{map_merge: x}'), expect: 'it takes a list' },
    { name: 'an unknown get_param in a property', text: property('{get_param: nope}'), expect: 'get_param names' },
  ],
  '2. str_split with extra arguments: Heat ignores them': [
    { name: 'in an output', text: output('{str_split: [",", "a,b", 0, 1]}'), expect: 'warning: Heat ignores' },
    { name: 'in a property', text: property('{str_split: [",", "a,b", 0, 1]}'), expect: 'warning: Heat ignores' },
  ],
  '3. a function newer than the version is a plain map': [
    {
      name: 'in an output',
      text: output('{str_split: [",", "a"]}', 'heat_template_version: 2015-04-30\n'),
      expect: 'warning: (Heat reads it here as a plain map)',
    },
    {
      name: 'in a map property',
      text: 'heat_template_version: 2015-04-30\nresources: {c: {type: DockerInc::Docker::Container, properties: {links: {map_merge: [{a: b}]}}}}\n',
      expect: 'valid',
    },
    {
      name: 'in a string property',
      text: 'heat_template_version: 2015-04-30\nresources: {c: {type: DockerInc::Docker::Container, properties: {hostname: {str_split: [",", "a"]}}}}\n',
      expect: 'Value must be a string',
    },
    {
      name: 'Fn::If with HeatTemplateFormatVersion, in an output',
      text: `${CFN}Outputs: {o: {Value: {'Fn::If': [c, a, b]}}}\n`,
      expect: 'warning: plain map',
    },
  ],
  "5. the 2013 plugin's VolumesFrom is a string": [
    {
      name: 'a list',
      text: `${CFN}Resources: {A: {Type: OS::Heat::Docker, Properties: {Image: x, VolumesFrom: [B]}}}\n`,
      expect: "Value must be a string; got ['B']",
    },
    {
      name: 'an integer, coerced',
      text: `${CFN}Resources: {A: {Type: OS::Heat::Docker, Properties: {Image: x, VolumesFrom: 2}}}\n`,
      expect: 'valid',
    },
    {
      name: 'a boolean, coerced',
      text: `${CFN}Resources: {A: {Type: OS::Heat::Docker, Properties: {Image: x, VolumesFrom: true}}}\n`,
      expect: 'valid',
    },
    {
      name: 'a float, refused (Heat coerces only int and bool)',
      text: `${CFN}Resources: {A: {Type: OS::Heat::Docker, Properties: {Image: x, VolumesFrom: 1.5}}}\n`,
      expect: 'Value must be a string; got 1.5',
    },
  ],
  '6. custom constraints Heat checks offline are checked; unknown names refused': [
    {
      name: 'ip_addr',
      text: parameter('{type: string, default: 1.2.3, constraints: [{custom_constraint: ip_addr}]}'),
      expect: 'Invalid IP address',
    },
    {
      name: 'a valid ip_addr',
      text: parameter('{type: string, default: 10.0.0.1, constraints: [{custom_constraint: ip_addr}]}'),
      expect: 'valid',
    },
    {
      name: 'net_cidr',
      text: parameter('{type: string, default: 10.0.0.0/33, constraints: [{custom_constraint: net_cidr}]}'),
      expect: 'is not a valid IP subnet',
    },
    {
      name: 'mac_addr',
      text: parameter('{type: string, default: "zz:23:45:67:89:ab", constraints: [{custom_constraint: mac_addr}]}'),
      expect: 'Invalid MAC address',
    },
    {
      name: 'iso_8601',
      text: parameter('{type: string, default: yesterday, constraints: [{custom_constraint: iso_8601}]}'),
      expect: 'Invalid ISO 8601',
    },
    {
      name: 'cron_expression',
      text: parameter('{type: string, default: "0 * *", constraints: [{custom_constraint: cron_expression}]}'),
      expect: 'Invalid CRON expression',
    },
    {
      name: 'timezone',
      text: parameter('{type: string, default: Mars/Base, constraints: [{custom_constraint: timezone}]}'),
      expect: 'Invalid timezone',
    },
    {
      name: 'dns_name',
      text: parameter('{type: string, default: -bad-.example, constraints: [{custom_constraint: dns_name}]}'),
      expect: 'must not start or end with a hyphen',
    },
    {
      name: 'expiration',
      text: parameter(
        '{type: string, default: "2001-01-01T00:00:00Z", constraints: [{custom_constraint: expiration}]}',
      ),
      expect: 'Expiration time is out of date',
    },
    {
      name: 'a service constraint',
      text: parameter('{type: string, default: m1.small, constraints: [{custom_constraint: nova.flavor}]}'),
      expect: 'warning: OpenStack service',
    },
    {
      name: 'an unknown constraint',
      text: parameter('{type: string, default: x, constraints: [{custom_constraint: no.such}]}'),
      expect: 'does not validate no.such (constraint not found)',
    },
    {
      name: 'an ip_addr property of a stock type',
      text: `${HOT}resources: {f: {type: OS::Neutron::FloatingIP, properties: {floating_network: n, floating_ip_address: 1.2.3}}}\n`,
      expect: 'Invalid IP address',
    },
  ],
  '7. parameter schemas Heat takes as they are': [
    {
      name: 'a string parameter with a list default',
      text: parameter('{type: string, default: [a]}'),
      expect: 'valid',
    },
    {
      name: 'a string parameter with a map default',
      text: parameter('{type: string, default: {a: 1}}'),
      expect: 'valid',
    },
    { name: 'hidden: "yes"', text: parameter('{type: string, default: x, hidden: "yes"}'), expect: 'valid' },
    { name: 'immutable: 1', text: parameter('{type: string, default: x, immutable: 1}'), expect: 'valid' },
    { name: 'a list label', text: parameter('{type: string, default: x, label: [a]}'), expect: 'valid' },
    { name: 'a map description', text: parameter('{type: string, default: x, description: {a: 1}}'), expect: 'valid' },
    {
      name: 'a CFN list Label',
      text: `${CFN}Parameters: {P: {Type: String, Default: x, Label: [a]}}\n`,
      expect: 'valid',
    },
    {
      name: 'a map output description',
      text: `${HOT}outputs: {o: {value: 1, description: {a: 1}}}\n`,
      expect: 'valid',
    },
  ],
  "7b. a string parameter's list or map default, checked as it is (not its str())": [
    {
      name: 'an empty list default, with a minimum length',
      text: parameter('{type: string, default: [], constraints: [{length: {min: 1}}]}'),
      expect: 'Invalid default [] (length (0) is out of range (min: 1, max: None))',
    },
    {
      name: 'an empty map default, with a minimum length',
      text: parameter('{type: string, default: {}, constraints: [{length: {min: 1}}]}'),
      expect: 'Invalid default {} (length (0)',
    },
    {
      name: 'a list of two, with a maximum length of one',
      text: parameter('{type: string, default: [x, y], constraints: [{length: {max: 1}}]}'),
      expect: 'length (2) is out of range',
    },
    {
      name: 'a list of one, with a maximum length of one (its str() is longer)',
      text: parameter("{type: string, default: ['a'], constraints: [{length: {max: 1}}]}"),
      expect: 'valid',
    },
    {
      name: 'an empty list with allowed values: every item is allowed',
      text: parameter('{type: string, default: [], constraints: [{allowed_values: [x, y]}]}'),
      expect: 'valid',
    },
    {
      name: 'a list of allowed values',
      text: parameter('{type: string, default: [x, y], constraints: [{allowed_values: [x, y]}]}'),
      expect: 'valid',
    },
    {
      name: 'a list holding a number where the allowed value is its text',
      text: parameter("{type: string, default: [1], constraints: [{allowed_values: ['1']}]}"),
      expect: 'Invalid default [1] ([1] is not an allowed value ["1"])',
    },
    {
      name: 'a map with allowed values',
      text: parameter('{type: string, default: {}, constraints: [{allowed_values: [x]}]}'),
      expect: '{} is not an allowed value',
    },
    {
      name: 'a list with a pattern',
      text: parameter("{type: string, default: [x], constraints: [{allowed_pattern: 'x'}]}"),
      expect: "expected string or bytes-like object, got 'list'",
    },
    {
      name: 'a CFN list Default with MinLength',
      text: `${CFN}Parameters: {P: {Type: String, Default: [], MinLength: 1, ConstraintDescription: an image}}\n`,
      expect: 'Invalid default [] (an image)',
    },
    {
      name: 'a number default with a length constraint: a number has no len()',
      text: parameter('{type: string, default: 1, constraints: [{length: {min: 1}}]}'),
      expect: "Invalid default 1 (object of type 'int' has no len())",
    },
    {
      name: 'a boolean default with a pattern',
      text: parameter("{type: string, default: true, constraints: [{allowed_pattern: 'True'}]}"),
      expect: "expected string or bytes-like object, got 'bool'",
    },
    {
      name: 'a number default among allowed values written as text: compared as its str()',
      text: parameter("{type: string, default: 1.5, constraints: [{allowed_values: ['1.5', x]}]}"),
      expect: 'valid',
    },
    {
      name: "a range bound written as a boolean (Python's True is 1)",
      text: parameter('{type: number, default: 1, constraints: [{range: {min: true}}]}'),
      expect: 'valid',
    },
    {
      name: 'a range bound of true that the default breaks',
      text: parameter('{type: number, default: 0, constraints: [{range: {min: true}}]}'),
      expect: 'is out of range',
    },
  ],
  '8. condition shapes Heat cannot resolve, where it resolves them': [
    {
      name: 'not: [c] as a resource condition',
      text: `${HOT}conditions: {c: true, odd: {not: [c]}}\nresources: {r: {type: OS::Heat::None, condition: odd}}\n`,
      expect: 'Invalid condition "[\'c\']"',
    },
    {
      name: 'and: [{condition: c}, true] in an output if',
      text: `${HOT}conditions: {c: true, odd: {and: [{condition: c}, true]}}\noutputs: {o: {value: {if: [odd, 1, 2]}}}\n`,
      expect: 'Invalid condition',
    },
    {
      name: 'CFN Fn::Not of {Condition: c}',
      text: "AWSTemplateFormatVersion: 2010-09-09\nConditions: {C: true, Odd: {'Fn::Not': [{Condition: C}]}}\nOutputs: {o: {Value: {'Fn::If': [Odd, a, b]}}}\n",
      expect: 'Invalid condition',
    },
    {
      name: 'such a definition never used',
      text: `${HOT}conditions: {c: true, odd: {not: [c]}}\n`,
      expect: 'valid',
    },
    {
      name: 'an unknown name in a definition never used',
      text: `${HOT}conditions: {c: {or: [{not: ''}, true]}}\n`,
      expect: 'warning: Heat never resolves "c"',
    },
    {
      name: 'the same definition used by a resource',
      text: `${HOT}conditions: {c: {or: [{not: x}, true]}}\nresources: {r: {type: OS::Heat::None, condition: c}}\n`,
      expect: 'Invalid condition "x"',
    },
    {
      name: 'an unknown get_param in a definition never used',
      text: `${HOT}conditions: {c: {equals: [{get_param: nope}, 1]}}\n`,
      expect: 'warning: Heat never resolves "c"',
    },
    {
      name: 'a circle of definitions never used',
      text: `${HOT}conditions: {a: {not: b}, b: {not: a}}\n`,
      expect: 'valid',
    },
    {
      name: 'a circle of definitions an output uses',
      text: `${HOT}conditions: {a: {not: b}, b: {not: a}}\noutputs: {o: {value: {if: [b, 1, 2]}}}\n`,
      expect: 'Circular definition',
    },
  ],
  '9. empty or non-map sections': [
    ...['[]', "''", '0', 'false', 'null'].flatMap((v) => [
      { name: `resources: ${v}`, text: `${HOT}resources: ${v}\n`, expect: 'valid' },
      { name: `outputs: ${v}`, text: `${HOT}outputs: ${v}\n`, expect: 'valid' },
      { name: `parameters: ${v}`, text: `${HOT}parameters: ${v}\n`, expect: 'valid' },
      { name: `parameter_groups: ${v}`, text: `${HOT}parameter_groups: ${v}\n`, expect: 'valid' },
    ]),
    { name: 'resources: x', text: `${HOT}resources: x\n`, expect: 'must be a map of definitions' },
    { name: 'outputs: [a]', text: `${HOT}outputs: [a]\n`, expect: 'must be a map of definitions' },
    { name: 'conditions: null', text: `${HOT}conditions:\n`, expect: 'Condition definitions must be a map' },
    { name: 'CFN Mappings: x', text: `${CFN}Mappings: x\n`, expect: 'warning: heatstack ignores it' },
    {
      name: 'a CFN mapping that is a list',
      text: `${CFN}Mappings: {M: [a]}\n`,
      expect: 'warning: a lookup in it fails',
    },
  ],
  '11. a two-argument if that is false, in resource properties: the item is left out': [
    {
      name: 'in a list property',
      text: `${HOT}conditions: {f: false}\nresources: {c: {type: DockerInc::Docker::Container, properties: {image: x, cmd: [a, {if: [f, b]}]}}}\n`,
      expect: 'valid',
      heatCrashes: true,
    },
  ],
  "digest takes the names of Python's hashlib": [
    { name: 'sha3_256', text: property('{digest: [sha3_256, x]}'), expect: 'valid' },
    { name: 'blake2b', text: property('{digest: [blake2b, x]}'), expect: 'valid' },
    { name: "OpenSSL's sha3-256", text: property('{digest: [sha3-256, x]}'), expect: 'Algorithm must be one of' },
    { name: "OpenSSL's blake2b512", text: property('{digest: [blake2b512, x]}'), expect: 'Algorithm must be one of' },
    {
      name: 'an unknown algorithm in an output: checked only as the output resolves',
      text: output('{digest: [sha3-256, x]}'),
      expect: 'warning: Algorithm must be one of',
    },
  ],
  'OS::Heat::None takes any property and gives any attribute': [
    {
      name: 'any property, any attribute',
      text: `${HOT}resources: {n: {type: OS::Heat::None, properties: {a: 1}}}\noutputs: {o: {value: {get_attr: [n, b]}}}\n`,
      expect: 'valid',
    },
    {
      name: 'a Snapshot deletion policy (its validate does nothing)',
      text: `${HOT}resources: {n: {type: OS::Heat::None, deletion_policy: Snapshot}}\n`,
      expect: 'valid',
    },
    ...['OS::Designate::Domain', 'OS::Designate::Record', 'OS::Aodh::CombinationAlarm', 'OS::Magnum::Bay'].map(
      (type) => ({
        name: `${type}, which Heat removed and keeps as a NoneResource`,
        text: `${HOT}resources: {n: {type: ${type}, properties: {name: x.}}}\noutputs: {o: {value: {get_attr: [n, b]}}}\n`,
        expect: 'valid',
      }),
    ),
  ],
  'a type whose plugin resolves attribute names takes any before the create': [
    {
      name: "a software deployment's output, in a property and an output",
      text:
        `${HOT}resources:\n  c: {type: OS::Heat::SoftwareConfig, properties: {config: x}}\n` +
        '  d: {type: OS::Heat::SoftwareDeployment, properties: {config: {get_resource: c}, server: s}}\n' +
        '  e: {type: OS::Heat::SoftwareConfig, properties: {config: {get_attr: [d, result]}}}\n' +
        'outputs: {o: {value: {get_attr: [d, other]}}}\n',
      expect: 'valid',
    },
    {
      name: "a CFN nested stack's Outputs.X",
      text: `${AWS}Resources: {N: {Type: AWS::CloudFormation::Stack, Properties: {TemplateURL: http://x/t.yaml}}}\nOutputs: {o: {Value: {'Fn::GetAtt': [N, Outputs.Foo]}}}\n`,
      expect: 'valid',
    },
    {
      name: "a software config's unknown attribute stays an error",
      text: `${HOT}resources: {c: {type: OS::Heat::SoftwareConfig, properties: {config: x}}}\noutputs: {o: {value: {get_attr: [c, nothing]}}}\n`,
      expect: 'The Referenced Attribute (c nothing) is incorrect',
    },
  ],
  '10. get_attr with a map or list as a path element or attribute name': [
    { name: 'a map attribute name', text: output('{get_attr: [r, {a: 1}]}'), expect: 'must be a string or a number' },
    {
      name: 'a list path element',
      text: output('{get_attr: [r, value, [0]]}'),
      expect: 'must be a string or a number',
    },
    {
      name: 'a function path element',
      text: output('{get_attr: [r, value, {get_param: OS::stack_name}]}'),
      expect: 'valid',
    },
    {
      name: 'a list path element in HOT 2013-05-23, which applies its path only when it resolves: in an output, a warning',
      text: output('{get_attr: [r, value, [0]]}', 'heat_template_version: 2013-05-23\n'),
      expect: 'warning: must be a string or a number',
    },
    {
      name: 'a map attribute name in the branch an if does not take',
      text: `${HOT}conditions: {yes_: true}\n${R}outputs: {o: {value: {if: [yes_, 1, {get_attr: [r, {a: 1}]}]}}}\n`,
      expect: 'valid',
    },
    {
      name: 'CFN Fn::GetAtt of a list',
      text: `${CFN}Resources: {r: {Type: OS::Heat::RandomString}}\nOutputs: {o: {Value: {'Fn::GetAtt': [r, [value]]}}}\n`,
      expect: 'must be a string or a number',
    },
  ],
  'properties that need a resource are resolved too, as Heat resolves them before any resource exists': [
    {
      name: 'a join of a number beside a Fn::GetAtt',
      text: `${CFN}Resources:\n  R: {Type: OS::Heat::RandomString}\n  C: {Type: OS::Heat::Docker, Properties: {Image: x, Env: [{'Fn::Join': ['', [a, {'Fn::GetAtt': [R, value]}, 1]]}]}}\n`,
      expect: 'Items to join must be strings',
    },
    {
      name: 'list_concat of a string beside a get_attr',
      text: `${HOT}resources:\n  r: {type: OS::Heat::RandomString}\n  c: {type: DockerInc::Docker::Container, properties: {env: {list_concat: [[{get_attr: [r, value]}], b]}}}\n`,
      expect: 'is not a list',
    },
    {
      name: 'a join with a get_attr and a get_resource (null and the name until created)',
      text: `${HOT}resources:\n  r: {type: OS::Heat::RandomString}\n  c: {type: DockerInc::Docker::Container, properties: {env: [{list_join: ['', [{get_attr: [r, value]}, {get_resource: r}]]}]}}\n`,
      expect: 'valid',
    },
    {
      name: 'an integer property given by a get_attr: not checked against the schema until created',
      text: `${HOT}resources:\n  r: {type: OS::Heat::RandomString}\n  c: {type: DockerInc::Docker::Container, properties: {memory: {get_attr: [r, value]}}}\n`,
      expect: 'valid',
    },
    {
      name: 'a reference in the branch an if does not take: the value taken is checked against the schema',
      text: `${HOT}resources:\n  c: {type: DockerInc::Docker::Container, properties: {env: {if: [false, {get_attr: [nope, x]}, b]}}}\n`,
      expect: 'is not a list',
    },
    {
      name: 'a CFN Fn::If on a condition name, its untaken branch a reference: the branch taken is checked',
      text: `${AWS}Parameters: {Port: {Type: Number, Default: 8080}}\nConditions: {Big: {'Fn::Equals': [{Ref: Port}, '80']}, Small: {'Fn::Not': [Big]}}\nResources:\n  C: {Type: OS::Heat::Docker, Properties: {Image: x, Env: {'Fn::If': [Small, [{'Fn::Join': ['', [a, {get_param: P}]]}], {'Fn::GetAtt': [Nope, NetworkIp]}]}}}\n`,
      expect: 'Items to join must be strings',
    },
    {
      name: 'a get_resource in a list property: the name is not a list (types are checked, not constraints)',
      text: `${HOT}resources:\n  r: {type: OS::Heat::RandomString}\n  c: {type: DockerInc::Docker::Container, properties: {env: {get_resource: r}}}\n`,
      expect: "'r' is not a list",
    },
    {
      name: 'a get_resource in a map property',
      text: `${HOT}resources:\n  r: {type: OS::Heat::RandomString}\n  c: {type: DockerInc::Docker::Container, properties: {port_bindings: {get_resource: r}}}\n`,
      expect: 'is not a map',
    },
    {
      name: 'a get_resource in a string property with a pattern: the constraint waits for the deploy',
      text: `${HOT}resources:\n  r: {type: OS::Heat::RandomString}\n  c: {type: DockerInc::Docker::Container, properties: {image: x, restart_policy: {Name: {get_resource: r}}}}\n`,
      expect: 'valid',
    },
    {
      name: 'resource_facade in a property: a template with no parent resource (Heat fails on it too)',
      text: `${HOT}resources:\n  c: {type: DockerInc::Docker::Container, properties: {image: {resource_facade: metadata}}}\n`,
      expect: 'resource_facade',
    },
    {
      name: 'a reference in the branch taken by a named condition, the other a list: valid',
      text: `${HOT}conditions: {enabled: true}\nresources:\n  c: {type: DockerInc::Docker::Container, properties: {env: {if: [enabled, [a], {get_attr: [nope, x]}]}}}\n`,
      expect: 'valid',
    },
  ],
  'a get_param name a function computes: Heat resolves it with the property': [
    {
      name: 'a map',
      text: property('{get_param: {if: [true, {map_merge: [{a: 1}]}, x]}}'),
      expect: 'Argument to "get_param" must be string or list',
    },
    {
      name: 'a literal list whose first item is a map',
      text: property('{get_param: [{a: 1}]}'),
      expect: 'get_param',
    },
    {
      name: 'a list whose first item is no string',
      text: property('{get_param: {list_concat_unique: [[1], [1]]}}'),
      expect: 'Parameter name in "get_param" must be string',
    },
    {
      name: 'a name that is no parameter',
      text: property("{get_param: {str_split: [',', 'a,b', 0]}}"),
      expect: 'The Parameter (a) was not provided.',
    },
    {
      name: 'a list of a name and a path',
      text: `${HOT}parameters: {s: {type: json, default: {a: x}}}\nresources: {c: {type: DockerInc::Docker::Container, properties: {image: {get_param: {str_split: [',', 's,a']}}}}}\n`,
      expect: 'valid',
    },
  ],
  'a get_attr name computed from a resource: Heat resolves it as it validates, before any resource exists': [
    {
      name: 'get_resource of null',
      text: output('{get_attr: [{get_resource: null}, value]}'),
      expect: 'The specified reference "None"',
    },
    {
      name: 'get_resource of no resource',
      text: output('{get_attr: [{get_resource: nope}, value]}'),
      expect: 'The specified reference "nope"',
    },
    {
      name: 'get_attr (null before the create)',
      text: output('{get_attr: [{get_attr: [r]}, value]}'),
      expect: 'get_attr[0]',
    },
    { name: 'get_resource of the resource', text: output('{get_attr: [{get_resource: r}, value]}'), expect: 'valid' },
    {
      name: 'a path element of no parameter',
      text: output('{get_attr: [r, value, {get_param: q}]}'),
      expect: 'The Referenced Attribute (r value) is incorrect',
    },
    {
      name: 'get_resource of a map holding a reference to no resource, in an output: that fails first, when resolved',
      text: output('{get_resource: {x: {get_resource: nope}}}'),
      expect: 'warning: must be the name of a resource',
    },
    {
      name: 'an attribute name computed as null (a false two-argument if): every attribute, as a written null',
      text: output('{get_attr: [r, {if: [false, value]}]}'),
      expect: 'valid',
      heatCrashes: true,
    },
    { name: 'an attribute name written as null', text: output('{get_attr: [r, null]}'), expect: 'valid' },
    {
      name: 'a resource name computed as null (a false two-argument if)',
      text: output('{get_attr: [{if: [false, r]}, value]}'),
      expect: 'names "None"',
    },
    {
      name: 'a resource name from get_param of nothing',
      text: output('{get_attr: [{get_param: []}, value]}'),
      expect: 'must have arguments',
    },
    {
      name: 'get_resource of get_resource of null, in an output',
      text: output('{get_resource: {get_resource: null}}'),
      expect: 'valid',
    },
  ],
  "a number written as a string where Heat reads a number takes Python's int() or float()": [
    {
      name: 'length max "0x1F"',
      text: parameter("{type: string, constraints: [{length: {max: '0x1F'}}]}"),
      expect: 'max must be a number',
    },
    {
      name: 'length max "1__0"',
      text: parameter("{type: string, constraints: [{length: {max: '1__0'}}]}"),
      expect: 'max must be a number',
    },
    {
      name: 'length max "1_0"',
      text: parameter("{type: string, default: ab, constraints: [{length: {max: '1_0'}}]}"),
      expect: 'valid',
    },
    {
      name: 'range max "inf"',
      text: parameter("{type: number, default: 1, constraints: [{range: {max: 'inf'}}]}"),
      expect: 'valid',
    },
  ],
  'CFN Ref of a function: Heat looks the name up as it parses, and a function is no key (unhashable type)': [
    {
      name: 'Ref of a Ref in a property',
      text: `${AWS}Parameters: {P: {Type: String, Default: x}}\nResources: {R: {Type: OS::Heat::RandomString, Properties: {salt: {Ref: {Ref: P}}}}}\n`,
      expect: 'not a function (unhashable type)',
    },
    {
      name: 'Ref of Fn::GetAZs in an output',
      text: `${AWS}Resources: {R: {Type: OS::Heat::RandomString}}\nOutputs: {o: {Value: {Ref: {'Fn::GetAZs': ''}}}}\n`,
      expect: 'not a function (unhashable type)',
    },
  ],
  'a resource whose condition is false: Heat leaves it out before it validates (warnings)': [
    ...[
      ['an unknown property', 'type: OS::Heat::RandomString, properties: {nope: 1}', 'Unknown Property nope'],
      ['an unknown type', 'type: OS::Nope', 'could not be found'],
      [
        'a map as a get_attr attribute name',
        'type: OS::Heat::RandomString, properties: {length: {get_attr: [w, {a: 1}]}}',
        'must be a string or a number',
      ],
      [
        'a list as a get_attr path element',
        'type: OS::Heat::RandomString, properties: {length: {get_attr: [w, value, [x]]}}',
        'must be a string or a number',
      ],
      [
        'an unknown parameter',
        'type: OS::Heat::RandomString, properties: {length: {get_param: nope}}',
        'get_param names',
      ],
      ['depends_on an unknown resource', 'type: OS::Heat::RandomString, depends_on: [nope]', 'depends on "nope"'],
    ].map(([name, body, message]) => ({
      name: name as string,
      text: `${HOT}conditions: {disabled: false}\nresources:\n  w: {type: OS::Heat::RandomString}\n  r: {condition: disabled, ${body}}\n`,
      expect: `warning: ${message}`,
    })),
    {
      name: 'a function with malformed arguments is still refused (Heat parses every resource)',
      text: `${HOT}conditions: {disabled: false}\nresources:\n  r: {type: OS::Heat::RandomString, condition: disabled, properties: {length: {list_join: [1]}}}\n`,
      expect: 'list_join',
    },
    {
      name: 'the same unknown property in a resource whose condition holds: refused',
      text: `${HOT}conditions: {on_: true}\nresources:\n  r: {type: OS::Heat::RandomString, condition: on_, properties: {nope: 1}}\n`,
      expect: 'Unknown Property nope',
    },
  ],
  "an if's condition, resolved as Heat parses the template (in outputs too)": [
    {
      name: 'CFN Ref of a resource as the condition',
      text: `${AWS}Resources: {R: {Type: OS::Heat::RandomString}}\nOutputs: {O: {Value: {'Fn::If': [{Ref: R}, a, b]}}}\n`,
      expect: 'The specified reference "R" is incorrect',
    },
    {
      name: 'CFN Ref of an unknown name as the condition',
      text: `${AWS}Outputs: {O: {Value: {'Fn::If': [{Ref: Nope}, a, b]}}}\n`,
      expect: 'The specified reference "Nope" is incorrect',
    },
    {
      name: 'a parameter whose value names no condition',
      text: `${AWS}Parameters: {P: {Type: String, Default: 'true'}}\nOutputs: {O: {Value: {'Fn::If': [{Ref: P}, a, b]}}}\n`,
      expect: 'Invalid condition "true"',
    },
    {
      name: 'a parameter whose value names a condition',
      text: `${HOT}parameters: {s: {type: string, default: c}}\nconditions: {c: true}\n${R}outputs: {o: {value: {if: [{get_param: s}, a, b]}}}\n`,
      expect: 'valid',
    },
    {
      name: 'an unknown get_param inside the condition',
      text: output('{if: [{equals: [{get_param: nope}, 1]}, a, b]}'),
      expect: 'The Parameter (nope) was not provided',
    },
  ],
  "get_attr's resource and attribute names, resolved as Heat resolves them when it validates (outputs too)": [
    { name: 'a number as the resource', text: output('{get_attr: [1, value]}'), expect: 'get_attr names "1"' },
    { name: 'a list as the resource', text: output('{get_attr: [[r], value]}'), expect: 'not a list' },
    { name: 'a map as the resource', text: output('{get_attr: [{a: r}, value]}'), expect: 'not a map' },
    { name: 'a number as the attribute', text: output('{get_attr: [r, 0]}'), expect: 'not a number' },
    {
      name: 'a number as the attribute, HOT 2013-05-23',
      text: output('{get_attr: [r, 0]}', 'heat_template_version: 2013-05-23\n'),
      expect: 'not a number',
    },
    { name: 'a null attribute (all of them)', text: output('{get_attr: [r, null]}'), expect: 'valid' },
    {
      name: 'a computed resource name that exists',
      text: output("{get_attr: [{list_join: ['', [r]]}, value]}"),
      expect: 'valid',
    },
    {
      name: 'a computed resource name that does not',
      text: output("{get_attr: [{list_join: ['', [x]]}, value]}"),
      expect: 'get_attr names "x"',
    },
    {
      name: 'a computed attribute name the type has',
      text: output("{get_attr: [r, {list_join: ['', [val, ue]]}]}"),
      expect: 'valid',
    },
    {
      name: 'a computed attribute name the type lacks',
      text: output("{get_attr: [r, {list_join: [',', [a, b]]}]}"),
      expect: 'The Referenced Attribute (r a,b) is incorrect',
    },
    {
      name: 'a computed attribute name that is a list',
      text: output("{get_attr: [r, {str_split: [',', 'a,b']}]}"),
      expect: 'not a list',
    },
    {
      name: 'a resource name whose function fails',
      text: output('{get_attr: [{digest: [sha512]}, value]}'),
      expect: 'Function "digest" usage',
    },
    {
      name: 'a resource name from a parameter',
      text: `${HOT}parameters: {n: {type: string, default: r}}\n${R}outputs: {o: {value: {get_attr: [{get_param: n}, value]}}}\n`,
      expect: 'valid',
    },
    {
      name: 'an attribute name from a Ref to an unknown name',
      text: `${AWS}Resources: {R: {Type: OS::Heat::RandomString}}\nOutputs: {O: {Value: {'Fn::GetAtt': [R, {Ref: Nope}]}}}\n`,
      expect: 'The specified reference "Nope" is incorrect',
    },
    {
      name: 'get_resource of a name whose function fails',
      text: output('{get_resource: {map_replace: [{a: 1}, {keys: {a: b}, extra: 1}]}}'),
      expect: 'only "keys" and "values"',
    },
    {
      name: 'get_resource of a computed list',
      text: output("{get_resource: {str_split: [',', 'a,b']}}"),
      expect: 'not a list',
    },
    {
      name: 'get_resource of a computed name that is no resource, in an output: at resolution',
      text: output("{get_resource: {list_join: ['', [x]]}}"),
      expect: 'warning: get_resource names "x"',
    },
    {
      name: 'get_resource of a computed name that is no resource, in a property',
      text: property("{get_resource: {list_join: ['', [x]]}}"),
      expect: 'get_resource names "x"',
    },
    {
      name: 'CFN Fn::GetAtt of a number, in a property',
      text: `${CFN}Resources:\n  r: {Type: OS::Heat::RandomString}\n  c: {Type: OS::Heat::Docker, Properties: {Image: x, Env: [{'Fn::GetAtt': [1, value]}]}}\n`,
      expect: 'Fn::GetAtt names "1"',
    },
  ],
};

function answer(text: string): { errors: string[]; warnings: string[] } {
  const parsed = parseTemplate(text);
  const all = [...parsed.diagnostics];
  if (parsed.template !== undefined) all.push(...validateTemplate(parsed.template, { requireParameterValues: true }));
  const of = (severity: string) => all.filter((d) => d.severity === severity).map((d) => `${d.path}: ${d.message}`);
  return { errors: of('error'), warnings: of('warning') };
}

const ALL = Object.entries(CLASSES).flatMap(([cls, cases]) => cases.map((c) => ({ cls, ...c })));

for (const [cls, cases] of Object.entries(CLASSES)) {
  describe(cls, () => {
    for (const c of cases) {
      test(c.name, () => {
        const { errors, warnings } = answer(c.text);
        if (c.expect === 'valid') expect(errors).toEqual([]);
        else if (c.expect.startsWith('warning: ')) {
          expect(errors).toEqual([]);
          expect(warnings.join('\n')).toContain(c.expect.slice('warning: '.length));
        } else expect(errors.join('\n')).toContain(c.expect);
      });
    }
  });
}

describe("Heat 19's verdict on the same templates", () => {
  testWithHeat(
    'is valid exactly where heatstack finds no error',
    () => {
      const heat = heatVerdicts(ALL.map((c) => c.text));
      const differ = ALL.flatMap((c, i) => {
        if (c.heatCrashes) {
          const crashed = /^(TypeError|AttributeError|KeyError): /.test(heat[i]?.error ?? '');
          return crashed ? [] : [`${c.cls} / ${c.name}: Heat no longer crashes: ${JSON.stringify(heat[i])}`];
        }
        const ours = answer(c.text).errors.length === 0;
        const theirs = heat[i]?.valid === true;
        return ours === theirs ? [] : [`${c.cls} / ${c.name}: Heat says ${theirs ? 'valid' : heat[i]?.error}`];
      });
      expect(differ).toEqual([]);
    },
    60_000,
  );
});
