import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { createBackend } from '../../../src/deploy/backend.js';
import type { EngineOptions, TemplateServices } from '../../../src/deploy/engine/services.js';
import { deployStack, destroyStack, planStack } from '../../../src/deploy/engine/stack-engine.js';
import type { ResourceHandler } from '../../../src/deploy/handler.js';
import { StateStore } from '../../../src/deploy/state/store.js';
import type { StackEvent } from '../../../src/deploy/status.js';
import { defaultTemplateServices } from '../../../src/deploy/template-services.js';
import type { Template } from '../../../src/template/model.js';
import { RESOURCE_TYPES } from '../../../src/template/resource-types/registry.js';
import { FakeBackend } from '../support/fake-backend.js';
import { hot } from '../support/templates.js';

/**
 * The engine running Heat's own types (the real registry's handler for them) beside fake `Test::Thing` objects: what
 * a deploy plans and does when a group scales, a RandomString is kept or replaced, a nested stack fails.
 */

const heat = createBackend({}, RESOURCE_TYPES);

class Backend extends FakeBackend {
  override handlerFor(type: string): ResourceHandler | undefined {
    return super.handlerFor(type) ?? (type.startsWith('OS::Heat::') ? heat.handlerFor(type) : undefined);
  }
}

const real = defaultTemplateServices();
const services: TemplateServices = {
  ...real,
  normalizeProperties: (type, resolved) =>
    type === 'Test::Thing' ? resolved : real.normalizeProperties(type, resolved),
  canonicalAttribute: (type, spelled) => (type === 'Test::Thing' ? spelled : real.canonicalAttribute(type, spelled)),
};

let dir: string;
let backend: Backend;
let events: StackEvent[];
let options: EngineOptions;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'heatstack-heat-types-'));
  backend = new Backend();
  events = [];
  options = { store: new StateStore(dir), backend, services, onEvent: (e) => events.push(e) };
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const input = (t: Template, given: Record<string, unknown> = {}) => ({
  stackName: 's1',
  stackId: 'id-1',
  template: t,
  parameters: { ...defaults(t), ...given },
  hiddenParameters: new Set<string>(),
});
/** The parameters' defaults, as `resolveParameters` gives them. */
const defaults = (t: Template): Record<string, unknown> =>
  Object.fromEntries(Object.entries(t.parameters).map(([name, p]) => [name, p.default]));

const deploy = (t: Template, parameters: Record<string, unknown> = {}) => deployStack(input(t, parameters), options);

const GROUP = hot(`
parameters: {size: {type: number}}
resources:
  Web:
    type: OS::Heat::ResourceGroup
    properties:
      count: {get_param: size}
      resource_def: {type: Test::Thing, properties: {name: web-%index%}}
  Proxy:
    type: Test::Thing
    properties: {backends: {get_attr: [Web, refs]}}
  Cache:
    type: Test::Thing
    depends_on: Web
    properties: {size: 1}
outputs:
  refs: {value: {get_attr: [Web, refs]}}
`);

describe('a ResourceGroup scaled', () => {
  test('3 → 5 creates only the two new members (and the one reader of refs); 5 → 2 deletes the three newest', async () => {
    expect((await deploy(GROUP, { size: 3 })).ok).toBe(true);
    expect(Object.keys(backend.of('s1')).sort()).toEqual(['Cache', 'Proxy', 'Web.0', 'Web.1', 'Web.2']);

    const up = await planStack(input(GROUP, { size: 5 }), options);
    const creates = up.plan.operations.filter((o) => o.kind === 'create').map((o) => o.resource);
    expect(creates.sort()).toEqual(['Proxy', 'Web.3', 'Web.4']);
    backend.calls.length = 0;
    expect((await deploy(GROUP, { size: 5 })).ok).toBe(true);
    expect(backend.calls.filter((c) => c.startsWith('create Web'))).toEqual(['create Web.3', 'create Web.4']);
    expect(backend.calls).not.toContain('delete Web.0');
    expect(backend.calls).not.toContain('delete Cache');

    backend.calls.length = 0;
    const down = await deploy(GROUP, { size: 2 });
    expect(down.ok).toBe(true);
    expect(backend.calls.filter((c) => c.startsWith('delete Web')).sort()).toEqual([
      'delete Web.2',
      'delete Web.3',
      'delete Web.4',
    ]);
    expect(backend.calls.filter((c) => c.startsWith('create Web'))).toEqual([]);
    expect(down.record.outputs.refs?.value).toEqual(backend.of('s1')['Web.0']?.concat(backend.of('s1')['Web.1'] ?? []));
  });

  test('a destroy deletes every member and the group', async () => {
    await deploy(GROUP, { size: 3 });
    expect((await destroyStack('s1', options)).ok).toBe(true);
    expect(backend.of('s1')).toEqual({});
  });
});

const SECRET = hot(`
parameters: {salt: {type: string, default: a}}
resources:
  Pw:
    type: OS::Heat::RandomString
    properties: {length: 24, salt: {get_param: salt}}
  Db:
    type: Test::Thing
    properties: {env: [{list_join: ['=', [PASSWORD, {get_resource: Pw}]]}]}
outputs:
  password: {value: {get_attr: [Pw, value]}}
`);

describe('a RandomString', () => {
  test('gives its value to get_resource and get_attr, and keeps it across updates', async () => {
    const first = await deploy(SECRET);
    const value = first.record.outputs.password?.value as string;
    expect(value).toMatch(/^[A-Za-z0-9]{24}$/);
    const db = [...backend.objects.values()].find((o) => o.logicalId === 'Db');
    expect(db?.properties.env).toEqual([`PASSWORD=${value}`]);
    backend.calls.length = 0;
    const second = await deploy(SECRET);
    expect(second.record.outputs.password?.value).toBe(value);
    expect(backend.calls).toEqual([]);
  });

  test('is replaced with a new value when a property (the salt) changes, and what reads it with it', async () => {
    const first = await deploy(SECRET);
    const second = await deploy(SECRET, { salt: 'b' });
    expect(second.record.outputs.password?.value).not.toBe(first.record.outputs.password?.value);
    expect(backend.calls.filter((c) => c.startsWith('create'))).toEqual(['create Db', 'create Db']);
    // Created first (it holds nothing), then the old one let go: the record keeps the new one, and its value.
    const oldId = first.record.resources.Pw?.physicalId;
    const replace = events.filter((e) => e.resource === 'Pw').slice(2);
    expect(replace.map((e) => `${e.status} ${e.physicalId === oldId ? 'old' : 'new'}`)).toEqual([
      'CREATE_IN_PROGRESS new',
      'CREATE_COMPLETE new',
      'DELETE_IN_PROGRESS old',
      'DELETE_COMPLETE old',
    ]);
    expect(second.record.resources.Pw?.data).toEqual({ value: second.record.outputs.password?.value });
    expect((await planStack(input(SECRET, { salt: 'b' }), options)).plan.operations).toEqual([]);
  });

  test('is never shown in an event; the record keeps it (for the next deploy) in its hidden data', async () => {
    backend.failing.set('Db', 'cannot start: PASSWORD=');
    const failed = await deploy(SECRET);
    expect(failed.ok).toBe(false);
    backend.failing.clear();
    const ok = await deploy(SECRET);
    const value = ok.record.outputs.password?.value as string;
    expect(JSON.stringify(events)).not.toContain(value);
    const record = JSON.parse(readFileSync(join(dir, 's1.json'), 'utf8'));
    expect(record.resources.Pw.data).toEqual({ value });
    expect(JSON.stringify(record.events)).not.toContain(value);
  });

  test('a reason that quotes it is masked', async () => {
    const first = await deploy(SECRET);
    const value = first.record.outputs.password?.value as string;
    backend.failing.set('Db:undefined', `refused ${value}`);
    backend.failing.set('Db', `refused ${value}`);
    const failed = await deploy(SECRET, { salt: 'c' });
    expect(failed.ok).toBe(false);
    expect(JSON.stringify(events)).not.toMatch(/refused [A-Za-z0-9]{24}/);
  });
});

describe('a nested stack', () => {
  const NESTED = (image: string) =>
    hot(`
resources:
  Db:
    type: OS::Heat::Stack
    properties:
      template: |
        heat_template_version: 2018-08-31
        parameters: {image: {type: string}}
        resources:
          Server: {type: Test::Thing, properties: {image: {get_param: image}}}
        outputs:
          address: {value: {list_join: ['', ['db-', {get_resource: Server}]]}}
      parameters: {image: ${image}}
  App:
    type: Test::Thing
    properties: {db: {get_attr: [Db, outputs, address]}}
`);

  test('its output is read by the parent; a changed parameter replaces only what reads it', async () => {
    const first = await deploy(NESTED('mysql'));
    expect(first.ok).toBe(true);
    const server = backend.of('s1')['Db.Server']?.[0];
    const app = [...backend.objects.values()].find((o) => o.logicalId === 'App');
    expect(app?.properties.db).toBe(`db-${server}`);
    backend.calls.length = 0;
    expect((await deploy(NESTED('mysql'))).ok).toBe(true);
    expect(backend.calls).toEqual([]);
  });

  test('a hidden parameter given to it stays hidden: an output made of it is masked', async () => {
    const t = hot(`
parameters: {DbPassword: {type: string, hidden: true}}
resources:
  Db:
    type: OS::Heat::Stack
    properties:
      template: |
        heat_template_version: 2018-08-31
        parameters: {password: {type: string}}
        resources:
          Server: {type: Test::Thing, properties: {env: [{get_param: password}]}}
        outputs:
          password: {value: {get_param: password}}
      parameters: {password: {get_param: DbPassword}}
outputs:
  leaked: {value: {get_attr: [Db, outputs, password]}}
`);
    const result = await deployStack(
      { ...input(t, { DbPassword: 'hunter22-secret' }), hiddenParameters: new Set(['DbPassword']) },
      options,
    );
    expect(result.ok).toBe(true);
    expect(result.record.outputs.leaked?.value).toBe('******');
    expect(readFileSync(join(dir, 's1.json'), 'utf8')).not.toContain('hunter22');
  });

  test('a failure inside it fails the deploy, which rolls back leaving nothing', async () => {
    backend.failing.set('Db.Server', 'no such image');
    const result = await deploy(NESTED('nope'));
    expect(result.ok).toBe(false);
    expect(result.failure?.resource).toBe('Db.Server');
    expect(backend.of('s1')).toEqual({});
  });
});
