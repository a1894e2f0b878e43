import { describe, expect, test } from 'vitest';
import { desiredStack } from '../../../src/deploy/engine/desired.js';
import { execute, QUICK_CONCURRENCY } from '../../../src/deploy/engine/operations.js';
import { RunRecorder } from '../../../src/deploy/engine/run.js';
import { emptyRecord } from '../../../src/deploy/engine/stack-record.js';
import type { ResourceHandler } from '../../../src/deploy/handler.js';
import type { Plan } from '../../../src/deploy/plan/plan.js';
import { RecordJournal } from '../../../src/deploy/state/store.js';
import { deployedRecords, fakeServices, sleep } from '../support/fake-backend.js';
import { useFakeEngine } from '../support/fake-engine.js';
import { things } from '../support/templates.js';

// An in-place update a handler makes in one short call (a container's limits: `quickUpdates`) does not wait in line
// behind `concurrency`, which bounds the creates and deletes that take seconds: a deploy changing the memory limit of
// 50 containers makes its 50 calls at once, as a person straight through the Engine API would.
const engine = useFakeEngine();

const N = 12;

/** Runs a plan updating N things in place with `concurrency` 1; how many updates ran at once, at most. */
async function peakOfUpdates(quickUpdates: boolean): Promise<number> {
  const template = things(Object.fromEntries(Array.from({ length: N }, (_, i) => [`U${i}`, { memory: 2 }])));
  let running = 0;
  let peak = 0;
  const handler: ResourceHandler = {
    ...engine.backend.handler,
    ...(quickUpdates ? { quickUpdates: true as const } : {}),
    update: async () => {
      peak = Math.max(peak, ++running);
      await sleep(5);
      running--;
      return {};
    },
  };
  engine.backend.handlerFor = () => handler;
  const options = { ...engine.options, concurrency: 1 };
  const record = { ...emptyRecord('quick'), template, resources: deployedRecords(template) };
  const run = new RunRecorder(new RecordJournal(options.store, record), {});
  const plan: Plan = {
    operations: Object.keys(template.resources).map((r) => ({
      id: `update ${r}`,
      kind: 'update' as const,
      resource: r,
      cause: 'configuration changed (memory)',
      after: [],
    })),
    kept: [],
  };
  const desired = desiredStack(template, {}, fakeServices);
  const failure = await execute(run, plan, { template, parameters: {}, deployId: 'd2', desired }, options, false);
  expect(failure).toBeUndefined();
  expect(Object.values(record.resources).map((r) => r.status)).toEqual(Array(N).fill('UPDATE_COMPLETE'));
  return peak;
}

describe('in-place updates of a type whose updates are one short call', () => {
  test('run at once, beside the concurrency that bounds creates and deletes', async () => {
    expect(QUICK_CONCURRENCY).toBeGreaterThanOrEqual(N);
    expect(await peakOfUpdates(true)).toBe(N);
  });

  test('a type that does not say so updates within the concurrency', async () => {
    expect(await peakOfUpdates(false)).toBe(1);
  });
});
