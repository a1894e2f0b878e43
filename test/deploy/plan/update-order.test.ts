import { describe, expect, test } from 'vitest';
import { desiredStack } from '../../../src/deploy/engine/desired.js';
import { formatPlan } from '../../../src/deploy/plan/plan.js';
import { planDeploy } from '../../../src/deploy/plan/planner.js';
import { call, type Expr, type ExprMap, emptyTemplate, type Template } from '../../../src/template/model.js';
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

/** `type` with these properties, and Web, a container reading it (`get_resource`), as a mount, network or image. */
function objectAndReader(type: string, properties: ExprMap, read: (ref: Expr) => ExprMap): Template {
  return {
    ...emptyTemplate('hot'),
    resources: { Thing: { type, properties, dependsOn: [] }, Web: container(read(call('get_resource', 'Thing'))) },
  };
}

/** The order of each replace in the plan of `type` changed from `before` to `after`, per operation (a create says why). */
function replaceOrders(type: string, before: ExprMap, after: ExprMap, read: (ref: Expr) => ExprMap): string[] {
  const records = deployedRecords(objectAndReader(type, before, read));
  const desired = desiredStack(objectAndReader(type, after, read), {}, fakeServices);
  return planDeploy(desired, { resources: records }).operations.map(
    (op) =>
      `${op.id}: ${op.order?.createFirst ? 'create first' : `delete first${op.order ? ` (${op.order.reason})` : ''}`}`,
  );
}

describe('the order of a replace of the other Docker objects and Heat’s own types', () => {
  const mounts = (ref: Expr): ExprMap => ({ mounts: [{ volume: ref, path: '/data', read_only: true }] });
  const joins = (ref: Expr): ExprMap => ({ networks: [{ network: ref }] });
  const runs = (ref: Expr): ExprMap => ({ image: ref });
  const reads = (ref: Expr): ExprMap => ({ env: [call('join', '=', ['SECRET', ref])] });
  const CREATE_FIRST = [
    'create Thing: create first',
    'create Web: create first',
    'delete Web: create first',
    'delete Thing: create first',
  ];

  test('a volume or a network without a fixed name is created before the old one is deleted, and so is what reads it', () => {
    const volume = 'Heatstack::Docker::Volume';
    expect(replaceOrders(volume, { driver_opts: { o: 'a' } }, { driver_opts: { o: 'b' } }, mounts)).toEqual(
      CREATE_FIRST,
    );
    const network = 'Heatstack::Docker::Network';
    expect(replaceOrders(network, { internal: false }, { internal: true }, joins)).toEqual(CREATE_FIRST);
  });

  test('an image (its tag new with its content) and a random string are created first, and so is what reads them', () => {
    const image = 'Heatstack::Docker::Image';
    expect(
      replaceOrders(image, { context: '/w', context_digest: 'a' }, { context: '/w', context_digest: 'b' }, runs),
    ).toEqual(CREATE_FIRST);
    expect(replaceOrders('OS::Heat::RandomString', { length: 16 }, { length: 24 }, reads)).toEqual(CREATE_FIRST);
  });

  test('a volume or network with a fixed name, or a network with a fixed subnet, is deleted first, what reads it too', () => {
    const deletesFirst = (held: string) => [
      'delete Web: delete first',
      'delete Thing: delete first',
      `create Thing: delete first (${held})`,
      'create Web: delete first (Thing is deleted first)',
    ];
    const volume = 'Heatstack::Docker::Volume';
    expect(replaceOrders(volume, { name: 'data' }, { name: 'data', driver: 'other' }, mounts)).toEqual(
      deletesFirst('a fixed name'),
    );
    const network = 'Heatstack::Docker::Network';
    expect(replaceOrders(network, { name: 'back' }, { name: 'back', internal: true }, joins)).toEqual(
      deletesFirst('a fixed name'),
    );
    expect(
      replaceOrders(network, { subnet: '10.20.0.0/24' }, { subnet: '10.20.0.0/24', internal: true }, joins),
    ).toEqual(deletesFirst('a fixed subnet'));
  });
});
