import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { destroyStack } from '../../../src/deploy/engine/stack-engine.js';
import { LABELS } from '../../../src/deploy/handler.js';
import { describeDocker, testDocker } from '../../support/docker.js';
import { TEST_IMAGES } from '../../support/images.js';
import { deployFile, dockerObjectsOf, type E2eWorkspace, e2eWorkspace, session, spawnCli } from '../support/e2e.js';

const BUSYBOX = TEST_IMAGES.busybox;
// PID 1 ignores SIGTERM unless it traps it: the trap keeps these containers quick to stop.
const SLEEP = 'trap "exit 0" TERM; sleep 3600 & wait';
let ws: E2eWorkspace;

function file(name: string, text: string): string {
  const path = join(ws.dir, name);
  writeFileSync(path, text);
  return path;
}

/** The stack's containers, by the logical resource their label names → container id. */
async function containersOf(stack: string): Promise<Record<string, string>> {
  const docker = await testDocker();
  const list = await docker.listContainers({
    all: true,
    filters: JSON.stringify({ label: [`${LABELS.stack}=${stack}`] }),
  });
  return Object.fromEntries(list.map((c) => [c.Labels[LABELS.resource] as string, c.Id]));
}

describeDocker("Heat's own types against Docker", () => {
  ws = e2eWorkspace('heat-types');

  test('a ResourceGroup of busybox containers scales 3 → 5 → 2, touching only the difference', async () => {
    const stack = ws.newStack('group');
    const template = file(
      'group.yaml',
      `heat_template_version: 2018-08-31
parameters:
  size: {type: number, default: 3}
resources:
  Web:
    type: OS::Heat::ResourceGroup
    properties:
      count: {get_param: size}
      resource_def:
        type: DockerInc::Docker::Container
        properties:
          image: ${BUSYBOX}
          cmd: [sh, -c, '${SLEEP}']
          env: [MEMBER=%index%]
outputs:
  refs: {value: {get_attr: [Web, refs]}}
`,
    );
    const three = await deployFile(template, stack, ws.stateDir);
    expect(three.ok).toBe(true);
    const before = await containersOf(stack);
    expect(Object.keys(before).sort()).toEqual(['Web.0', 'Web.1', 'Web.2']);
    expect(three.record.outputs.refs?.value).toEqual([before['Web.0'], before['Web.1'], before['Web.2']]);

    const five = await deployFile(template, stack, ws.stateDir, [], { size: '5' });
    expect(five.ok).toBe(true);
    const after = await containersOf(stack);
    expect(Object.keys(after).sort()).toEqual(['Web.0', 'Web.1', 'Web.2', 'Web.3', 'Web.4']);
    for (const m of ['Web.0', 'Web.1', 'Web.2']) expect(after[m]).toBe(before[m]);

    const two = await deployFile(template, stack, ws.stateDir, [], { size: '2' });
    expect(two.ok).toBe(true);
    expect(await containersOf(stack)).toEqual({ 'Web.0': before['Web.0'], 'Web.1': before['Web.1'] });

    expect((await destroyStack(stack, session(ws.stateDir))).ok).toBe(true);
    expect(await dockerObjectsOf(stack)).toEqual({ containers: 0, networks: 0, volumes: 0 });
  }, 180_000);

  test("a nested stack's output is read by a parent container; a destroy removes both", async () => {
    const stack = ws.newStack('nested');
    file(
      'db.yaml',
      `heat_template_version: 2018-08-31
parameters:
  password: {type: string}
resources:
  Server:
    type: DockerInc::Docker::Container
    properties:
      image: ${BUSYBOX}
      cmd: [sh, -c, '${SLEEP}']
      env: [{list_join: ['=', [PASSWORD, {get_param: password}]]}]
outputs:
  address: {value: {get_attr: [Server, network_ip]}}
`,
    );
    const parent = file(
      'parent.yaml',
      `heat_template_version: 2018-08-31
resources:
  Password:
    type: OS::Heat::RandomString
    properties: {length: 20}
  Db:
    type: db.yaml
    properties: {password: {get_resource: Password}}
  App:
    type: DockerInc::Docker::Container
    properties:
      image: ${BUSYBOX}
      cmd: [sh, -c, '${SLEEP}']
      env: [{list_join: ['=', [DB_HOST, {get_attr: [Db, address]}]]}]
outputs:
  db: {value: {get_attr: [Db, address]}}
`,
    );
    const result = await deployFile(parent, stack, ws.stateDir);
    expect(result.ok).toBe(true);
    const docker = await testDocker();
    const ids = await containersOf(stack);
    expect(Object.keys(ids).sort()).toEqual(['App', 'Db.Server']);
    const server = await docker.getContainer(ids['Db.Server'] as string).inspect();
    const app = await docker.getContainer(ids.App as string).inspect();
    const address = result.record.outputs.db?.value as string;
    expect(address).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(app.Config.Env).toContain(`DB_HOST=${address}`);
    const password = result.record.resources.Password?.data?.value as string;
    expect(server.Config.Env).toContain(`PASSWORD=${password}`);
    expect(JSON.stringify(result.record.events)).not.toContain(password);

    // `diff` reads the nested file beside the template too, and finds nothing to do.
    const diff = await spawnCli(['diff', parent, '--stack', stack], ws.stateDir).done;
    expect([diff.code, diff.stderr]).toEqual([0, '']);
    expect(diff.stdout).toMatch(/= keep Db\.Server: unchanged/);
    expect(diff.stdout).toMatch(/No changes\./);
    expect(diff.stdout).not.toContain(password);

    expect((await destroyStack(stack, session(ws.stateDir))).ok).toBe(true);
    expect(await dockerObjectsOf(stack)).toEqual({ containers: 0, networks: 0, volumes: 0 });
  }, 180_000);
});
