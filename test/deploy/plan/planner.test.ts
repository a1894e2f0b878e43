import { describe, expect, test } from 'vitest';
import { desiredStack } from '../../../src/deploy/engine/desired.js';
import { formatPlan } from '../../../src/deploy/plan/plan.js';
import { type ObservedObject, planDeploy, planDestroy, planSuspendOrResume } from '../../../src/deploy/plan/planner.js';
import type { ResourceRecord } from '../../../src/deploy/state/record.js';
import { call, type Template } from '../../../src/template/model.js';
import { deployedRecords, fakeServices } from '../support/fake-backend.js';
import { attr, things } from '../support/templates.js';

const blogTemplate = (image = 'wordpress'): Template =>
  things({
    Database: { image: 'mysql' },
    Blog: { image, env: [call('join', '=', ['DB', attr('Database', 'Ip')])] },
    Cache: { image: 'redis' },
  });

const observedOf = (resources: Record<string, ResourceRecord>): ObservedObject[] =>
  Object.entries(resources).map(([n, r]) => ({
    logicalId: n,
    physicalId: r.physicalId as string,
    configHash: r.configHash,
    deployId: r.deployId,
  }));

describe('planDeploy', () => {
  test('a new stack creates every resource, each after what it reads', () => {
    const plan = planDeploy(desiredStack(blogTemplate(), {}, fakeServices), { resources: {}, observed: [] });
    expect(formatPlan(plan)).toBe(
      [
        'create Cache: new resource',
        'create Database: new resource',
        'create Blog: new resource [after create Database]',
      ].join('\n'),
    );
  });

  test('an unchanged stack plans nothing and keeps every resource', () => {
    const current = deployedRecords(blogTemplate());
    const plan = planDeploy(desiredStack(blogTemplate(), {}, fakeServices), {
      resources: current,
      observed: observedOf(current),
    });
    expect(formatPlan(plan)).toBe(
      ['keep Cache: unchanged', 'keep Database: unchanged', 'keep Blog: unchanged'].join('\n'),
    );
  });

  test('a changed property replaces only that resource, deleting before creating', () => {
    const current = deployedRecords(blogTemplate());
    const plan = planDeploy(desiredStack(blogTemplate('wordpress:6'), {}, fakeServices), {
      resources: current,
      observed: observedOf(current),
    });
    expect(formatPlan(plan)).toBe(
      [
        'delete Blog: replaced: configuration changed (image)',
        'create Blog: configuration changed (image) [after delete Blog]',
        'keep Cache: unchanged',
        'keep Database: unchanged',
      ].join('\n'),
    );
  });

  test('replacing a resource replaces what reads it, dependents deleted first', () => {
    const current = deployedRecords(blogTemplate());
    const changed = things({
      Database: { image: 'mysql:8' },
      Blog: blogTemplate().resources.Blog?.properties ?? {},
      Cache: { image: 'redis' },
    });
    const plan = planDeploy(desiredStack(changed, {}, fakeServices), {
      resources: current,
      observed: observedOf(current),
    });
    expect(formatPlan(plan)).toBe(
      [
        'delete Blog: replaced: reads Database, which is being created',
        'delete Database: replaced: configuration changed (image) [after delete Blog]',
        'create Database: configuration changed (image) [after delete Blog, delete Database]',
        'create Blog: reads Database, which is being created [after create Database]',
        'keep Cache: unchanged',
      ].join('\n'),
    );
  });

  test('a resource removed from the template is deleted, and one added is created', () => {
    const current = deployedRecords(blogTemplate());
    const next = things({
      Database: { image: 'mysql' },
      Blog: blogTemplate().resources.Blog?.properties ?? {},
      Queue: { image: 'rabbit' },
    });
    const plan = planDeploy(desiredStack(next, {}, fakeServices), {
      resources: current,
      observed: observedOf(current),
    });
    expect(formatPlan(plan)).toBe(
      [
        'delete Cache: no longer in the template',
        'create Queue: new resource [after delete Cache]',
        'keep Database: unchanged',
        'keep Blog: unchanged',
      ].join('\n'),
    );
  });

  test('a container gone from Docker is created again, and what reads it replaced', () => {
    const current = deployedRecords(blogTemplate());
    const observed = observedOf(current).filter((o) => o.logicalId !== 'Database');
    const plan = planDeploy(desiredStack(blogTemplate(), {}, fakeServices), { resources: current, observed });
    expect(formatPlan(plan)).toBe(
      [
        'delete Blog: replaced: reads Database, which is being created',
        'create Database: its container is gone [after delete Blog]',
        'create Blog: reads Database, which is being created [after create Database]',
        'keep Cache: unchanged',
      ].join('\n'),
    );
  });

  test('objects left by a killed run are deleted, and an interrupted create is redone', () => {
    // GIVEN a run killed while creating Blog: its record says CREATE_IN_PROGRESS, Docker holds a half-made Blog
    const current = deployedRecords(blogTemplate());
    const blog = current.Blog as ResourceRecord;
    current.Blog = { ...blog, status: 'CREATE_IN_PROGRESS', physicalId: undefined };
    const observed = [
      ...observedOf(current).filter((o) => o.logicalId !== 'Blog'),
      { logicalId: 'Blog', physicalId: 'half-made-blg', configHash: blog.configHash, deployId: 'd1' },
    ];
    // WHEN
    const plan = planDeploy(desiredStack(blogTemplate(), {}, fakeServices), { resources: current, observed });
    // THEN
    expect(formatPlan(plan)).toBe(
      [
        'delete Blog@half-made-bl: left over by an interrupted or lost run',
        'create Blog: previous run left it CREATE_IN_PROGRESS [after delete Blog@half-made-bl]',
        'keep Cache: unchanged',
        'keep Database: unchanged',
      ].join('\n'),
    );
  });

  test('with the record lost, objects Docker holds with the desired configuration are adopted', () => {
    const observed = observedOf(deployedRecords(blogTemplate()));
    const plan = planDeploy(desiredStack(blogTemplate(), {}, fakeServices), { resources: {}, observed });
    expect(formatPlan(plan)).toBe(
      [
        'keep Cache: unchanged (found in Docker)',
        'keep Database: unchanged (found in Docker)',
        'keep Blog: unchanged (found in Docker)',
      ].join('\n'),
    );
  });

  test('a parameter change replaces only the resources that use the parameter', () => {
    const template = things(
      { A: { image: call('get_param', 'image') }, B: { image: 'fixed' } },
      { parameters: { image: { type: 'string', constraints: [] } } },
    );
    const current = deployedRecords(template, { image: 'one' });
    const plan = planDeploy(desiredStack(template, { image: 'two' }, fakeServices), {
      resources: current,
      observed: observedOf(current),
    });
    expect(formatPlan(plan)).toBe(
      [
        'delete A: replaced: configuration changed (image)',
        'create A: configuration changed (image) [after delete A]',
        'keep B: unchanged',
      ].join('\n'),
    );
  });

  test('a resource whose condition is false is not created', () => {
    const template = things(
      { A: { image: 'a' }, B: { properties: { image: 'b' }, condition: 'prod' } },
      { conditions: { prod: call('equals', call('get_param', 'env'), 'prod') } },
    );
    const plan = planDeploy(desiredStack(template, { env: 'dev' }, fakeServices), { resources: {}, observed: [] });
    expect(formatPlan(plan)).toBe('create A: new resource');
  });

  test('planning a 10,000-long chain does not overflow the stack', () => {
    const resources: Record<string, { image: string; env: ReturnType<typeof call>[] } | { image: string }> = {
      R0: { image: 'x' },
    };
    for (let i = 1; i < 10_000; i++)
      resources[`R${i}`] = { image: 'x', env: [attr(`R${i - 1}`, 'Ip') as ReturnType<typeof call>] };
    const plan = planDeploy(desiredStack(things(resources), {}, fakeServices), { resources: {}, observed: [] });
    expect(plan.operations).toHaveLength(10_000);
    expect(plan.operations.at(-1)?.after).toEqual(['create R9998']);
  });
});

describe('planDestroy', () => {
  test('deletes dependents first, independent resources without waiting, leftovers too', () => {
    const current = deployedRecords(blogTemplate());
    const observed = [...observedOf(current), { logicalId: 'Blog', physicalId: 'stray-blog-0001', deployId: 'd0' }];
    expect(formatPlan(planDestroy({ resources: current, observed }))).toBe(
      [
        'delete Blog@stray-blog-0: left over by an interrupted or lost run',
        'delete Blog: stack deleted',
        'delete Cache: stack deleted',
        'delete Database: stack deleted [after delete Blog]',
      ].join('\n'),
    );
  });
});

describe('planSuspendOrResume', () => {
  test('suspend stops dependents first; resume starts dependencies first', () => {
    const current = deployedRecords(blogTemplate());
    expect(formatPlan(planSuspendOrResume('suspend', current))).toBe(
      [
        'suspend Blog: stack suspended',
        'suspend Cache: stack suspended',
        'suspend Database: stack suspended [after suspend Blog]',
      ].join('\n'),
    );
    expect(formatPlan(planSuspendOrResume('resume', current))).toBe(
      [
        'resume Cache: stack resumed',
        'resume Database: stack resumed',
        'resume Blog: stack resumed [after resume Database]',
      ].join('\n'),
    );
  });
});
