import { rmSync } from 'node:fs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { deployStack, destroyStack, stackIdOf } from '../../../src/deploy/engine/stack-engine.js';
import { stackTarget } from '../../../src/deploy/engine/target.js';
import { StateStore } from '../../../src/deploy/state/store.js';
import { parseTemplate } from '../../../src/template/parse/index.js';
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
    for (const stack of stacks) await destroyStack(stack, session(stateDir)).catch(() => undefined);
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
});
