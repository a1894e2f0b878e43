import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import {
  deployStack,
  destroyStack,
  type EngineOptions,
  resumeStack,
  suspendStack,
} from '../../../src/deploy/engine/stack-engine.js';
import { StateStore } from '../../../src/deploy/state/store.js';
import { FakeBackend, fakeServices } from '../support/fake-backend.js';
import { attr, things } from '../support/templates.js';

/**
 * A run that fails leaves a record that tells the truth about what the backend holds (found by the chaos suite's
 * Engine API faults, test/chaos): a resource the record calls complete is there, one it calls deleted is gone.
 */

let dir: string;
let backend: FakeBackend;
let options: EngineOptions;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'heatstack-truthful-'));
  backend = new FakeBackend();
  options = { store: new StateStore(dir), backend, services: fakeServices };
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Db, and Web reading its address: Web is deleted first, Db only after it. */
const template = things({ Db: { image: 'db' }, Web: { image: 'web', env: [attr('Db', 'Ip')] } });

describe('a destroy whose delete of one resource fails', () => {
  test('keeps what the record still holds: the failed resource and what it depends on stay, recorded as they are', async () => {
    // GIVEN a deployed stack whose Web cannot be deleted
    const deployed = await deployStack(
      { stackName: 's', stackId: 'id', template, parameters: {}, hiddenParameters: new Set() },
      options,
    );
    expect(deployed.ok).toBe(true);
    backend.failingDeletes.set('Web', 'the daemon answered 500');
    // WHEN it is destroyed
    const destroyed = await destroyStack('s', options);
    // THEN the stack is DELETE_FAILED naming Web
    expect(destroyed.record.status).toBe('DELETE_FAILED');
    expect(destroyed.record.statusReason).toContain('Web');
    // AND every resource the record keeps is still held by the backend, as recorded
    expect(destroyed.record.resources.Web?.status).toBe('DELETE_FAILED');
    expect(destroyed.record.resources.Db?.status).toBe('CREATE_COMPLETE');
    const held = backend.of('s');
    for (const [name, r] of Object.entries(destroyed.record.resources)) expect(held[name]).toEqual([r.physicalId]);
    // AND once the delete works again, destroy removes everything
    backend.failingDeletes.clear();
    expect((await destroyStack('s', options)).ok).toBe(true);
    expect(backend.of('s')).toEqual({});
  });
});

describe('a deploy of a stack whose resume did not finish (killed, or failed)', () => {
  test.each([
    ['RESUME_IN_PROGRESS', { action: 'RESUME', deployId: 'r1', pid: 2 ** 30, startedAt: '2026-01-01T00:00:00.000Z' }],
    ['RESUME_FAILED', undefined],
  ])(
    '%s: is refused as a suspended one is (its stopped containers would stay stopped under a COMPLETE stack)',
    async (status, pending) => {
      // GIVEN a suspended stack whose resume stopped half-way: one container started again, the other still stopped
      const deploy = () =>
        deployStack({ stackName: 's', stackId: 'id', template, parameters: {}, hiddenParameters: new Set() }, options);
      expect((await deploy()).ok).toBe(true);
      expect((await suspendStack('s', options)).ok).toBe(true);
      const file = join(dir, 's.json');
      const record = JSON.parse(readFileSync(file, 'utf8'));
      record.status = status;
      record.pending = pending;
      record.resources.Db.status = 'RESUME_COMPLETE';
      writeFileSync(file, JSON.stringify(record));
      // WHEN it is deployed THEN it is refused, saying to resume it first
      await expect(deploy()).rejects.toThrow('stack s is partly suspended (a resume did not finish): resume it first');
      // AND resume finishes the job, after which the deploy works
      expect((await resumeStack('s', options)).ok).toBe(true);
      expect((await deploy()).ok).toBe(true);
      expect([...backend.objects.values()].every((o) => o.running)).toBe(true);
    },
  );
});
