import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { LABELS } from '../../../src/deploy/handler.js';
import type { StackEvent } from '../../../src/deploy/status.js';
import { describeDocker, testDocker } from '../../support/docker.js';
import { TEST_IMAGES } from '../../support/images.js';
import { deployFile, dockerObjectsOf, type E2eWorkspace, e2eWorkspace, spawnCli } from '../support/e2e.js';

let ws: E2eWorkspace;

// PID 1 ignores SIGTERM unless it traps it: the trap keeps the container quick to stop.
const SLEEP = 'trap "exit 0" TERM; sleep 3600 & wait';

/** The seed's shape: a Blog reading its Database's address, and an unrelated Cache. `marker` goes into the Database's env. */
function blogTemplate(name: string, marker: string): string {
  const file = join(ws.dir, `${name}.yaml`);
  writeFileSync(
    file,
    `heat_template_version: 2021-04-16
resources:
  Database:
    type: DockerInc::Docker::Container
    properties:
      image: ${TEST_IMAGES.mysql}
      env: [MARKER=${marker}]
  Blog:
    type: DockerInc::Docker::Container
    properties:
      image: ${TEST_IMAGES.wordpress}
      env:
        - list_join: ['=', [DB_HOSTNAME, {get_attr: [Database, network_ip]}]]
  Cache:
    type: DockerInc::Docker::Container
    properties:
      image: ${TEST_IMAGES.busybox}
      cmd: [sh, -c, '${SLEEP}']
`,
  );
  return file;
}

/** `heatstack diff …` as a subprocess, against the suite's state directory. */
async function diff(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return spawnCli(['diff', ...args], ws.stateDir).done;
}

/** Everything a preview must leave alone: the stack's containers (id and state), networks, and the state directory. */
async function snapshot(stack: string): Promise<unknown> {
  const docker = await testDocker();
  const filters = JSON.stringify({ label: [`${LABELS.stack}=${stack}`] });
  const containers = await docker.listContainers({ all: true, filters });
  const networks = await docker.listNetworks({ filters });
  const state = readdirSync(ws.stateDir)
    .sort()
    .map((f) => [f, readFileSync(join(ws.stateDir, f), 'utf8')]);
  return {
    containers: containers.map((c) => `${c.Id} ${c.State}`).sort(),
    networks: networks.map((n) => n.Id).sort(),
    state,
  };
}

describeDocker('heatstack diff against Docker', () => {
  ws = e2eWorkspace('diff');

  test('before the first deploy: everything is a create, and nothing is created or written', async () => {
    // GIVEN
    const stack = ws.newStack('new');
    const file = blogTemplate('new', 'one');
    // WHEN
    const { code, stdout } = await diff(file, '--stack', stack, '--fail');
    // THEN
    expect(code).toBe(1);
    expect(stdout).toBe(
      [
        '+ create Cache: new resource',
        '+ create Database: new resource',
        '+ create Blog: new resource',
        '',
        '3 to create, 0 to replace, 0 to delete, 0 unchanged',
        '',
      ].join('\n'),
    );
    expect(await dockerObjectsOf(stack)).toEqual({ containers: 0, networks: 0, volumes: 0 });
    expect(readdirSync(ws.stateDir).filter((f) => f.startsWith(stack))).toEqual([]);
  }, 60_000);

  test('after a deploy, diff says what the next deploy would do, and that deploy does exactly that', async () => {
    // GIVEN a deployed stack
    const stack = ws.newStack('upd');
    const first = await deployFile(blogTemplate('upd-1', 'one'), stack, ws.stateDir);
    expect(first.record.status).toBe('CREATE_COMPLETE');
    const ids = (r: typeof first) =>
      Object.fromEntries(Object.entries(r.record.resources).map(([n, rec]) => [n, rec.physicalId]));
    const before = ids(first);

    // WHEN diffed with the same template: nothing to do, and nothing touched
    const untouched = await snapshot(stack);
    const same = await diff(blogTemplate('upd-same', 'one'), '--stack', stack, '--fail');
    // THEN
    expect(same.code).toBe(0);
    expect(same.stdout).toBe(
      ['= keep Cache: unchanged', '= keep Database: unchanged', '= keep Blog: unchanged', '', 'No changes.', ''].join(
        '\n',
      ),
    );
    expect(await snapshot(stack)).toEqual(untouched);

    // WHEN the Database's env changes
    const changed = blogTemplate('upd-2', 'two');
    const preview = await diff(changed, '--stack', stack, '--fail');
    // THEN the Database is replaced, saying what changed, and so is the Blog that reads its address; the Cache stays
    expect(preview.code).toBe(1);
    expect(preview.stdout).toBe(
      [
        '~ replace Database: configuration changed (env[0]); create before delete',
        '    env[0]: "MARKER=one" → "MARKER=two"',
        '~ replace Blog: reads Database, which is being created; create before delete',
        '= keep Cache: unchanged',
        '',
        '0 to create, 2 to replace, 0 to delete, 1 unchanged',
        '',
      ].join('\n'),
    );
    expect(await snapshot(stack)).toEqual(untouched);

    // WHEN deployed: exactly what diff said
    const events: StackEvent[] = [];
    const second = await deployFile(changed, stack, ws.stateDir, events);
    expect(second.record.status).toBe('UPDATE_COMPLETE');
    const after = ids(second);
    expect(after.Cache).toBe(before.Cache);
    expect(after.Database).not.toBe(before.Database);
    expect(after.Blog).not.toBe(before.Blog);
    const touched = (s: string) => [...new Set(events.filter((e) => e.status === s).map((e) => e.resource))].sort();
    expect(touched('DELETE_COMPLETE')).toEqual(['Blog', 'Database']);
    expect(touched('CREATE_COMPLETE')).toEqual(['Blog', 'Database']);
    // …and now there is nothing left to do
    expect((await diff(changed, '--stack', stack, '--fail')).code).toBe(0);
  }, 120_000);

  test('--json: the operations with kind, resource, cause and after; what stays; the counts', async () => {
    // GIVEN
    const stack = ws.newStack('json');
    await deployFile(blogTemplate('json-1', 'one'), stack, ws.stateDir);
    // WHEN
    const { code, stdout } = await diff(blogTemplate('json-2', 'two'), '--stack', stack, '--json');
    // THEN
    expect(code).toBe(0);
    const json = JSON.parse(stdout) as {
      operations: { id: string; kind: string; resource: string; cause: string; after: string[] }[];
    };
    expect(json).toMatchObject({
      stack,
      action: 'UPDATE',
      changes: true,
      summary: { create: 0, replace: 2, delete: 0, unchanged: 1 },
      kept: [{ resource: 'Cache', physicalId: expect.stringMatching(/^[0-9a-f]{64}$/), cause: 'unchanged' }],
    });
    // Created first, then the old ones deleted (dependents first): the service stays up.
    expect(json.operations.map((op) => [op.id, op.after])).toEqual([
      ['create Database', []],
      ['create Blog', ['create Database']],
      ['delete Blog', ['create Blog']],
      ['delete Database', ['create Database', 'delete Blog']],
    ]);
    expect(json.operations.find((op) => op.id === 'create Blog')).toMatchObject({
      kind: 'create',
      resource: 'Blog',
      cause: 'reads Database, which is being created',
    });
    expect(json.operations.find((op) => op.id === 'create Database')).toMatchObject({
      cause: 'configuration changed (env[0])',
      changes: [{ path: 'env[0]', kind: 'change', old: 'MARKER=one', new: 'MARKER=two' }],
    });
  }, 120_000);

  test('exit codes: bad input 1 with deploy’s message, bad usage 2', async () => {
    const bad = join(ws.dir, 'bad.yaml');
    writeFileSync(bad, 'heat_template_version: 2021-04-16\nresources:\n  Web:\n    type: Nope::Thing\n');
    const input = await diff(bad, '--stack', ws.newStack('bad'));
    expect(input.code).toBe(1);
    expect(input.stderr).toMatch(/bad\.yaml:4:\d+: .*Nope::Thing/);
    const usage = await diff(bad);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--stack NAME is required');
  }, 60_000);
});
