import { describe, expect, test } from 'vitest';
import { desiredStack } from '../../../src/deploy/engine/desired.js';
import { formatPlan } from '../../../src/deploy/plan/plan.js';
import { planDeploy } from '../../../src/deploy/plan/planner.js';
import { call, type ExprMap, emptyTemplate, type Template } from '../../../src/template/model.js';
import { deployedRecords, fakeServices } from '../support/fake-backend.js';

/**
 * How a change of a Docker container is made: in place where Docker's update call can make it, else a replace that
 * creates the new container before it deletes the old one, unless a fixed name or host port forces delete first.
 */

const container = (properties: ExprMap): Template['resources'][string] => ({
  type: 'DockerInc::Docker::Container',
  properties: { image: 'busybox', ...properties },
  dependsOn: [],
});

/** Db, and Web reading Db's address. */
function stack(db: ExprMap, web: ExprMap = {}): Template {
  const readsDb = { env: [call('join', '=', ['DB', call('get_attr', 'Db', 'network_ip')])] };
  return {
    ...emptyTemplate('hot'),
    resources: { Db: container(db), Web: container({ ...readsDb, ...web }) },
  };
}

function planFrom(before: Template, after: Template): string[] {
  const records = deployedRecords(before);
  const observed = Object.entries(records).map(([n, r]) => ({
    logicalId: n,
    physicalId: r.physicalId as string,
    configHash: r.configHash,
    deployId: r.deployId,
  }));
  const desired = desiredStack(after, {}, fakeServices);
  return formatPlan(planDeploy(desired, { resources: records, observed })).split('\n');
}

describe('in-place updates and the order of a replace', () => {
  test('memory, cpu_shares, cpu_set and restart_policy change in place; what reads the container is kept', () => {
    const before = stack({ memory: 64 });
    const after = stack({ memory: 128, cpu_shares: 512, cpu_set: '0', restart_policy: { Name: 'always' } });
    expect(planFrom(before, after)).toEqual([
      'update Db: configuration changed (cpu_set, cpu_shares, memory and 1 more)',
      'keep Web: unchanged',
    ]);
  });

  test('a limit removed, or any other property changed with it, replaces the container', () => {
    expect(planFrom(stack({ memory: 64 }), stack({}))[0]).toBe(
      'create Db: configuration changed (memory) (create before delete)',
    );
    expect(planFrom(stack({ memory: 64 }), stack({ memory: 128, hostname: 'db' }))[0]).toBe(
      'create Db: configuration changed (hostname, memory) (create before delete)',
    );
  });

  test('a replace creates first, then what reads it, then deletes the old ones, dependents first', () => {
    expect(planFrom(stack({ hostname: 'a' }), stack({ hostname: 'b' }))).toEqual([
      'create Db: configuration changed (hostname) (create before delete)',
      'create Web: reads Db, which is being created (create before delete) [after create Db]',
      'delete Web: replaced: reads Db, which is being created (create before delete) [after create Web]',
      'delete Db: replaced: configuration changed (hostname) (create before delete) [after create Db, delete Web]',
    ]);
  });

  test('a fixed name or a host port deletes first, and so does what depends on it', () => {
    expect(planFrom(stack({ name: 'db', hostname: 'a' }), stack({ name: 'db', hostname: 'b' }))).toEqual([
      'delete Web: replaced: reads Db, which is being created',
      'delete Db: replaced: configuration changed (hostname) [after delete Web]',
      'create Db: configuration changed (hostname) [after delete Web, delete Db]',
      'create Web: reads Db, which is being created [after create Db]',
    ]);
    const bound = { port_bindings: { '80': 8080 } };
    expect(planFrom(stack({ hostname: 'a' }, bound), stack({ hostname: 'a' }, { ...bound, hostname: 'w' }))).toEqual([
      'delete Web: replaced: configuration changed (hostname)',
      'create Web: configuration changed (hostname) [after delete Web]',
      'keep Db: unchanged',
    ]);
    const anyPort = { port_bindings: { '80': [{ HostIp: '127.0.0.1', HostPort: '' }] } };
    expect(planFrom(stack({}, anyPort), stack({}, { ...anyPort, hostname: 'w' }))[0]).toBe(
      'create Web: configuration changed (hostname) (create before delete)',
    );
  });
});
