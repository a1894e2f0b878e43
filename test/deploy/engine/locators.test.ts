import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import type { Observation } from '../../../src/deploy/engine/services.js';
import { deployStack, destroyStack, type EngineOptions } from '../../../src/deploy/engine/stack-engine.js';
import { type Locator, locatorKey } from '../../../src/deploy/handler.js';
import { StateStore } from '../../../src/deploy/state/store.js';
import { FakeBackend, fakeServices } from '../support/fake-backend.js';
import { things } from '../support/templates.js';

/**
 * The engine knows where an object lives only through its handler: the type's `locatorOf` picks what the record
 * keeps, and the backend is asked at those places. No property name of any backend is the engine's.
 */
class PlacedBackend extends FakeBackend {
  readonly asked: Locator[][] = [];
  /** Places (`place` values) that cannot be asked. */
  readonly away = new Set<string>();

  constructor() {
    super();
    this.handler.locatorOf = (properties) => (typeof properties.place === 'string' ? { place: properties.place } : {});
  }

  override async observe(stack: string, locators: readonly Locator[] = []): Promise<Observation> {
    this.asked.push([...locators]);
    const found = await super.observe(stack);
    const unreachable = new Map(
      locators.filter((l) => this.away.has(String(l.place))).map((l) => [locatorKey(l), `${String(l.place)} is away`]),
    );
    return { objects: found.objects, unreachable };
  }
}

let dir: string;
let backend: PlacedBackend;
let options: EngineOptions;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'heatstack-locators-'));
  backend = new PlacedBackend();
  options = { store: new StateStore(dir), backend, services: fakeServices };
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const template = () => things({ Here: { image: 'a' }, There: { image: 'b', place: 'far', secret: 'x' } });
const deploy = () =>
  deployStack(
    { stackName: 's', stackId: 'id', template: template(), parameters: {}, hiddenParameters: new Set() },
    options,
  );

test('the record keeps what the handler says locates an object, and the backend is asked there next time', async () => {
  const first = await deploy();
  expect(first.ok).toBe(true);
  expect(first.record.resources.Here?.locator).toEqual({});
  expect(first.record.resources.There?.locator).toEqual({ place: 'far' });
  await deploy();
  expect(backend.asked).toEqual([[], [{ place: 'far' }]]);
});

test('a place holding one of the stack’s objects that cannot be asked refuses a deploy before anything changes', async () => {
  await deploy();
  backend.away.add('far');
  const calls = backend.calls.length;
  await expect(deploy()).rejects.toThrow('far is away');
  expect(backend.calls.length).toBe(calls);
  backend.away.clear();
  expect((await destroyStack('s', options)).ok).toBe(true);
});
