import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import type { EngineOptions } from '../../../src/deploy/engine/stack-engine.js';
import { StateStore } from '../../../src/deploy/state/store.js';
import type { StackEvent } from '../../../src/deploy/status.js';
import { FakeBackend, fakeServices } from './fake-backend.js';

/** The engine over a fake backend and a state directory of its own, made afresh for each test of the calling file. */
export interface FakeEngine {
  readonly backend: FakeBackend;
  readonly events: StackEvent[];
  readonly options: EngineOptions;
}

/** Registers the per-test set-up and clean-up; read the returned object's fields inside the tests. */
export function useFakeEngine(): FakeEngine {
  const fixture = {} as { backend: FakeBackend; events: StackEvent[]; options: EngineOptions; dir: string };
  beforeEach(() => {
    fixture.dir = mkdtempSync(join(tmpdir(), 'heatstack-engine-'));
    fixture.backend = new FakeBackend();
    fixture.events = [];
    const onEvent = (e: StackEvent): void => void fixture.events.push(e);
    fixture.options = { store: new StateStore(fixture.dir), backend: fixture.backend, services: fakeServices, onEvent };
  });
  afterEach(() => rmSync(fixture.dir, { recursive: true, force: true }));
  return fixture;
}
