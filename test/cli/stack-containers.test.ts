import { describe, expect, test } from 'vitest';
import { runningNote } from '../../src/cli/ls.js';
import { labelWithPath, pathBeside } from '../../src/cli/resource-paths.js';
import {
  resourceViews,
  runningCount,
  switchedOffResources,
  withoutSwitchedOff,
} from '../../src/cli/stack-containers.js';
import { parseEndpoint } from '../../src/deploy/docker/connection.js';
import type { DaemonContainers, LiveContainer } from '../../src/deploy/docker/live-state.js';
import type { ResourceRecord, StackRecord } from '../../src/deploy/state/record.js';
import { emptyTemplate, type ResourceDef } from '../../src/template/model.js';
import { parseTemplate } from '../../src/template/parse/index.js';

const LOCAL = parseEndpoint(undefined).key;
const CONTAINER = 'DockerInc::Docker::Container';

function resource(physicalId: string | undefined, extra: Partial<ResourceRecord> = {}): ResourceRecord {
  return {
    type: CONTAINER,
    status: physicalId ? 'CREATE_COMPLETE' : 'CREATE_FAILED',
    statusReason: '',
    ...(physicalId ? { physicalId } : {}),
    dependsOn: [],
    locator: {},
    updatedAt: '2026-12-04T18:00:00.000Z',
    ...extra,
  };
}

function def(path?: string): ResourceDef {
  return { type: CONTAINER, properties: {}, dependsOn: [], ...(path ? { metadata: { 'heatstack:path': path } } : {}) };
}

function record(
  resources: Record<string, ResourceRecord>,
  paths: Record<string, string | undefined> = {},
): StackRecord {
  const defs = Object.fromEntries(Object.keys(resources).map((id) => [id, def(paths[id])]));
  return {
    format: 1,
    name: 'blog',
    id: 'id',
    status: 'CREATE_COMPLETE',
    statusReason: '',
    createdAt: '',
    updatedAt: '',
    template: { ...emptyTemplate('hot'), resources: defs },
    parameters: {},
    hiddenParameterHashes: {},
    resources,
    outputs: {},
    events: [],
  };
}

function live(id: string, logicalId: string, state: string, extra: Partial<LiveContainer> = {}): LiveContainer {
  return {
    endpoint: LOCAL,
    id,
    name: `blog-${logicalId}`,
    stack: 'blog',
    logicalId,
    state,
    ports: [],
    image: 'x',
    ...extra,
  };
}

describe('a stack’s containers beside its record (ps, ls)', () => {
  test('each recorded container has its live state; one Docker no longer holds is missing', () => {
    const rec = record({ Db: resource('c1'), Web: resource('c2'), Cache: resource('c3') }, { Web: 'Blog/Site/Web' });
    const daemons: DaemonContainers[] = [
      { endpoint: LOCAL, containers: [live('c1', 'Db', 'running'), live('c2', 'Web', 'exited', { exitCode: 137 })] },
    ];
    const views = resourceViews(rec, daemons);
    expect(views.map((v) => [v.resource, v.state, v.heatStatus, v.path])).toEqual([
      ['Db', 'running', 'CREATE_COMPLETE', undefined],
      ['Web', 'exited', 'CREATE_COMPLETE', 'Blog/Site/Web'],
      ['Cache', 'missing', 'CREATE_COMPLETE', undefined],
    ]);
    expect(runningCount(views)).toEqual({
      running: 1,
      total: 3,
      notRunning: [
        { resource: 'Web', state: 'exited (137)' },
        { resource: 'Cache', state: 'missing' },
      ],
    });
  });

  test('a one-shot that had finished when it was created is done, not counted as down; a service that exited 0 later is down', () => {
    // As check and deploy judge them (`runDrift`): only the service is started again by the next deploy.
    const rec = record({
      Db: resource('c1', { fingerprint: { service: 'running' } }),
      Migrate: resource('c2', { fingerprint: { env: 'e' } }),
      Web: resource('c3', { fingerprint: { env: 'e', service: 'running' } }),
    });
    const exited0 = { exitCode: 0 };
    const daemons: DaemonContainers[] = [
      {
        endpoint: LOCAL,
        containers: [
          live('c1', 'Db', 'running'),
          live('c2', 'Migrate', 'exited', exited0),
          live('c3', 'Web', 'exited', exited0),
        ],
      },
    ];
    expect(runningCount(resourceViews(rec, daemons))).toEqual({
      running: 1,
      total: 2,
      notRunning: [{ resource: 'Web', state: 'exited (0)' }],
    });
    // AND a stack whose only container is a finished one-shot has nothing to say beside its status
    const oneShot = resourceViews(record({ Migrate: resource('c2', { fingerprint: { env: 'e' } }) }), daemons);
    expect(runningNote('CREATE_COMPLETE', runningCount(oneShot))).toBe('');
  });

  test('a resource with no container (a failed create) is shown but not counted; a leftover is shown as not recorded', () => {
    const rec = record({ Db: resource('c1'), Broken: resource(undefined) });
    const daemons: DaemonContainers[] = [
      {
        endpoint: LOCAL,
        containers: [
          live('c1', 'Db', 'running'),
          live('c9', 'Db', 'created'),
          live('x1', 'Other', 'running', { stack: 'other' }),
        ],
      },
    ];
    const views = resourceViews(rec, daemons);
    expect(views.map((v) => [v.resource, v.state, v.unrecorded ?? false])).toEqual([
      ['Db', 'running', false],
      ['Broken', 'none', false],
      ['Db', 'created', true],
    ]);
    expect(runningCount(views)).toEqual({ running: 1, total: 1, notRunning: [] });
  });

  test('a resource its condition switches off is no row: nothing was to be created; one that failed still is', async () => {
    // GIVEN a stack deployed with env=dev: Debug's condition is false, Broken's create failed
    const { template } = parseTemplate(`heat_template_version: 2016-10-14
parameters:
  env: {type: string}
conditions:
  isProd: {equals: [{get_param: env}, prod]}
resources:
  Web: {type: ${CONTAINER}, properties: {image: x}}
  Debug: {type: ${CONTAINER}, properties: {image: x}, condition: {not: isProd}}
  Audit: {type: ${CONTAINER}, properties: {image: x}, condition: isProd}
  Broken: {type: ${CONTAINER}, properties: {image: x}, condition: {not: isProd}}
`);
    const rec = {
      ...record({ Web: resource('c1'), Debug: resource('c2'), Broken: resource(undefined) }),
      template: template!,
      parameters: { env: 'dev' },
    };
    const daemons: DaemonContainers[] = [
      { endpoint: LOCAL, containers: [live('c1', 'Web', 'running'), live('c2', 'Debug', 'running')] },
    ];
    // WHEN
    const views = withoutSwitchedOff(resourceViews(rec, daemons), await switchedOffResources(rec));
    // THEN Audit, switched off, is not shown; the others are
    expect(views.map((v) => [v.resource, v.state])).toEqual([
      ['Web', 'running'],
      ['Debug', 'running'],
      ['Broken', 'none'],
    ]);
  });

  test('an adopted container (external_id) is not the stack’s: neither shown nor counted, not missing', () => {
    const rec = record({ Db: resource('shared-db', { externalId: 'shared-db' }), Web: resource('c2') });
    const daemons: DaemonContainers[] = [{ endpoint: LOCAL, containers: [live('c2', 'Web', 'running')] }];
    const views = resourceViews(rec, daemons);
    expect(views.map((v) => [v.resource, v.state])).toEqual([['Web', 'running']]);
    expect(runningCount(views)).toEqual({ running: 1, total: 1, notRunning: [] });
  });

  test('containers on a daemon that could not be asked are unknown, and so is the count', () => {
    const rec = record({ Db: resource('c1', { locator: { docker_endpoint: 'tcp://10.9.9.9:2375' } }) });
    const daemons: DaemonContainers[] = [
      { endpoint: LOCAL, containers: [] },
      { endpoint: 'tcp://10.9.9.9:2375', unreachable: 'cannot reach the Docker daemon at tcp://10.9.9.9:2375' },
    ];
    const views = resourceViews(rec, daemons);
    expect(views).toMatchObject([
      { resource: 'Db', state: 'unknown', unreachable: expect.stringContaining('10.9.9.9') },
    ]);
    expect(runningCount(views)).toEqual({
      running: 0,
      total: 0,
      notRunning: [],
      unknown: expect.stringContaining('10.9.9.9'),
    });
  });
});

describe('ls: the note beside a stack whose containers are not all running', () => {
  const count = (running: number, notRunning: { resource: string; state: string }[]) => ({
    running,
    total: running + notRunning.length,
    notRunning,
  });

  test('names the containers that are not running', () => {
    expect(runningNote('CREATE_COMPLETE', count(2, [{ resource: 'Web', state: 'exited (137)' }]))).toBe(
      '2 of 3 running: Web exited (137)',
    );
  });

  test('lists three, then says how many more', () => {
    const down = ['A', 'B', 'C', 'D', 'E'].map((resource) => ({ resource, state: 'missing' }));
    expect(runningNote('CREATE_COMPLETE', count(0, down))).toBe(
      '0 of 5 running: A missing, B missing, C missing, +2 more',
    );
  });

  test('says nothing when all run, nor for a suspended stack whose containers are stopped', () => {
    expect(runningNote('CREATE_COMPLETE', count(3, []))).toBe('');
    expect(runningNote('SUSPEND_COMPLETE', count(0, [{ resource: 'Web', state: 'exited (0)' }]))).toBe('');
  });

  test('says the state is unknown when Docker could not be asked', () => {
    expect(runningNote('CREATE_COMPLETE', { ...count(0, []), unknown: 'no daemon' })).toBe(
      'containers unknown: Docker unreachable',
    );
  });
});

describe('construct paths beside logical ids', () => {
  test('a nested construct’s hashed id gets its path below the stack', () => {
    expect(labelWithPath('SiteDatabaseAE06730E', 'Blog/Site/Database')).toBe('SiteDatabaseAE06730E (Site/Database)');
  });

  test('nothing is added when the path says no more than the id, or is unknown', () => {
    expect(labelWithPath('Blog', 'BlogStack/Blog')).toBe('Blog');
    expect(labelWithPath('Blog', undefined)).toBe('Blog');
    expect(pathBeside('Database', 'Blog/Db')).toBe('Db');
  });
});
