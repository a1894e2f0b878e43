import { rmSync } from 'node:fs';
import type Docker from 'dockerode';
import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  deployStack,
  destroyStack,
  resumeStack,
  stackIdOf,
  suspendStack,
} from '../../../src/deploy/engine/stack-engine.js';
import { LABELS } from '../../../src/deploy/handler.js';
import { runningTasks, serviceTasks } from '../../../src/deploy/swarm/tasks.js';
import { parseTemplate } from '../../../src/template/parse/index.js';
import { describeDocker } from '../../support/docker.js';
import { ensureTestImages, TEST_IMAGES } from '../../support/images.js';
import { tempStateDir, uniqueStack } from '../support/e2e.js';
import { destroyAndCount, ensureSwarm, NOTHING_LEFT, swarmSession } from './swarm-support.js';

/** A global service (one task on every node), placed on managers: the one-node test swarm's only node is one. */
const TEMPLATE = `heat_template_version: 2018-08-31
resources:
  Agent:
    type: DockerInc::Docker::Container
    properties:
      image: ${TEST_IMAGES.busybox}
      cmd: [sleep, '600']
      mode: global
      placement: {constraints: ['node.role==manager']}
`;

describeDocker('a global service on a one-node swarm: suspend and resume', () => {
  const stack = uniqueStack('swarm-global');
  const stateDir = tempStateDir();
  let docker: Docker;

  async function agent(): Promise<Docker.Service> {
    const label = [`${LABELS.stack}=${stack}`];
    const [service] = (await docker.listServices({ filters: { label } })) as Docker.Service[];
    if (service === undefined) throw new Error('the stack has no service');
    return service;
  }

  const placementOf = (service: Docker.Service) =>
    (service.Spec?.TaskTemplate as Docker.ContainerTaskSpec | undefined)?.Placement;
  const running = async () => runningTasks(await serviceTasks(docker, (await agent()).ID)).length;

  beforeAll(async () => {
    [, docker] = await Promise.all([ensureTestImages(), ensureSwarm()]);
    const { template } = parseTemplate(TEMPLATE);
    if (template === undefined) throw new Error('the test template does not parse');
    const options = swarmSession(stateDir);
    const stackId = await stackIdOf(options.store, stack);
    const created = await deployStack(
      { stackName: stack, stackId, template, parameters: {}, hiddenParameters: new Set() },
      options,
    );
    if (created.record.status !== 'CREATE_COMPLETE') throw new Error(created.record.statusReason);
  }, 120_000);

  afterAll(async () => {
    await destroyStack(stack, swarmSession(stateDir)).catch(() => undefined);
    rmSync(stateDir, { recursive: true, force: true });
  }, 120_000);

  test('suspend stops its task (no node may run it); resume runs it again with the spec it had', async () => {
    // GIVEN the global service runs its one task
    const before = await agent();
    expect(before.Spec?.Mode).toEqual({ Global: {} });
    expect(await running()).toBe(1);
    // WHEN the stack is suspended, THEN no task of it runs, and the service is still there
    const suspended = await suspendStack(stack, swarmSession(stateDir));
    expect(suspended.record.status).toBe('SUSPEND_COMPLETE');
    expect(await running()).toBe(0);
    expect((await agent()).ID).toBe(before.ID);
    // WHEN it is resumed, THEN its task runs again, and its spec is the one it had before the suspend
    const resumed = await resumeStack(stack, swarmSession(stateDir));
    expect(resumed.record.status).toBe('RESUME_COMPLETE');
    expect(await running()).toBe(1);
    const after = await agent();
    expect(after.Spec?.Labels).toEqual(before.Spec?.Labels);
    expect(placementOf(after)).toEqual(placementOf(before));
  }, 120_000);

  test('destroy leaves no service, network, secret, volume or container', async () => {
    expect(await destroyAndCount(stack, stateDir)).toEqual({ status: 'DELETE_COMPLETE', left: NOTHING_LEFT });
  }, 120_000);
});
