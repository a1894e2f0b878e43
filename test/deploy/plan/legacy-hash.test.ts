import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { deployStack, type EngineOptions, planStack } from '../../../src/deploy/engine/stack-engine.js';
import { legacyConfigHash } from '../../../src/deploy/plan/legacy-hash.js';
import { formatPlan } from '../../../src/deploy/plan/plan.js';
import { StateStore } from '../../../src/deploy/state/store.js';
import { call, type Template } from '../../../src/template/model.js';
import { FakeBackend, fakeServices } from '../support/fake-backend.js';
import { attr, things } from '../support/templates.js';

let dir: string;
let options: EngineOptions;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'heatstack-legacy-'));
  options = { store: new StateStore(dir), backend: new FakeBackend(), services: fakeServices };
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const template = (image = 'wordpress'): Template =>
  things(
    {
      Database: { image: 'mysql', env: [call('join', '=', ['PW', call('get_param', 'pw')])] },
      Blog: { image, env: [call('join', '=', ['DB', attr('Database', 'Ip')])] },
    },
    { parameters: { pw: { type: 'string', hidden: true, constraints: [] } } },
  );

const input = (t: Template, pw: string) => ({
  stackName: 's1',
  stackId: 'id-1',
  template: t,
  parameters: { pw },
  hiddenParameters: new Set(['pw']),
});

/** Rewrites the stack's record as the previous version left it: old hashes, no properties. */
async function asWrittenByThePreviousVersion(pw: string): Promise<void> {
  const record = await options.store.load('s1');
  if (record === undefined) throw new Error('no record');
  const secrets = { names: new Set(['pw']), salt: record.hashSalt ?? '' };
  for (const [name, rec] of Object.entries(record.resources)) {
    rec.configHash = legacyConfigHash(record.template, name, { pw }, secrets);
    delete rec.properties;
  }
  await options.store.save(record);
}

describe('stacks deployed by the previous version (hashes of the template as written)', () => {
  test('are kept as they are when nothing changed, and then hold the new hash and properties', async () => {
    // GIVEN a stack whose record the previous version wrote
    await deployStack(input(template(), 'swordfish'), options);
    await asWrittenByThePreviousVersion('swordfish');
    // WHEN planned with the same template and password
    const planned = await planStack(input(template(), 'swordfish'), options);
    // THEN nothing is replaced
    expect(formatPlan(planned.plan)).toBe('keep Database: unchanged\nkeep Blog: unchanged');
    // AND the deploy that follows records what a diff needs next time
    const result = await deployStack(input(template(), 'swordfish'), options);
    expect(result.record.resources.Blog?.properties).toEqual({
      env: [call('join', '=', ['DB', call('get_attr', 'Database', 'Ip')])],
      image: 'wordpress',
    });
  });

  test('a change is still a change, and says which property', async () => {
    await deployStack(input(template(), 'swordfish'), options);
    await asWrittenByThePreviousVersion('swordfish');
    const planned = await planStack(input(template('ghost'), 'swordfish'), options);
    expect(formatPlan(planned.plan)).toContain('create Blog: configuration changed (image)');
    expect(planned.plan.kept.map((k) => k.resource)).toEqual(['Database']);
  });

  test('a hidden value given again but changed replaces what used it', async () => {
    await deployStack(input(template(), 'swordfish'), options);
    await asWrittenByThePreviousVersion('swordfish');
    const planned = await planStack(input(template(), 'trout'), options);
    expect(planned.plan.operations.map((op) => op.id)).toContain('create Database');
  });
});

describe('the properties a record keeps', () => {
  test('a replaced resource lists only what changed, functions of other resources included unchanged', async () => {
    await deployStack(input(template(), 'swordfish'), options);
    const planned = await planStack(input(template('ghost'), 'swordfish'), options);
    const create = planned.plan.operations.find((op) => op.id === 'create Blog');
    expect(create?.changes).toEqual([{ path: 'image', kind: 'change', old: 'wordpress', new: 'ghost' }]);
  });
});
