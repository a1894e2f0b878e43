import { describe, expect, test } from 'vitest';
import { desiredStack } from '../../../src/deploy/engine/desired.js';
import { execute } from '../../../src/deploy/engine/operations.js';
import { RunRecorder } from '../../../src/deploy/engine/run.js';
import { emptyRecord } from '../../../src/deploy/engine/stack-record.js';
import { formatPlan } from '../../../src/deploy/plan/plan.js';
import { planDeploy } from '../../../src/deploy/plan/planner.js';
import type { StackRecord } from '../../../src/deploy/state/record.js';
import { RecordJournal } from '../../../src/deploy/state/store.js';
import { deployedRecords, fakeServices } from '../support/fake-backend.js';
import { useFakeEngine } from '../support/fake-engine.js';
import { things } from '../support/templates.js';

// What the old object of a create-first replace becomes once its replacement runs: deleted — unless it is the new
// object itself (an image rebuilt to the same tag), or its DeletionPolicy keeps it (a volume's `Retain`).
const engine = useFakeEngine();

/** Replaces Thing (its `setting` changed), created first; what the handler was asked to delete, and the record. */
async function replaceCreatedFirst(): Promise<{ deleted: string[]; record: StackRecord; plan: string[] }> {
  const before = things({ Thing: { setting: 'a' } });
  const after = things({ Thing: { setting: 'b' } });
  const records = deployedRecords(before);
  const desired = desiredStack(after, {}, fakeServices);
  const holdsNothing = { inPlace: () => false, holds: () => undefined };
  const plan = planDeploy({ ...desired, changeRules: holdsNothing }, { resources: records });
  const deleted: string[] = [];
  engine.backend.handler.delete = async (resource) => void deleted.push(resource.physicalId);
  const record = { ...emptyRecord('s'), template: after, resources: records };
  const run = new RunRecorder(new RecordJournal(engine.options.store, record), engine.options);
  const target = { template: after, parameters: {}, deployId: 'd2', desired };
  expect(await execute(run, plan, target, engine.options, false)).toBeUndefined();
  return { deleted, record, plan: formatPlan(plan).split('\n') };
}

describe('the old object of a create-first replace', () => {
  test('is deleted once its replacement runs', async () => {
    const { deleted, record, plan } = await replaceCreatedFirst();
    expect(plan).toEqual([
      'create Thing: configuration changed (setting) (create before delete)',
      'delete Thing: replaced: configuration changed (setting) (create before delete) [after create Thing]',
    ]);
    expect(deleted).toEqual(['c-Thing']);
    expect(record.resources.Thing).toMatchObject({ status: 'CREATE_COMPLETE', deployId: 'd2' });
  });

  test('that is the new object (its create gave back the same id) is kept, and so is its record', async () => {
    engine.backend.handler.create = async () => ({ physicalId: 'c-Thing' });
    const { deleted, record } = await replaceCreatedFirst();
    expect(deleted).toEqual([]);
    expect(record.resources.Thing).toMatchObject({ physicalId: 'c-Thing', status: 'CREATE_COMPLETE', deployId: 'd2' });
  });

  test('whose DeletionPolicy is Retain (a volume’s default) is kept, as a delete-first replace keeps it', async () => {
    Object.assign(engine.backend.handler, { defaultDeletionPolicy: 'Retain' });
    const { deleted } = await replaceCreatedFirst();
    expect(deleted).toEqual([]);
    expect(engine.events.filter((e) => e.status === 'DELETE_COMPLETE').map((e) => e.reason)).toEqual([
      'state changed: retained (DeletionPolicy Retain): c-Thing is kept',
    ]);
  });
});
