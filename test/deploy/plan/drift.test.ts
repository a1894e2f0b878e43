import { describe, expect, test } from 'vitest';
import { desiredStack } from '../../../src/deploy/engine/desired.js';
import { formatPlan } from '../../../src/deploy/plan/plan.js';
import { type ObservedObject, type ObservedState, planDeploy } from '../../../src/deploy/plan/planner.js';
import type { ResourceRecord } from '../../../src/deploy/state/record.js';
import { call, type Template } from '../../../src/template/model.js';
import { deployedRecords, fakeServices } from '../support/fake-backend.js';
import { attr, things } from '../support/templates.js';

/** Observed state is part of the plan: a recorded object found not running outside heatstack is repaired. */

const blogTemplate = (image = 'wordpress'): Template =>
  things({
    Database: { image: 'mysql' },
    Blog: { image, env: [call('join', '=', ['DB', attr('Database', 'Ip')])] },
    Cache: { image: 'redis' },
  });

const RUNNING: ObservedState = { phase: 'running', description: 'running' };

/** Every recorded object observed, running unless `states` says otherwise. */
const observedOf = (
  resources: Record<string, ResourceRecord>,
  states: Record<string, ObservedState> = {},
): ObservedObject[] =>
  Object.entries(resources).map(([n, r]) => ({
    logicalId: n,
    physicalId: r.physicalId as string,
    configHash: r.configHash,
    deployId: r.deployId,
    state: states[n] ?? RUNNING,
  }));

/** The plan's lines against the deployed blog, some of its objects observed in `states`. */
const planWith = (
  states: Record<string, ObservedState>,
  template = blogTemplate(),
  records = deployedRecords(blogTemplate()),
): string[] => {
  const desired = desiredStack(template, {}, fakeServices);
  return formatPlan(planDeploy(desired, { resources: records, observed: observedOf(records, states) })).split('\n');
};

describe('planDeploy with observed state', () => {
  test('a container stopped outside heatstack is started again; what reads it is kept', () => {
    expect(planWith({ Database: { phase: 'stopped', description: 'exited (137)' } })).toEqual([
      'repair Database: exited (137) outside heatstack',
      'keep Cache: unchanged',
      'keep Blog: unchanged',
    ]);
  });

  test('a paused container is repaired (unpaused), a dead one replaced with what reads it', () => {
    expect(planWith({ Cache: { phase: 'paused', description: 'paused' } })).toEqual([
      'repair Cache: paused outside heatstack',
      'keep Database: unchanged',
      'keep Blog: unchanged',
    ]);
    expect(planWith({ Database: { phase: 'dead', description: 'dead' } })).toEqual([
      'delete Blog: replaced: reads Database, which is being created',
      'delete Database: replaced: dead outside heatstack [after delete Blog]',
      'create Database: dead outside heatstack [after delete Blog, delete Database]',
      'create Blog: reads Database, which is being created [after create Database]',
      'keep Cache: unchanged',
    ]);
  });

  test('running, restarting (its restart policy at work) and finished (a one-shot that exited 0) are left alone', () => {
    const plan = planWith({
      Database: { phase: 'restarting', description: 'restarting (1)' },
      Cache: { phase: 'finished', description: 'exited (0)' },
    });
    expect(plan).toEqual(['keep Cache: unchanged', 'keep Database: unchanged', 'keep Blog: unchanged']);
  });

  test('a container heatstack suspended is not repaired', () => {
    const records = deployedRecords(blogTemplate());
    records.Cache = { ...(records.Cache as ResourceRecord), status: 'SUSPEND_COMPLETE' };
    expect(planWith({ Cache: { phase: 'stopped', description: 'exited (137)' } }, blogTemplate(), records)).toEqual([
      'keep Cache: unchanged',
      'keep Database: unchanged',
      'keep Blog: unchanged',
    ]);
  });

  test('a create that reads a repaired resource waits for the repair and for the deletes', () => {
    expect(
      planWith({ Database: { phase: 'stopped', description: 'exited (1)' } }, blogTemplate('wordpress:6')),
    ).toEqual([
      'delete Blog: replaced: configuration changed (image)',
      'repair Database: exited (1) outside heatstack',
      'create Blog: configuration changed (image) [after repair Database, delete Blog]',
      'keep Cache: unchanged',
    ]);
  });

  test('repairs of a chain start dependencies first', () => {
    const stopped: ObservedState = { phase: 'stopped', description: 'exited (137)' };
    expect(planWith({ Database: stopped, Blog: stopped })).toEqual([
      'repair Database: exited (137) outside heatstack',
      'repair Blog: exited (137) outside heatstack [after repair Database]',
      'keep Cache: unchanged',
    ]);
  });
});
