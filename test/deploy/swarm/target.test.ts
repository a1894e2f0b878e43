import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { deployStack, destroyStack, stackIdOf } from '../../../src/deploy/engine/stack-engine.js';
import { stackTarget } from '../../../src/deploy/engine/target.js';
import { StateStore } from '../../../src/deploy/state/store.js';
import { parseTemplate } from '../../../src/template/parse/index.js';
import { heatstack, inFolder } from '../../support/cli.js';
import { describeDocker } from '../../support/docker.js';
import { ensureTestImages, TEST_IMAGES } from '../../support/images.js';
import { session, spawnCli, tempStateDir, uniqueStack } from '../support/e2e.js';
import { ensureSwarm, NOTHING_LEFT, swarmObjectsOf, swarmSession } from './swarm-support.js';

function templateWith(properties: string): string {
  return `heat_template_version: 2018-08-31
resources:
  Web:
    type: DockerInc::Docker::Container
    properties: {image: ${TEST_IMAGES.busybox}, cmd: [sleep, '600']}
  Box:
    type: DockerInc::Docker::Container
    properties: {image: ${TEST_IMAGES.busybox}, cmd: [sleep, '600'], ${properties}}
`;
}

describeDocker('a stack’s deploy target', () => {
  const stateDir = tempStateDir();
  const stacks: string[] = [];

  async function deploy(stack: string, text: string, options: ReturnType<typeof session>) {
    stacks.push(stack);
    const { template } = parseTemplate(text);
    if (template === undefined) throw new Error('the test template does not parse');
    const stackId = await stackIdOf(options.store, stack);
    return deployStack({ stackName: stack, stackId, template, parameters: {}, hiddenParameters: new Set() }, options);
  }

  beforeAll(async () => {
    await Promise.all([ensureTestImages(), ensureSwarm()]);
  }, 120_000);

  afterAll(async () => {
    // Each on its own target: a Swarm stack destroyed as a plain one would leave its services behind.
    const store = new StateStore(stateDir);
    for (const stack of stacks) {
      const onSwarm = (await stackTarget(store, stack).catch(() => 'docker')) === 'swarm';
      await destroyStack(stack, onSwarm ? swarmSession(stateDir) : session(stateDir)).catch(() => undefined);
    }
    rmSync(stateDir, { recursive: true, force: true });
  }, 120_000);

  test('what Swarm cannot express fails the deploy before anything is touched, naming each property', async () => {
    const stack = uniqueStack('swarm-refused');
    const box = 'privileged: true, devices: [{path_on_host: /dev/null}]';
    await expect(deploy(stack, templateWith(box), swarmSession(stateDir))).rejects.toThrow(
      [
        'this template cannot be deployed to a Swarm:',
        '  Resources.Box.Properties.privileged: Swarm services cannot be privileged; remove it to deploy with --target swarm',
        '  Resources.Box.Properties.devices: Swarm services cannot map host devices; remove it to deploy with --target swarm',
      ].join('\n'),
    );
    expect(await swarmObjectsOf(stack)).toEqual(NOTHING_LEFT);
    expect(await new StateStore(stateDir).load(stack)).toBeUndefined();
  });

  test('the Swarm properties are refused on plain Docker, naming each', async () => {
    const stack = uniqueStack('docker-refused');
    await expect(deploy(stack, templateWith('replicas: 3, mode: replicated'), session(stateDir))).rejects.toThrow(
      [
        'this template cannot be deployed to plain Docker:',
        '  Resources.Box.Properties.replicas: a Swarm property; deploy with --target swarm, or remove it',
        '  Resources.Box.Properties.mode: a Swarm property; deploy with --target swarm, or remove it',
      ].join('\n'),
    );
    expect(await new StateStore(stateDir).load(stack)).toBeUndefined();
  });

  test('is kept in the record; a stack holding resources on one target is refused on the other', async () => {
    const stack = uniqueStack('target-kept');
    const created = await deploy(stack, templateWith('hostname: box'), session(stateDir));
    expect(created.record.status).toBe('CREATE_COMPLETE');
    expect(created.record.target).toBeUndefined();
    const store = new StateStore(stateDir);
    expect(await stackTarget(store, stack)).toBe('docker');
    await expect(stackTarget(store, stack, 'swarm')).rejects.toThrow(
      `stack ${stack} is deployed to docker, not swarm: destroy it first`,
    );
    await expect(deploy(stack, templateWith('hostname: box'), swarmSession(stateDir))).rejects.toThrow(
      `stack ${stack} is deployed to docker, not swarm`,
    );
    expect(await swarmObjectsOf(stack)).toMatchObject({ services: 0 });
  }, 120_000);

  test('`deploy --target` takes docker or swarm only (a usage error otherwise)', async () => {
    const run = spawnCli(['deploy', 'x.yaml', '--stack', 'never-created', '--target', 'kubernetes'], stateDir);
    const { code, stderr } = await run.done;
    expect(code).toBe(2);
    expect(stderr).toContain("--target expects docker or swarm, got 'kubernetes'");
  });

  test("heatstack.json's target: a stack's own outranks the project's, --target both; a stack elsewhere is refused naming the key", async () => {
    // GIVEN a project deploying to Swarm, but its stack `local` to plain Docker
    const project = join(stateDir, 'project');
    const [swarmed, local] = [uniqueStack('config-swarm'), uniqueStack('config-local')];
    stacks.push(swarmed, local);
    const config = join(project, 'heatstack.json');
    const write = (settings: object) => writeFileSync(config, JSON.stringify({ app: 'stack.yaml', ...settings }));
    mkdirSync(project, { recursive: true });
    writeFileSync(join(project, 'stack.yaml'), templateWith('hostname: box'));
    write({ target: 'swarm', stacks: { [local]: { target: 'docker' } } });
    const store = new StateStore(stateDir);
    const cli = (...args: string[]) =>
      inFolder(project, async () => {
        const before = process.env.HEATSTACK_STATE_DIR;
        process.env.HEATSTACK_STATE_DIR = stateDir;
        try {
          return await heatstack(...args);
        } finally {
          process.env.HEATSTACK_STATE_DIR = before;
        }
      });
    // WHEN each is deployed with no --target, THEN each goes where heatstack.json says
    expect((await cli('deploy', '--stack', swarmed)).code).toBe(0);
    expect((await store.load(swarmed))?.target).toBe('swarm');
    expect(await swarmObjectsOf(swarmed)).toMatchObject({ services: 2, containers: 0 });
    expect((await cli('deploy', '--stack', local)).code).toBe(0);
    expect((await store.load(local))?.target).toBeUndefined();
    expect(await swarmObjectsOf(local)).toMatchObject({ services: 0, containers: 2 });
    // AND --target outranks the file: asked for docker, the Swarm stack is refused (by the flag, as before)
    await expect(cli('deploy', '--stack', swarmed, '--target', 'docker')).rejects.toThrow(
      `stack ${swarmed} is deployed to swarm, not docker: destroy it first`,
    );
    // AND once the file no longer keeps `local` on docker, its deploy is refused naming the key that asked
    write({ target: 'swarm' });
    await expect(cli('deploy', '--stack', local)).rejects.toThrow(
      `stack ${local} is deployed to docker, not swarm ("target" of ${config}): destroy it first`,
    );
    expect(await swarmObjectsOf(local)).toMatchObject({ services: 0, containers: 2 });
    // AND later verbs use the record, whatever the file says: destroy removes each from its own target
    expect((await cli('destroy', '--stack', local)).code).toBe(0);
    expect((await cli('destroy', '--stack', swarmed)).code).toBe(0);
    expect(await swarmObjectsOf(local)).toEqual(NOTHING_LEFT);
    expect(await swarmObjectsOf(swarmed)).toEqual(NOTHING_LEFT);
  }, 180_000);
});
