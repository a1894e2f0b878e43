import { rmSync } from 'node:fs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { deployStack, destroyStack, stackIdOf } from '../../../src/deploy/engine/stack-engine.js';
import type { StackEvent } from '../../../src/deploy/status.js';
import { nodeNetworkName } from '../../../src/deploy/swarm/network.js';
import { parseTemplate } from '../../../src/template/parse/index.js';
import { describeDocker } from '../../support/docker.js';
import { ensureTestImages, TEST_IMAGES } from '../../support/images.js';
import { httpGet } from '../docker/docker-helpers.js';
import { tempStateDir, uniqueStack } from '../support/e2e.js';
import { destroyAndCount, ensureSwarm, NOTHING_LEFT, swarmSession } from './swarm-support.js';

/**
 * Three replicas of a web service, with the image (a tag of a local image) and its rollout as parameters. httpd as PID
 * 1 ignores SIGTERM: a one-second stop grace keeps each replaced task from holding the rollout 10 s.
 */
function webTemplate(image: string, updateConfig = '{parallelism: 1, order: stop-first}'): string {
  return `heat_template_version: 2018-08-31
resources:
  Web:
    type: DockerInc::Docker::Container
    properties:
      image: ${image}
      cmd: [sh, -c, 'mkdir -p /www && echo up > /www/index.html && exec httpd -f -p 80 -h /www']
      replicas: 3
      stop_timeout: 1
      update_config: ${updateConfig}
outputs:
  address: {value: {get_attr: [Web, network_ip]}}
  running: {value: {get_attr: [Web, replicas_running]}}
  tasks: {value: {get_attr: [Web, task_ips]}}
`;
}

describeDocker('a replicated service on a one-node swarm: rolling update and its rollback', () => {
  const stack = uniqueStack('swarm-web');
  const stateDir = tempStateDir();
  const tags = [`heatstack-test/busybox:${stack}-v1`, `heatstack-test/busybox:${stack}-v2`];
  const missing = `heatstack-test/no-such-image:${stack}`;

  async function deploy(text: string, events: StackEvent[] = []) {
    const { template } = parseTemplate(text);
    if (template === undefined) throw new Error('the test template does not parse');
    const options = swarmSession(stateDir, events);
    const stackId = await stackIdOf(options.store, stack);
    return deployStack({ stackName: stack, stackId, template, parameters: {}, hiddenParameters: new Set() }, options);
  }

  beforeAll(async () => {
    const [, docker] = await Promise.all([ensureTestImages(), ensureSwarm()]);
    const [repo = '', tag1 = '', tag2 = ''] = [tags[0]?.split(':')[0], tags[0]?.split(':')[1], tags[1]?.split(':')[1]];
    await docker.getImage(TEST_IMAGES.busybox).tag({ repo, tag: tag1 });
    await docker.getImage(TEST_IMAGES.busybox).tag({ repo, tag: tag2 });
  }, 120_000);

  afterAll(async () => {
    await destroyStack(stack, swarmSession(stateDir)).catch(() => undefined);
    const docker = await ensureSwarm();
    for (const tag of tags)
      await docker
        .getImage(tag)
        .remove()
        .catch(() => undefined);
    rmSync(stateDir, { recursive: true, force: true });
  }, 120_000);

  test('3 replicas reach running, each answering from the host at its task address; network_ip is the lowest', async () => {
    const result = await deploy(webTemplate(tags[0] as string));
    expect(result.failure).toBeUndefined();
    expect(result.record.status).toBe('CREATE_COMPLETE');
    expect(result.record.outputs.running?.value).toBe(3);
    const tasks = result.record.outputs.tasks?.value as string[];
    expect(tasks).toHaveLength(3);
    expect(result.record.outputs.address?.value).toBe(tasks[0]);
    for (const ip of tasks) expect((await httpGet(`http://${ip}:80/`)).body).toBe('up\n');
  }, 180_000);

  test('a new image rolls out task by task: the same service, and a probe from the host never finds none answering', async () => {
    const docker = await ensureSwarm();
    const before = (await swarmServiceOf(stack)).ID;
    const events: StackEvent[] = [];
    const { result, polls } = await probedWhile(before, stack, () => deploy(webTemplate(tags[1] as string), events));
    expect(result.failure).toBeUndefined();
    expect(result.record.status).toBe('UPDATE_COMPLETE');
    expect(events.filter((e) => e.resource === 'Web').map((e) => e.status)).toEqual([
      'UPDATE_IN_PROGRESS',
      'UPDATE_COMPLETE',
    ]);
    const after = await swarmServiceOf(stack);
    expect(after.ID).toBe(before);
    expect(after.Spec?.TaskTemplate?.ContainerSpec?.Image).toBe(tags[1]);
    // Polled all through the update (three tasks replaced one by one, each stopped before its successor starts).
    expect(polls.length).toBeGreaterThan(10);
    expect(Math.min(...polls)).toBeGreaterThanOrEqual(1);
    expect(result.record.outputs.running?.value).toBe(3);
    const tasks = (await docker.listTasks({ filters: JSON.stringify({ service: [before] }) })).filter(
      (t) => t.DesiredState === 'running',
    );
    expect(tasks).toHaveLength(3);
  }, 240_000);

  test('an update whose tasks cannot start is rolled back by Swarm, and the deploy fails naming why; the stack rollback replaces nothing', async () => {
    const before = (await swarmServiceOf(stack)).ID;
    const events: StackEvent[] = [];
    const update = () => deploy(webTemplate(missing, '{parallelism: 1, monitor: 2}'), events);
    const { result, polls } = await probedWhile(before, stack, update);
    expect(result.record.status).toBe('ROLLBACK_COMPLETE');
    expect(result.failure?.reason).toMatch(/Web.*rolled it back|Web.*tasks failed/s);
    // Swarm put the service back on its spec: the stack's rollback finds it as it was, and neither deletes nor
    // re-creates it (it did, when the record kept the failed update's status), so the old tasks served throughout.
    expect(events.filter((e) => e.resource === 'Web').map((e) => e.status)).toEqual([
      'UPDATE_IN_PROGRESS',
      'UPDATE_FAILED',
    ]);
    const service = await swarmServiceOf(stack);
    expect(service.ID).toBe(before);
    expect(service.Spec?.TaskTemplate?.ContainerSpec?.Image).toBe(tags[1]);
    expect(Math.min(...polls)).toBeGreaterThanOrEqual(1);
    expect(result.record.outputs.running?.value).toBe(3);
    expect(result.record.resources.Web?.status).toBe('UPDATE_COMPLETE');
  }, 240_000);

  test('destroy leaves no service, network, secret, volume or container', async () => {
    expect(await destroyAndCount(stack, stateDir)).toEqual({ status: 'DELETE_COMPLETE', left: NOTHING_LEFT });
  }, 120_000);
});

interface ServiceView {
  ID: string;
  Spec?: { TaskTemplate?: { ContainerSpec?: { Image?: string } } };
}

async function swarmServiceOf(stack: string): Promise<ServiceView> {
  const docker = await ensureSwarm();
  const [service] = await docker.listServices({ filters: { label: [`io.heatstack.stack=${stack}`] } });
  if (service === undefined) throw new Error(`no service of stack ${stack}`);
  return service as unknown as ServiceView;
}

/** Runs `work` while polling, from the host, how many of the service's tasks answer (`answeringTasks`). */
async function probedWhile<T>(serviceId: string, stack: string, work: () => Promise<T>) {
  const polls: number[] = [];
  let probing = true;
  const probe = (async () => {
    while (probing) {
      polls.push(await answeringTasks(serviceId, stack));
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  const result = await work().finally(() => {
    probing = false;
  });
  await probe;
  return { result, polls };
}

/**
 * How many of the service's task containers answer HTTP from the host now, at their addresses on the stack's node
 * network (`src/deploy/swarm/addresses.ts`): what a user's probe of the tasks sees.
 */
async function answeringTasks(serviceId: string, stack: string): Promise<number> {
  const docker = await ensureSwarm();
  const filters = JSON.stringify({ label: [`com.docker.swarm.service.id=${serviceId}`] });
  const containers = await docker.listContainers({ filters });
  const addresses = containers.map((c) => c.NetworkSettings?.Networks?.[nodeNetworkName(stack)]?.IPAddress);
  const answers = await Promise.all(
    addresses.map((ip) =>
      ip
        ? httpGet(`http://${ip}:80/`)
            .then((r) => r.status === 200)
            .catch(() => false)
        : false,
    ),
  );
  return answers.filter(Boolean).length;
}
