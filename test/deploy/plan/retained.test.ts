import { describe, expect, test } from 'vitest';
import { desiredStack } from '../../../src/deploy/engine/desired.js';
import { formatPlan } from '../../../src/deploy/plan/plan.js';
import { type ObservedObject, planDeploy, planDestroy } from '../../../src/deploy/plan/planner.js';
import { fakeServices } from '../support/fake-backend.js';
import { things } from '../support/templates.js';

// An object kept by DeletionPolicy Retain (`ObservedObject.retained`) is adopted by the resource it was created for
// when the configuration is the same, and otherwise left where it is: never deleted as a leftover.

const desired = (size: number) => desiredStack(things({ Data: { size } }), {}, fakeServices);

function retainedData(size: number): ObservedObject {
  return { logicalId: 'Data', physicalId: 'v-old', configHash: desired(size).hashes.get('Data'), retained: true };
}

describe('planDeploy and retained objects', () => {
  test('one of the same configuration is adopted, not created again', () => {
    const plan = planDeploy(desired(1), { resources: {}, observed: [retainedData(1)] });
    expect(formatPlan(plan)).toBe('keep Data: unchanged (found in Docker)');
  });

  test('one of another configuration is left in place: a new object is created beside it', () => {
    const plan = planDeploy(desired(2), { resources: {}, observed: [retainedData(1)] });
    expect(formatPlan(plan)).toBe('create Data: new resource');
  });

  test('a leftover that is not retained is deleted, as before', () => {
    const leftover = { ...retainedData(1), retained: undefined };
    const plan = planDeploy(desired(2), { resources: {}, observed: [leftover] });
    expect(formatPlan(plan)).toBe(
      [
        'delete Data@v-old: left over by an interrupted or lost run',
        'create Data: new resource [after delete Data@v-old]',
      ].join('\n'),
    );
  });

  test('a destroy given a retained object (as --delete-volumes gives it) says why it was there', () => {
    expect(formatPlan(planDestroy({ resources: {}, observed: [retainedData(1)] }))).toBe(
      'delete Data@v-old: kept by DeletionPolicy Retain until now',
    );
  });
});
