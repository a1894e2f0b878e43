import { describe, expect, test } from 'vitest';
import { desiredStack } from '../../../src/deploy/engine/desired.js';
import { STARTED_AS_SERVICE, staleRead } from '../../../src/deploy/plan/drift.js';
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
  test('a container stopped outside heatstack is started again; what reads it is replaced only if it is', () => {
    expect(planWith({ Database: { phase: 'stopped', description: 'exited (137)' } })).toEqual([
      'repair Database: exited (137) outside heatstack',
      'refresh Blog: reads Database: replaced too if Database is replaced [after repair Database]',
      'keep Cache: unchanged',
    ]);
  });

  test('what reads a reader of a repaired resource waits for its refresh, and is refreshed in turn', () => {
    const template = things({
      Database: { image: 'mysql' },
      Blog: { image: 'wordpress', env: [call('join', '=', ['DB', attr('Database', 'Ip')])] },
      Proxy: { image: 'nginx', env: [call('join', '=', ['UP', attr('Blog', 'Ip')])] },
      Probe: { properties: { image: 'curl', tag: 'x' }, dependsOn: ['Proxy'] },
      Edited: { image: 'curl:2', env: [call('join', '=', ['UP', attr('Blog', 'Ip')])] },
    });
    const records = deployedRecords(template);
    records.Edited = { ...(records.Edited as ResourceRecord), configHash: 'before' };
    expect(planWith({ Database: { phase: 'stopped', description: 'exited (1)' } }, template, records)).toEqual([
      'delete Edited: replaced: configuration changed',
      'repair Database: exited (1) outside heatstack',
      'refresh Blog: reads Database: replaced too if Database is replaced [after repair Database]',
      'create Edited: configuration changed [after refresh Blog, delete Edited]',
      'refresh Proxy: reads Blog: replaced too if Blog is replaced [after refresh Blog]',
      'keep Probe: unchanged',
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

  test('a service that exited 0 when it was stopped (its create left it running) is started again', () => {
    const records = deployedRecords(blogTemplate());
    records.Database = { ...(records.Database as ResourceRecord), fingerprint: { [STARTED_AS_SERVICE]: 'running' } };
    const finished: ObservedState = { phase: 'finished', description: 'exited (0)' };
    expect(planWith({ Database: finished, Cache: finished }, blogTemplate(), records)).toEqual([
      'repair Database: exited (0) outside heatstack',
      'refresh Blog: reads Database: replaced too if Database is replaced [after repair Database]',
      'keep Cache: unchanged',
    ]);
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

  test('a container re-created by hand under its labels is replaced, its dependents too; diff says how it differs', () => {
    const plan = planObserving({ Database: { image: 'sha256:a', env: 'e1' } }, 'Database', {
      physicalId: 'by-hand-0123456789',
      fingerprint: { image: 'sha256:b', env: 'e2' },
    });
    const cause = 'changed outside heatstack: re-created as container by-hand-0123 (another env, another image)';
    expect(plan).toEqual([
      'delete Blog: replaced: reads Database, which is being created',
      `delete Database: replaced: ${cause} [after delete Blog]`,
      `create Database: ${cause} [after delete Blog, delete Database]`,
      'create Blog: reads Database, which is being created [after create Database]',
      'keep Cache: unchanged',
    ]);
  });

  test('an object of another run under the labels is a leftover, not a re-created one', () => {
    const plan = planObserving({}, 'Cache', { physicalId: 'other-run-0123', deployId: 'd2' });
    expect(plan).toContain('delete Cache@other-run-01: left over by an interrupted or lost run');
    expect(plan).toContain('create Cache: its container is gone [after delete Cache@other-run-01]');
  });

  test("the same object with another fingerprint than the record's (changed in place) is replaced", () => {
    const plan = planObserving({ Cache: { image: 'sha256:a', limits: 'l1' } }, 'Cache', {
      fingerprint: { image: 'sha256:a', limits: 'l2' },
    });
    expect(plan).toEqual([
      'delete Cache: replaced: changed outside heatstack (another limits)',
      'create Cache: changed outside heatstack (another limits) [after delete Cache]',
      'keep Database: unchanged',
      'keep Blog: unchanged',
    ]);
  });

  test('an object observed with only part of the fingerprint (the list tells the image) differs only where told', () => {
    const plan = planObserving({ Cache: { image: 'sha256:a', env: 'e1' } }, 'Cache', {
      fingerprint: { image: 'sha256:a' },
    });
    expect(plan).toEqual(['keep Cache: unchanged', 'keep Database: unchanged', 'keep Blog: unchanged']);
  });
});

/**
 * The plan's lines against the deployed blog whose records keep `fingerprints`, every object observed running as
 * recorded but `resource`'s, observed with `seen` instead.
 */
function planObserving(
  fingerprints: Record<string, Record<string, string>>,
  resource: string,
  seen: Partial<ObservedObject>,
): string[] {
  const records = deployedRecords(blogTemplate());
  for (const [name, fingerprint] of Object.entries(fingerprints))
    records[name] = { ...(records[name] as ResourceRecord), fingerprint };
  const observed = observedOf(records).map((o) => (o.logicalId === resource ? { ...o, ...seen } : o));
  const desired = desiredStack(blogTemplate(), {}, fakeServices);
  return formatPlan(planDeploy(desired, { resources: records, observed })).split('\n');
}

describe('planDeploy with the values a resource was made from', () => {
  /** The deployed blog, Blog made from Database's address `read`, Database observed telling `now`. */
  function planReading(read: string, now: string | undefined): string[] {
    const records = deployedRecords(blogTemplate());
    records.Blog = {
      ...(records.Blog as ResourceRecord),
      reads: [{ resource: 'Database', attribute: 'network_ip', value: read }],
    };
    const observed = observedOf(records).map((o) =>
      o.logicalId === 'Database' && now !== undefined ? { ...o, attributes: { network_ip: now } } : o,
    );
    const desired = desiredStack(blogTemplate(), {}, fakeServices);
    return formatPlan(planDeploy(desired, { resources: records, observed })).split('\n');
  }

  test('a reader made from an address its object no longer has is replaced, and says which value changed', () => {
    // (The fake types say nothing of what their objects hold: a replace deletes first.)
    expect(planReading('10.0.0.2', '10.0.0.4')).toEqual([
      "delete Blog: replaced: reads Database's network_ip, which changed (10.0.0.2 → 10.0.0.4)",
      "create Blog: reads Database's network_ip, which changed (10.0.0.2 → 10.0.0.4) [after delete Blog]",
      'keep Cache: unchanged',
      'keep Database: unchanged',
    ]);
  });

  test('the same address, or none told (a stopped object, a handler that lists none), keeps it', () => {
    expect(planReading('10.0.0.2', '10.0.0.2')).toContain('keep Blog: unchanged');
    expect(planReading('10.0.0.2', undefined)).toContain('keep Blog: unchanged');
  });

  test('staleRead names the first value told otherwise, by the object the record holds now', () => {
    const reads = [
      { resource: 'Db', attribute: 'network_ip', value: '10.0.0.2' },
      { resource: 'Cache', attribute: 'network_ip', value: '10.0.0.3' },
    ];
    const resources = { Db: { physicalId: 'db1' }, Cache: { physicalId: 'c1' } };
    const told: Record<string, Record<string, string>> = {
      db1: { network_ip: '10.0.0.2' },
      c1: { network_ip: '10.0.0.9' },
    };
    expect(staleRead(reads, resources, (id) => told[id])).toBe(
      "reads Cache's network_ip, which changed (10.0.0.3 → 10.0.0.9)",
    );
    expect(staleRead(reads, { Db: { physicalId: 'db1' } }, (id) => told[id])).toBeUndefined();
    expect(staleRead(undefined, resources, (id) => told[id])).toBeUndefined();
  });
});
