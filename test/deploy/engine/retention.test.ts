import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { Observation } from '../../../src/deploy/engine/services.js';
import { deployStack, destroyStack, type EngineOptions } from '../../../src/deploy/engine/stack-engine.js';
import type { CreateRequest, DeletionPolicyName, Locator, StackIdentity } from '../../../src/deploy/handler.js';
import { StateStore } from '../../../src/deploy/state/store.js';
import type { Template } from '../../../src/template/model.js';
import { FakeBackend, fakeServices } from '../support/fake-backend.js';
import { things } from '../support/templates.js';

/**
 * DeletionPolicy as the engine applies it (`src/deploy/engine/retention.ts`), on a backend whose type honours it
 * with `Retain` as its default (as the Docker volume type does): objects are labelled with their policy, and a
 * retained one is kept by deletes and sweeps alike.
 */
class RetainingBackend extends FakeBackend {
  readonly policies = new Map<string, DeletionPolicyName | undefined>();

  constructor() {
    super();
    const create = this.handler.create;
    Object.assign(this.handler, {
      defaultDeletionPolicy: 'Retain',
      create: async (request: CreateRequest) => {
        const created = await create(request);
        this.policies.set(created.physicalId, request.deletionPolicy);
        return created;
      },
    });
  }

  override async observe(stack: string): Promise<Observation> {
    const { objects, unreachable } = await super.observe(stack);
    const marked = objects.map((o) => (this.policies.get(o.physicalId) === 'Retain' ? { ...o, retained: true } : o));
    return { objects: marked, unreachable };
  }

  override async removeLeftovers(
    stack: StackIdentity,
    locators: readonly Locator[],
    deployId?: string,
  ): Promise<number> {
    const retained = new Set([...this.policies].filter(([, p]) => p === 'Retain').map(([id]) => id));
    return super.removeLeftovers(stack, locators, deployId, retained);
  }
}

let dir: string;
let backend: RetainingBackend;
let options: EngineOptions;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'heatstack-retention-'));
  backend = new RetainingBackend();
  options = { store: new StateStore(dir), backend, services: fakeServices };
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Data (with the template's policy, or none) and App (whose policy is Delete: the fake handler serves both). */
function template(policy?: string, size = 1): Template {
  const t = things({ Data: { size }, App: { image: 'app' } });
  const data = t.resources.Data!;
  return {
    ...t,
    resources: {
      Data: policy === undefined ? data : { ...data, deletionPolicy: policy },
      App: { ...t.resources.App!, deletionPolicy: 'Delete' },
    },
  };
}

const deploy = (t: Template) =>
  deployStack({ stackName: 's', stackId: 'id', template: t, parameters: {}, hiddenParameters: new Set() }, options);

describe('DeletionPolicy Retain', () => {
  test('a type’s default applies when the template gives none, and the object is labelled with it', async () => {
    const first = await deploy(template());
    expect(backend.policies.get(first.record.resources.Data!.physicalId!)).toBe('Retain');
    const second = await deploy(template('Delete', 2));
    expect(backend.policies.get(second.record.resources.Data!.physicalId!)).toBe('Delete');
  });

  test('destroy keeps a retained object, says so in its event and result, and the next deploy adopts it', async () => {
    const first = await deploy(template());
    const data = first.record.resources.Data!.physicalId!;
    const destroyed = await destroyStack('s', options);
    expect(destroyed.ok).toBe(true);
    expect(backend.of('s')).toEqual({ Data: [data] });
    expect(destroyed.retained).toEqual([{ resource: 'Data', physicalId: data, type: 'Test::Thing' }]);
    expect(destroyed.record.events.map((e) => e.reason)).toContain(
      `state changed: retained (DeletionPolicy Retain): ${data} is kept`,
    );
    // WHEN deployed again, THEN the same object is the resource's, not a new one
    const again = await deploy(template());
    expect(again.record.resources.Data?.physicalId).toBe(data);
    expect(backend.of('s').Data).toEqual([data]);
  });

  test('a later deploy leaves a retained object no resource adopts where it is, planning no delete of it', async () => {
    const first = await deploy(template());
    await destroyStack('s', options);
    // A configuration the retained object does not have: a new object, the old one left alone.
    const second = await deploy(template(undefined, 2));
    expect(second.ok).toBe(true);
    expect(backend.of('s').Data).toEqual([
      first.record.resources.Data!.physicalId,
      second.record.resources.Data!.physicalId,
    ]);
    expect(backend.calls.filter((c) => c === 'delete Data')).toEqual([]);
  });

  test('a replace keeps the old object, unless the template says Delete; deleteRetained deletes every one', async () => {
    const id = (r: Awaited<ReturnType<typeof deploy>>) => r.record.resources.Data!.physicalId!;
    const first = await deploy(template(undefined, 1));
    const second = await deploy(template(undefined, 2));
    expect(backend.of('s').Data).toEqual([id(first), id(second)]);
    // The template's Delete applies to the object the record holds: replaced, it goes.
    const third = await deploy(template('Delete', 3));
    expect(backend.of('s').Data).toEqual([id(first), id(third)]);
    // Destroy deletes what is labelled Delete and keeps the retained one
    const destroyed = await destroyStack('s', options);
    expect(backend.of('s')).toEqual({ Data: [id(first)] });
    expect(destroyed.retained?.map((r) => r.physicalId)).toEqual([id(first)]);
    // WHEN destroyed with deleteRetained, THEN nothing is left
    const all = await destroyStack('s', { ...options, deleteRetained: true });
    expect(all.ok).toBe(true);
    expect(all.retained).toBeUndefined();
    expect(backend.of('s')).toEqual({});
  });

  test('a failed create keeps only the retained object', async () => {
    backend.failing.set('App', 'App exited with code 1');
    const result = await deploy(template());
    expect(result.ok).toBe(false);
    expect(result.record.status).toBe('ROLLBACK_COMPLETE');
    expect(Object.keys(backend.of('s'))).toEqual(['Data']);
  });

  test('a policy in lower case (HOT) is read as Heat reads it', async () => {
    await deploy(template('delete'));
    const destroyed = await destroyStack('s', options);
    expect(destroyed.retained).toBeUndefined();
    expect(backend.of('s')).toEqual({});
  });
});
