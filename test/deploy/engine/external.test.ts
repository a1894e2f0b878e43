import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { checkStack } from '../../../src/deploy/engine/check.js';
import { deployStack, destroyStack, type EngineOptions } from '../../../src/deploy/engine/stack-engine.js';
import type { ExistingResource } from '../../../src/deploy/handler.js';
import { formatPlan } from '../../../src/deploy/plan/plan.js';
import { StateStore } from '../../../src/deploy/state/store.js';
import { call, type Template } from '../../../src/template/model.js';
import { FakeBackend, fakeServices } from '../support/fake-backend.js';
import { things } from '../support/templates.js';

/**
 * `external_id` as Heat 19 runs it (`src/deploy/engine/external.ts`, `docs/external-id.md`): the object is looked up
 * before anything changes and recorded as the resource's, never created; what reads it waits for the adoption; a
 * delete lets it go; a change of `external_id` is refused; a change of its properties is none.
 */
class AdoptingBackend extends FakeBackend {
  constructor() {
    super();
    // An object no stack made: the fake's objects of another stack are not observed as this one's.
    this.objects.set('ext1', {
      stack: 'someone-else',
      logicalId: 'db',
      configHash: '',
      deployId: '',
      running: true,
      properties: {},
    });
    Object.assign(this.handler, {
      exists: async (r: ExistingResource) => {
        this.calls.push(`exists ${r.physicalId}`);
        return this.objects.has(r.physicalId);
      },
    });
  }
}

let dir: string;
let backend: AdoptingBackend;
let options: EngineOptions;
let plans: string[];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'heatstack-external-'));
  backend = new AdoptingBackend();
  plans = [];
  options = {
    store: new StateStore(dir),
    backend,
    services: fakeServices,
    onPlan: (plan) => plans.push(formatPlan(plan)),
  };
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Db adopts `externalId` (or is created, without one); App reads Db's address. */
function template(externalId: string | undefined, dbProperties: Record<string, unknown> = {}): Template {
  const t = things({
    Db: dbProperties as never,
    App: { image: 'app', env: [call('join', '=', ['DB', call('get_attr', 'Db', 'Ip')])] },
  });
  const db = t.resources.Db!;
  return { ...t, resources: { ...t.resources, Db: externalId === undefined ? db : { ...db, externalId } } };
}

const deploy = (t: Template) =>
  deployStack({ stackName: 's', stackId: 'id', template: t, parameters: {}, hiddenParameters: new Set() }, options);

describe('a resource with external_id', () => {
  test('adopts the object, creating nothing for it; what reads it is created after, from its attributes', async () => {
    const result = await deploy(template('ext1'));
    expect(result.ok).toBe(true);
    expect(backend.calls.filter((c) => !c.startsWith('exists'))).toEqual(['create App']);
    expect(plans[0]).toBe(
      'create Db: adopts the existing ext1 (external_id)\ncreate App: new resource [after create Db]',
    );
    const db = result.record.resources.Db!;
    expect(db).toMatchObject({ physicalId: 'ext1', externalId: 'ext1', status: 'CREATE_COMPLETE' });
    expect(db.statusReason).toBe('state changed: adopted ext1 (external_id): not created');
    const app = [...backend.objects.values()].find((o) => o.logicalId === 'App');
    expect(app?.properties.env).toEqual(['DB=10.0.0.xt1']);
  });

  test('is kept by the next deploy, also when its properties change: Heat uses none of them', async () => {
    await deploy(template('ext1'));
    backend.calls.length = 0;
    const again = await deploy(template('ext1', { image: 'other' }));
    expect(again).toMatchObject({ ok: true, unchanged: true });
    expect(plans[1]).toBe('keep App: unchanged\nkeep Db: adopted (external_id ext1)');
    expect(backend.calls).toEqual(['exists ext1']);
  });

  test('a changed, added or removed external_id is refused before anything changes, as Heat refuses the update', async () => {
    await deploy(template('ext1'));
    backend.objects.set('ext2', { ...backend.objects.get('ext1')! });
    const before = JSON.stringify((await options.store.load('s'))?.resources);
    for (const t of [template('ext2'), template(undefined, { image: 'db' })]) {
      await expect(deploy(t)).rejects.toThrow(
        'Resources.Db: Update to property external_id of Db (Test::Thing) is not supported',
      );
    }
    expect(JSON.stringify((await options.store.load('s'))?.resources)).toBe(before);

    await destroyStack('s', options);
    await deploy(template(undefined, { image: 'db' }));
    await expect(deploy(template('ext1'))).rejects.toThrow(/Update to property external_id of Db .* is not supported/);
  });

  test('naming no object is an error naming the resource and the id, and nothing is recorded', async () => {
    await expect(deploy(template('nope'))).rejects.toThrow(
      'Resources.Db.external_id: Invalid external resource: Resource nope (Test::Thing) can not be found.',
    );
    expect(await options.store.load('s')).toBeUndefined();
    expect(backend.calls.filter((c) => c.startsWith('create'))).toEqual([]);
  });

  test('with an explicit depends_on is refused, as Heat refuses it', async () => {
    const t = template('ext1');
    const adopting = { ...t, resources: { ...t.resources, Db: { ...t.resources.Db!, dependsOn: ['App'] } } };
    await expect(deploy(adopting)).rejects.toThrow(
      /Resources\.Db: Invalid dependency with external Test::Thing resource: ext1/,
    );
  });

  test('of a type whose handler cannot look objects up is refused, saying so', async () => {
    Object.assign(backend.handler, { exists: undefined });
    await expect(deploy(template('ext1'))).rejects.toThrow(/heatstack cannot adopt an existing Test::Thing/);
  });

  test('a destroy, a removal from the template and a rollback let the object go and never delete it', async () => {
    await deploy(template('ext1'));
    const destroyed = await destroyStack('s', options);
    expect(destroyed.ok).toBe(true);
    expect(backend.calls).not.toContain('delete Db');
    expect(backend.objects.has('ext1')).toBe(true);
    expect(destroyed.record.events.map((e) => e.reason)).toContain(
      "state changed: adopted (external_id): ext1 is not the stack's, and is not deleted",
    );

    await deploy(template('ext1'));
    const removed = await deploy(things({ App: { image: 'app' } }));
    expect(removed.ok).toBe(true);
    expect(removed.record.resources.Db).toBeUndefined();
    expect(backend.objects.has('ext1')).toBe(true);

    await destroyStack('s', options);
    backend.failing.set('App', 'App failed to start');
    const failed = await deploy(template('ext1'));
    expect(failed.ok).toBe(false);
    expect(failed.record.resources.Db).toBeUndefined();
    expect(backend.calls).not.toContain('delete Db');
    expect(backend.objects.has('ext1')).toBe(true);
  });

  test('check says the adopted object exists, or that it is gone', async () => {
    await deploy(template('ext1'));
    expect((await checkStack('s', options)).checks).toContainEqual({
      resource: 'Db',
      physicalId: 'ext1',
      ok: true,
      reason: 'adopted (external_id): exists',
    });
    backend.objects.delete('ext1');
    const checked = await checkStack('s', options);
    expect(checked.ok).toBe(false);
    expect(checked.checks).toContainEqual({
      resource: 'Db',
      physicalId: 'ext1',
      ok: false,
      reason: 'the object it adopted is gone',
    });
  });
});
