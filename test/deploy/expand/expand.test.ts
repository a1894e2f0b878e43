import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { expandTemplate } from '../../../src/deploy/expand/index.js';
import { expandedInput, needsExpansion } from '../../../src/deploy/expand/input.js';
import type { StackRecord } from '../../../src/deploy/state/record.js';
import { HeatstackError } from '../../../src/errors.js';
import { Call, call, type Template } from '../../../src/template/model.js';
import { hot } from '../support/templates.js';

const dir = mkdtempSync(join(tmpdir(), 'heatstack-expand-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const expand = (t: Template, parameters: Record<string, unknown> = {}, previous?: StackRecord) =>
  expandTemplate(t, { parameters, previous, baseDir: dir });

const group = (count: string, extra = '') =>
  hot(`
parameters:
  size: {type: number, default: 3}
resources:
  Web:
    type: OS::Heat::ResourceGroup
    properties:
      count: ${count}
      resource_def:
        type: Test::Thing
        properties: {name: web-%index%, env: ["I=%index%"]}
${extra}
`);

/** A record of a deploy of `expanded`: every resource created, ids `id-<name>`. */
function recordOf(expanded: Template): StackRecord {
  const resources: StackRecord['resources'] = {};
  for (const [name, def] of Object.entries(expanded.resources))
    resources[name] = {
      type: def.type,
      status: 'CREATE_COMPLETE',
      statusReason: '',
      physicalId: `id-${name}`,
      dependsOn: [],
      locator: {},
      updatedAt: '',
    };
  return { template: expanded, resources } as unknown as StackRecord;
}

describe('a ResourceGroup, expanded', () => {
  test('gives count members named by index, index_var replaced in their properties', () => {
    const t = expand(group('{get_param: size}'), { size: 3 });
    expect(Object.keys(t.resources).sort()).toEqual(['Web', 'Web.0', 'Web.1', 'Web.2']);
    expect(t.resources['Web.1']?.type).toBe('Test::Thing');
    expect(t.resources['Web.1']?.properties).toEqual({ name: 'web-1', env: ['I=1'] });
  });

  test('the group waits for its members and its own configuration leaves out the count', () => {
    const t = expand(group('2'));
    expect(t.resources.Web?.dependsOn).toEqual(['Web.0', 'Web.1']);
    expect(t.resources.Web?.properties.count).toBeUndefined();
    expect(expand(group('5')).resources.Web?.properties).toEqual(t.resources.Web?.properties);
  });

  test('scaling changes only the tail: 3 → 5 adds .3 and .4, 5 → 2 keeps .0 and .1', () => {
    const three = expand(group('3'));
    const five = expand(group('5'), {}, recordOf(three));
    expect(Object.keys(five.resources).filter((n) => n.startsWith('Web.'))).toEqual([
      'Web.0',
      'Web.1',
      'Web.2',
      'Web.3',
      'Web.4',
    ]);
    for (const n of ['Web.0', 'Web.1', 'Web.2']) expect(five.resources[n]).toEqual(three.resources[n]);
    const two = expand(group('2'), {}, recordOf(five));
    expect(Object.keys(two.resources).filter((n) => n.startsWith('Web.'))).toEqual(['Web.0', 'Web.1']);
  });

  test('a removal policy skips the named member (by name or ref) for good, as Heat’s skip list does', () => {
    const three = expand(group('3'));
    const withPolicy = (list: string) =>
      hot(`
resources:
  Web:
    type: OS::Heat::ResourceGroup
    properties:
      count: 3
      removal_policies: [{resource_list: ${list}}]
      resource_def: {type: Test::Thing}
outputs:
  removed: {value: {get_attr: [Web, removed_rsrc_list]}}
`);
    const after = expand(withPolicy("['1']"), {}, recordOf(three));
    expect(Object.keys(after.resources).sort()).toEqual(['Web', 'Web.0', 'Web.2', 'Web.3']);
    expect(after.outputs.removed?.value).toEqual(['1']);
    const byRef = expand(withPolicy("['id-Web.2']"), {}, recordOf(three));
    expect(Object.keys(byRef.resources).sort()).toEqual(['Web', 'Web.0', 'Web.1', 'Web.3']);
    // The policy gone, the name stays skipped (append mode).
    const later = expand(group('3'), {}, recordOf(after));
    expect(Object.keys(later.resources).sort()).toEqual(['Web', 'Web.0', 'Web.2', 'Web.3']);
  });

  test('its attributes become reads of its members', () => {
    const t = expand(
      group(
        '2',
        `outputs:
  refs: {value: {get_attr: [Web, refs]}}
  map: {value: {get_attr: [Web, refs_map]}}
  ips: {value: {get_attr: [Web, ip]}}
  by: {value: {get_attr: [Web, attributes, ip]}}
  one: {value: {get_attr: [Web, resource.1]}}
  oneIp: {value: {get_attr: [Web, resource.1.ip]}}
  oneIpToo: {value: {get_attr: [Web, resource.1, ip]}}
  first: {value: {get_attr: [Web, refs, 0]}}`,
      ),
    );
    const out = (name: string) => t.outputs[name]?.value;
    expect(out('refs')).toEqual([call('get_resource', 'Web.0'), call('get_resource', 'Web.1')]);
    expect(out('map')).toEqual({ 0: call('get_resource', 'Web.0'), 1: call('get_resource', 'Web.1') });
    expect(out('ips')).toEqual([call('get_attr', 'Web.0', 'ip'), call('get_attr', 'Web.1', 'ip')]);
    expect(out('by')).toEqual({ 0: call('get_attr', 'Web.0', 'ip'), 1: call('get_attr', 'Web.1', 'ip') });
    expect(out('one')).toEqual(call('get_resource', 'Web.1'));
    expect(out('oneIp')).toEqual(call('get_attr', 'Web.1', 'ip'));
    expect(out('oneIpToo')).toEqual(call('get_attr', 'Web.1', 'ip'));
    expect(out('first')).toEqual(
      new Call('select', [0, [call('get_resource', 'Web.0'), call('get_resource', 'Web.1')]]),
    );
  });

  test('a count known only once resources exist is refused, naming where', () => {
    const t = hot(`
resources:
  Size: {type: OS::Heat::Value, properties: {value: 2}}
  Web:
    type: OS::Heat::ResourceGroup
    properties: {count: {get_attr: [Size, value]}, resource_def: {type: Test::Thing}}
`);
    expect(() => expand(t)).toThrow(HeatstackError);
    expect(() => expand(t)).toThrow(/Resources\.Web\.Properties\.count: must be known before the deploy starts/);
  });

  test('expanding an expanded template changes nothing (a record holds the expanded one)', () => {
    const once = expand(group('2'));
    expect(expand(once, {}, recordOf(once))).toEqual(once);
  });
});

describe('a nested stack, expanded', () => {
  writeFileSync(
    join(dir, 'db.yaml'),
    `heat_template_version: 2018-08-31
parameters:
  password: {type: string}
  port: {type: number, default: 3306}
resources:
  Server:
    type: Test::Thing
    properties: {env: [{get_param: password}], port: {get_param: port}}
  Backup:
    type: Test::Thing
    depends_on: Server
    properties: {source: {get_attr: [Server, ip]}}
outputs:
  address: {value: {get_attr: [Server, ip]}}
  port: {value: {get_param: port}}
`,
  );

  test('a template file used as a type: its resources prefixed, parameters from properties, outputs as attributes', () => {
    const t = expand(
      hot(`
resources:
  Pw: {type: OS::Heat::RandomString}
  Db:
    type: db.yaml
    properties: {password: {get_resource: Pw}, port: '5432'}
  App:
    type: Test::Thing
    properties: {db: {get_attr: [Db, address]}, port: {get_attr: [Db, outputs, port]}}
`),
    );
    expect(Object.keys(t.resources).sort()).toEqual(['App', 'Db', 'Db.Backup', 'Db.Server', 'Pw']);
    expect(t.resources['Db.Server']?.properties).toEqual({ env: [call('get_attr', 'Pw', 'value')], port: 5432 });
    expect(t.resources['Db.Backup']?.dependsOn).toEqual(['Db.Server']);
    expect(t.resources['Db.Backup']?.properties).toEqual({ source: call('get_attr', 'Db.Server', 'ip') });
    expect(t.resources.Db?.type).toBe('OS::Heat::Stack');
    expect(t.resources.Db?.dependsOn).toEqual(['Db.Server', 'Db.Backup']);
    expect(t.resources.App?.properties).toEqual({ db: call('get_attr', 'Db.Server', 'ip'), port: 5432 });
  });

  test('OS::Heat::Stack with the template inline, its parameters given', () => {
    const t = expand(
      hot(`
resources:
  Inner:
    type: OS::Heat::Stack
    properties:
      template: |
        heat_template_version: 2018-08-31
        parameters: {greeting: {type: string}}
        resources:
          Echo: {type: Test::Thing, properties: {say: {get_param: greeting}}}
        outputs:
          said: {value: {get_attr: [Echo, said]}}
      parameters: {greeting: hello}
outputs:
  said: {value: {get_attr: [Inner, outputs, said]}}
`),
    );
    expect(t.resources['Inner.Echo']?.properties).toEqual({ say: 'hello' });
    expect(t.outputs.said?.value).toEqual(call('get_attr', 'Inner.Echo', 'said'));
  });

  test('a missing parameter, an unknown property, an unknown output or file are errors naming the resource', () => {
    const db = (props: string, out = 'address') =>
      hot(`
resources:
  Db: {type: db.yaml, properties: ${props}}
outputs:
  o: {value: {get_attr: [Db, ${out}]}}
`);
    expect(() => expand(db('{}'))).toThrow(/Resources\.Db: db\.yaml needs a value for its parameter 'password'/);
    expect(() => expand(db('{password: x, size: 1}'))).toThrow(/Resources\.Db: db\.yaml has no parameter 'size'/);
    expect(() => expand(db('{password: x}', 'nothing'))).toThrow(/no output 'nothing'/);
    expect(() => expand(hot('resources:\n  Db: {type: missing.yaml}\n'))).toThrow(
      /Resources\.Db: cannot read the nested template missing\.yaml/,
    );
  });

  test('a template that uses itself is refused once nested deeper than Heat allows (5)', () => {
    writeFileSync(
      join(dir, 'self.yaml'),
      'heat_template_version: 2018-08-31\nresources:\n  Again: {type: self.yaml}\n',
    );
    expect(() => expand(hot('resources:\n  Top: {type: self.yaml}\n'))).toThrow(
      'Resources.Top.Again.Again.Again.Again.Again: Recursion depth exceeds 5.',
    );
  });

  test('a group of nested stacks: each member a nested stack of its own', () => {
    const t = expand(
      hot(`
resources:
  Dbs:
    type: OS::Heat::ResourceGroup
    properties:
      count: 2
      resource_def: {type: db.yaml, properties: {password: pw-%index%}}
outputs:
  addresses: {value: {get_attr: [Dbs, address]}}
`),
    );
    expect(t.resources['Dbs.1.Server']?.properties.env).toEqual(['pw-1']);
    expect(t.outputs.addresses?.value).toEqual([
      call('get_attr', 'Dbs.0.Server', 'ip'),
      call('get_attr', 'Dbs.1.Server', 'ip'),
    ]);
  });
});

describe('reads of a Value and a RandomString', () => {
  test("a Value's value is its property; a RandomString's reference is its value", () => {
    const t = expand(
      hot(`
parameters: {p: {type: string, default: x}}
resources:
  V: {type: OS::Heat::Value, properties: {value: {get_param: p}}}
  Pw: {type: OS::Heat::RandomString}
  App: {type: Test::Thing, properties: {v: {get_attr: [V, value]}, pw: {get_resource: Pw}}}
`),
    );
    expect(t.resources.App?.properties).toEqual({ v: call('get_param', 'p'), pw: call('get_attr', 'Pw', 'value') });
  });
});

describe('a deploy’s input', () => {
  const input = (template: Template) => ({
    stackName: 's',
    stackId: 's',
    template,
    parameters: {},
    hiddenParameters: new Set<string>(),
    source: join(dir, 'stack.yaml'),
  });

  test('expansion changes nothing of a template with no composite, Value or RandomString, and is not run for it', async () => {
    const plain = hot(`
resources:
  App: {type: Test::Thing, properties: {v: {get_attr: [Db, ip]}}}
  Db: {type: Test::Thing}
`);
    const given = input(plain);
    expect(needsExpansion(plain)).toBe(false);
    expect(expand(plain)).toBe(plain);
    expect(await expandedInput(given, undefined)).toBe(given);
  });

  test('a group, a nested stack, a Value and a RandomString each need it, and get it', async () => {
    for (const type of ['OS::Heat::Value', 'OS::Heat::RandomString', 'OS::Heat::Stack', 'OS::Heat::ResourceGroup'])
      expect(needsExpansion(hot(`resources: {X: {type: ${type}}}`))).toBe(true);
    expect(needsExpansion(hot('resources: {X: {type: child.yaml}}'))).toBe(true);
    const given = input(group('2'));
    const expanded = await expandedInput(given, undefined);
    expect(expanded.template).toEqual(expand(group('2')));
    expect(Object.keys(expanded.template.resources)).toEqual(['Web', 'Web.0', 'Web.1']);
  });
});
