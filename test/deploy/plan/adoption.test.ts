import { describe, expect, test } from 'vitest';
import { desiredStack } from '../../../src/deploy/engine/desired.js';
import { formatPlan } from '../../../src/deploy/plan/plan.js';
import { type ObservedObject, type ObservedState, planDeploy } from '../../../src/deploy/plan/planner.js';
import { call } from '../../../src/template/model.js';
import { deployedRecords, fakeServices } from '../support/fake-backend.js';
import { attr, things } from '../support/templates.js';

// An object under a resource's labels that no record holds (a run cut before it wrote it: a kill -9 of the CLI or of
// the daemon during a create) is adopted only when it is known to be whole; otherwise it is a leftover, and the
// resource is created again before its readers are (issue 17: a container never started was adopted as it was, and
// its readers were made from the address it does not have).

const template = () =>
  things({
    Db: { image: 'mysql' },
    Web: { image: 'wordpress', env: [call('join', '=', ['UPSTREAM', attr('Db', 'Ip')])] },
  });
const desired = () => desiredStack(template(), {}, fakeServices);

/** Db deployed and recorded; Web's object in Docker, in `state`, with no record of it. */
function plan(state: ObservedState | undefined): string {
  const { Db, Web } = deployedRecords(template());
  const observed: ObservedObject[] = [
    {
      logicalId: 'Db',
      physicalId: 'c-Db',
      configHash: Db?.configHash,
      state: { phase: 'running', description: 'running' },
    },
    { logicalId: 'Web', physicalId: 'c-Web-unrecorded', configHash: Web?.configHash, ...(state ? { state } : {}) },
  ];
  return formatPlan(planDeploy(desired(), { resources: { Db: Db as NonNullable<typeof Db> }, observed }));
}

describe('adopting an object no record holds', () => {
  test('a container created but never started is deleted as a leftover and created again', () => {
    expect(plan({ phase: 'stopped', description: 'created' })).toBe(
      [
        'delete Web@c-Web-unreco: left over by an interrupted or lost run',
        'create Web: new resource [after delete Web@c-Web-unreco]',
        'keep Db: unchanged',
      ].join('\n'),
    );
  });

  test.each([
    ['exited (137)', 'stopped'],
    ['exited (0)', 'finished'],
    ['dead', 'dead'],
    ['paused', 'paused'],
    ['restarting', 'restarting'],
  ] as const)('nor is one %s', (description, phase) => {
    expect(plan({ phase, description })).toContain('create Web: new resource');
  });

  test('a running one of the desired configuration is adopted, and so is an object whose handler tells no run state', () => {
    expect(plan({ phase: 'running', description: 'running' })).toBe(
      ['keep Db: unchanged', 'keep Web: unchanged (found in Docker)'].join('\n'),
    );
    expect(plan(undefined)).toBe(['keep Db: unchanged', 'keep Web: unchanged (found in Docker)'].join('\n'));
  });
});
