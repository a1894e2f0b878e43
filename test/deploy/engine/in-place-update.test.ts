import { describe, expect, test } from 'vitest';
import { updatesInPlace } from '../../../src/deploy/engine/in-place-update.js';
import type { Backend } from '../../../src/deploy/engine/services.js';
import type { ResourceHandler } from '../../../src/deploy/handler.js';
import type { Operation, Plan } from '../../../src/deploy/plan/plan.js';
import { formatPlan } from '../../../src/deploy/plan/plan.js';
import { emptyTemplate, type Template } from '../../../src/template/model.js';

const handler = (update: boolean): ResourceHandler => ({
  create: async () => ({ physicalId: 'x' }),
  delete: async () => undefined,
  suspend: async () => undefined,
  resume: async () => undefined,
  attribute: async () => undefined,
  ...(update ? { update: async () => ({ physicalId: 'x' }) } : {}),
});

const backend: Backend = {
  handlerFor: (type) => (type === 'Service' ? handler(true) : type === 'Container' ? handler(false) : undefined),
  observe: async () => ({ objects: [], unreachable: new Map() }),
  removeLeftovers: async () => 0,
};

function templateOf(types: Record<string, string>): Template {
  const resources = Object.fromEntries(Object.entries(types).map(([name, type]) => [name, { type, properties: {} }]));
  return { ...emptyTemplate(), resources } as unknown as Template;
}

const op = (id: string, after: string[] = [], physicalId?: string): Operation => {
  const [kind, resource] = id.split(' ') as [Operation['kind'], string];
  return { id, kind, resource, cause: 'configuration changed', after, ...(physicalId ? { physicalId } : {}) };
};

describe('a replaced resource whose handler updates in place', () => {
  const plan: Plan = {
    operations: [
      op('delete Web', [], 'svc-1'),
      op('delete Box', [], 'c-1'),
      op('create Web', ['delete Box', 'delete Web']),
      op('create Box', ['delete Box', 'delete Web']),
      op('create Proxy', ['create Web']),
    ],
    kept: [],
  };
  const records = { Web: { type: 'Service', physicalId: 'svc-1' }, Box: { type: 'Container', physicalId: 'c-1' } };

  test('is one update of the same object; a container is still deleted and created', () => {
    const template = templateOf({ Web: 'Service', Box: 'Container', Proxy: 'Container' });
    expect(formatPlan(updatesInPlace(plan, backend, template, records))).toBe(
      [
        'delete Box: configuration changed',
        'update Web: configuration changed [after delete Box]',
        'create Box: configuration changed [after delete Box]',
        'create Proxy: configuration changed [after update Web]',
      ].join('\n'),
    );
    const update = updatesInPlace(plan, backend, template, records).operations.find((o) => o.kind === 'update');
    expect(update?.physicalId).toBe('svc-1');
  });

  test('is replaced as before when its type changed, or the record does not hold the object being deleted', () => {
    const changedType = templateOf({ Web: 'Container', Box: 'Container', Proxy: 'Container' });
    expect(updatesInPlace(plan, backend, changedType, records)).toBe(plan);
    const template = templateOf({ Web: 'Service', Box: 'Container', Proxy: 'Container' });
    const stale = { ...records, Web: { type: 'Service', physicalId: 'svc-0' } };
    expect(updatesInPlace(plan, backend, template, stale)).toBe(plan);
  });
});
