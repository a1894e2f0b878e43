import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { deployStack, destroyStack, type EngineOptions } from '../../../src/deploy/engine/stack-engine.js';
import { sortByOwner } from '../../../src/deploy/engine/stack-identity.js';
import { LABELS, ownedBy, stackLabels } from '../../../src/deploy/handler.js';
import type { ObservedObject } from '../../../src/deploy/plan/planner.js';
import { StateStore } from '../../../src/deploy/state/store.js';
import { FakeBackend, fakeServices } from '../support/fake-backend.js';
import { things } from '../support/templates.js';

/**
 * The stack-identity guard (`src/deploy/engine/stack-identity.ts`) on the engine's own logic: which objects under a
 * stack's name are its own, and what deploy and destroy do with another record's. Against Docker:
 * `test/deploy/e2e/stack-identity.test.ts`.
 */

let root: string;
let dirA: string;
let dirB: string;
let backend: FakeBackend;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'heatstack-identity-'));
  dirA = join(root, 'a');
  dirB = join(root, 'b');
  backend = new FakeBackend();
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const options = (dir: string): EngineOptions => ({ store: new StateStore(dir), backend, services: fakeServices });

const deploy = (dir: string, stackId: string) =>
  deployStack(
    {
      stackName: 's',
      stackId,
      template: things({ Db: { image: 'db' }, Web: { properties: { image: 'web' }, dependsOn: ['Db'] } }),
      parameters: {},
      hiddenParameters: new Set(),
    },
    options(dir),
  );

function object(logicalId: string, owner?: { id: string; stateDir: string }): ObservedObject {
  return { logicalId, physicalId: `${logicalId}-1`, type: 'Test::Thing', ...(owner && { owner }) };
}

describe('which objects under a stack’s name are its own', () => {
  test('those without an id, of its id, or of its state directory; another directory’s only while its record is there', async () => {
    writeFileSync(join(root, 's.json'), '{}'); // a record of `s` kept in `root`
    const observed = [
      object('Legacy'),
      object('Mine', { id: 'me', stateDir: resolve(dirA) }),
      object('Earlier', { id: 'destroyed-here', stateDir: resolve(dirA) }),
      object('Lost', { id: 'lost', stateDir: join(root, 'gone') }),
      object('Held', { id: 'other', stateDir: root }),
      object('Unplaced', { id: 'nowhere', stateDir: '' }),
    ];

    const { own, foreign, identity } = await sortByOwner('s', 'me', dirA, observed);

    expect(own.map((o) => o.logicalId)).toEqual(['Legacy', 'Mine', 'Earlier', 'Lost']);
    expect(foreign).toEqual([
      { id: 'other', stateDir: root, objects: 1 },
      { id: 'nowhere', stateDir: '', objects: 1 },
    ]);
    // What the stack's sweeps may take: its own, those it took over, and those labelled with its directory.
    const labels = (id: string, stateDir: string) => stackLabels('s', { id, stateDir });
    expect(ownedBy(identity, labels('lost', join(root, 'gone')))).toBe(true);
    expect(ownedBy(identity, labels('destroyed-here', resolve(dirA)))).toBe(true);
    expect(ownedBy(identity, labels('other', root))).toBe(false);
    expect(ownedBy(identity, { [LABELS.stack]: 's' })).toBe(true);
  });
});

describe('two state directories, one stack name', () => {
  test('a deploy from the second is refused before it writes anything, and the first stack is untouched', async () => {
    const first = await deploy(dirA, 'id-a');
    const objects = backend.of('s');
    const calls = backend.calls.length;

    await expect(deploy(dirB, 'id-b')).rejects.toThrow(
      `stack s: Docker holds 2 object(s) of the stack s recorded in the state directory ${resolve(dirA)} ` +
        `(stack id id-a), not of the stack s of this state directory (${resolve(dirB)}); nothing was changed. ` +
        `Destroy that stack there (HEATSTACK_STATE_DIR=${resolve(dirA)} heatstack destroy --stack s), ` +
        'or choose another stack name',
    );
    expect(await new StateStore(dirB).load('s')).toBeUndefined();
    expect(backend.calls).toHaveLength(calls);
    expect(backend.of('s')).toEqual(objects);
    expect((await deploy(dirA, first.record.id)).unchanged).toBe(true);
  });

  test('a destroy from the second leaves the first stack’s objects, and says where they belong', async () => {
    await deploy(dirA, 'id-a');
    const objects = backend.of('s');

    const destroyed = await destroyStack('s', options(dirB));

    expect(destroyed).toMatchObject({ ok: true, notFound: true });
    expect(destroyed.record.statusReason).toBe(
      `stack s does not exist (nothing to destroy); 2 object(s) under the name s belong to the stack s recorded in ` +
        `the state directory ${resolve(dirA)} (stack id id-a) and were left: destroy it there ` +
        `(HEATSTACK_STATE_DIR=${resolve(dirA)} heatstack destroy --stack s)`,
    );
    expect(backend.of('s')).toEqual(objects);
  });

  test('once the first record is gone from its directory, its objects are taken over: deployed, then destroyed', async () => {
    await deploy(dirA, 'id-a');
    const objects = backend.of('s');
    rmSync(join(dirA, 's.json'));

    const adopted = await deploy(dirB, 'id-b');

    expect(adopted.ok).toBe(true);
    expect(backend.of('s')).toEqual(objects);
    expect((await destroyStack('s', options(dirB))).ok).toBe(true);
    expect(backend.of('s')).toEqual({});
  });
});
