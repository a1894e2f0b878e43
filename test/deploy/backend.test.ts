import { describe, expect, test } from 'vitest';
import { createBackend } from '../../src/deploy/backend.js';
import type { Observation } from '../../src/deploy/engine/services.js';
import { type Locator, locatorKey, type TypeHandler } from '../../src/deploy/handler.js';
import type { ResourceTypeModule } from '../../src/template/resource-types/type-module.js';

/** A type module whose handler keeps its objects in memory, under the given kind, and logs what it is asked. */
function memoryType(names: readonly string[], kind: string, log: string[]): ResourceTypeModule {
  const objects = [
    { logicalId: `${kind}-1`, physicalId: `${kind}:1` },
    { logicalId: `${kind}-2`, physicalId: `${kind}:2` },
  ];
  return {
    schema: {
      names: names.map((name) => ({ name, properties: { where: 'where' }, attributes: {} })),
      properties: { where: { type: 'string', description: 'Where it lives.' } },
      attributes: {},
    },
    deploy: {
      locatorOf: (p) => (typeof p.where === 'string' ? { where: p.where } : {}),
      load: async () => {
        log.push(`load ${kind}`);
        return {
          createHandler: (typeNames): TypeHandler => ({
            create: async () => ({ physicalId: `${kind}:new` }),
            delete: async () => undefined,
            suspend: async () => undefined,
            resume: async () => undefined,
            attribute: async () => undefined,
            observe: async (_stack, locators): Promise<Observation> => ({
              objects: objects.map((o) => ({ ...o, type: typeNames[typeNames.length - 1] })),
              unreachable: new Map(locators.filter((l) => l.where === 'away').map((l) => [locatorKey(l), kind])),
            }),
            sweep: async (stack, locators, deployId) => {
              log.push(`sweep ${kind} ${stack.name} ${locators.map(locatorKey).join(',')} ${deployId ?? '-'}`);
              return objects.length;
            },
          }),
        };
      },
    },
  };
}

describe('the backend built from the type registry', () => {
  test('gives each type name its module’s handler, loading the module only on its first call', async () => {
    const log: string[] = [];
    const backend = createBackend({}, [memoryType(['Test::Box', 'Test::OldBox'], 'box', log)]);
    // A type only the registry's other modules (or none) know has no handler: deploy refuses it by name.
    expect(backend.handlerFor('Test::Missing')).toBeUndefined();
    const handler = backend.handlerFor('Test::OldBox');
    expect(handler).toBe(backend.handlerFor('Test::Box'));
    expect(handler?.locatorOf?.({ where: 'tcp://x' })).toEqual({ where: 'tcp://x' });
    expect(log).toEqual([]);
    const created = await handler?.create({
      stack: 's',
      logicalId: 'A',
      type: 'Test::Box',
      properties: {},
      configHash: '',
      deployId: 'd',
    });
    expect(created).toEqual({ physicalId: 'box:new' });
    await handler?.delete({ stack: 's', logicalId: 'A', type: 'Test::Box', physicalId: 'box:new', properties: {} });
    expect(log).toEqual(['load box']);
  });

  test('reports each observed object with the type of the handler that owns it, and sweeps through every owner', async () => {
    // GIVEN two deployable types (a container-like and a network-like one) and one that only synthesizes
    const log: string[] = [];
    const synthOnly: ResourceTypeModule = {
      schema: { names: [{ name: 'Test::Doc', properties: {}, attributes: {} }], properties: {}, attributes: {} },
    };
    const backend = createBackend({}, [
      memoryType(['Test::Box'], 'box', log),
      synthOnly,
      memoryType(['Test::Net'], 'net', log),
    ]);
    expect(backend.handlerFor('Test::Doc')).toBeUndefined();
    // WHEN the stack is observed at the default place and at two locators, one of which cannot be asked
    const away: Locator = { where: 'away' };
    const observation = await backend.observe('s', [{ where: 'near' }, away]);
    // THEN each object carries its own handler's type (a network is never planned as a container)
    expect(observation.objects.map((o) => [o.physicalId, o.type])).toEqual([
      ['box:1', 'Test::Box'],
      ['box:2', 'Test::Box'],
      ['net:1', 'Test::Net'],
      ['net:2', 'Test::Net'],
    ]);
    expect([...observation.unreachable.keys()]).toEqual([locatorKey(away)]);
    // WHEN the leftovers of one run are removed
    const removed = await backend.removeLeftovers({ name: 's' }, [{ where: 'near' }], 'd1');
    // THEN each owner swept what it owns, in registry order
    expect(removed).toBe(4);
    expect(log.filter((l) => l.startsWith('sweep'))).toEqual([
      'sweep box s [["where","near"]] d1',
      'sweep net s [["where","near"]] d1',
    ]);
  });

  test('observes through the binding’s own lister when it has one, without loading the handler module', async () => {
    // GIVEN a type whose binding lists its objects itself (as the Docker container type does: one list call)
    const log: string[] = [];
    const box = memoryType(['Test::Box', 'Test::OldBox'], 'box', log);
    const deploy = box.deploy as NonNullable<ResourceTypeModule['deploy']>;
    const listing: ResourceTypeModule = {
      ...box,
      deploy: {
        ...deploy,
        observe: async (stack, locators, type) => {
          log.push(`list ${stack} ${locators.map(locatorKey).join(',')} as ${type}`);
          return { objects: [{ logicalId: 'A', physicalId: 'box:1', type }], unreachable: new Map() };
        },
      },
    };
    const backend = createBackend({}, [listing]);
    // WHEN a deploy observes the stack
    const seen = await backend.observe('s', [{}, { where: 'far' }]);
    // THEN the objects are reported as the last type name, as the handler reports them, and no module was loaded
    expect(seen.objects).toEqual([{ logicalId: 'A', physicalId: 'box:1', type: 'Test::OldBox' }]);
    expect(log).toEqual([`list s ,${locatorKey({ where: 'far' })} as Test::OldBox`]);
    // AND a call that needs the handler loads it then
    await backend
      .handlerFor('Test::Box')
      ?.delete({ stack: 's', logicalId: 'A', type: 'Test::Box', physicalId: 'box:1', properties: {} });
    expect(log.at(-1)).toBe('load box');
  });

  test('keys a locator by its entries in key order, the default place as the empty key', () => {
    expect(locatorKey({})).toBe('');
    expect(locatorKey({ b: 1, a: 'x' })).toBe(locatorKey({ a: 'x', b: 1 }));
    expect(locatorKey({ a: 'x' })).not.toBe(locatorKey({ a: 'y' }));
  });
});
