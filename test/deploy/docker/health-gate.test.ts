import { expect, test } from 'vitest';
import { waitUntilHealthy } from '../../../src/deploy/docker/health-gate.js';
import { createDockerContainerHandler } from '../../../src/deploy/docker/index.js';
import { InterruptedError, LABELS } from '../../../src/deploy/handler.js';
import { describeDocker } from '../../support/docker.js';
import { TEST_IMAGES } from '../../support/images.js';
import { handlerSuite } from './docker-helpers.js';
import { createRequest } from './requests.js';

const BUSYBOX = TEST_IMAGES.busybox;
/** Becomes ready (the file the probe looks for) a moment after start, then waits; quick to stop. */
const READY_LATER = ['sh', '-c', 'trap "exit 0" TERM; sleep 1; touch /tmp/ready; sleep 3600 & wait'];
const PROBE_READY = { test: ['CMD', 'test', '-f', '/tmp/ready'], interval: 0.2, retries: 30 };

describeDocker('the health gate (a container with a health check is created once healthy)', () => {
  const handler = createDockerContainerHandler();
  const suite = handlerSuite();
  const stack = suite.stack;
  const containersOf = async (s: string) =>
    suite.docker().listContainers({ all: true, filters: JSON.stringify({ label: [`${LABELS.stack}=${s}`] }) });

  test('a create returns only once Docker reports the container healthy, and says it waits', async () => {
    const s = stack('healthy');
    const progress: string[] = [];
    const request = createRequest(
      s,
      'Web',
      { image: BUSYBOX, cmd: READY_LATER, healthcheck: PROBE_READY },
      { progress: (m) => progress.push(m) },
    );
    const { physicalId } = await handler.create(request);
    const info = await suite.docker().getContainer(physicalId).inspect();
    expect(info.State.Health?.Status).toBe('healthy');
    expect(info.Config.Healthcheck).toMatchObject({ Test: ['CMD', 'test', '-f', '/tmp/ready'], Interval: 200_000_000 });
    expect(progress.some((m) => m.startsWith('waiting until healthy'))).toBe(true);
  });

  test('a container that turns unhealthy fails the create with the last probe’s output, and is removed', async () => {
    const s = stack('unhealthy');
    const request = createRequest(s, 'Web', {
      image: BUSYBOX,
      cmd: ['sh', '-c', 'trap "exit 0" TERM; sleep 3600 & wait'],
      healthcheck: { test: ['CMD-SHELL', 'echo probe-says-no-4711; exit 1'], interval: 0.2, retries: 2 },
    });
    const failure = await handler.create(request).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(failure?.message).toMatch(/^Resources\.Web: the container turned unhealthy \(\d failed probes in a row\)/);
    expect(failure?.message).toContain('the last probe exited 1 and printed:\nprobe-says-no-4711');
    expect(await containersOf(s)).toEqual([]);
  });

  test('a container that exits while it waits for its first healthy probe fails the create, and is removed', async () => {
    const s = stack('exits');
    const request = createRequest(s, 'Web', {
      image: BUSYBOX,
      cmd: ['sh', '-c', 'sleep 1; exit 3'],
      healthcheck: { test: ['CMD', 'false'], interval: 30 },
    });
    await expect(handler.create(request)).rejects.toThrow(
      /Resources\.Web: the container exited \(code 3\) before it was healthy; no probe has run yet/,
    );
    expect(await containersOf(s)).toEqual([]);
  });

  test('an interrupt while waiting gives up the create and leaves nothing', async () => {
    const s = stack('interrupt');
    const abort = new AbortController();
    const request = createRequest(
      s,
      'Web',
      {
        image: BUSYBOX,
        cmd: ['sh', '-c', 'trap "exit 0" TERM; sleep 3600 & wait'],
        healthcheck: { test: ['CMD', 'false'], interval: 30 },
      },
      {
        signal: abort.signal,
        progress: (m) => {
          if (m.startsWith('waiting until healthy')) abort.abort();
        },
      },
    );
    await expect(handler.create(request)).rejects.toBeInstanceOf(InterruptedError);
    expect(await containersOf(s)).toEqual([]);
  });

  test('a container still starting at the gate’s deadline fails it, saying so', async () => {
    const s = stack('deadline');
    const container = await suite.docker().createContainer({
      Image: BUSYBOX,
      Cmd: ['sh', '-c', 'trap "exit 0" TERM; sleep 3600 & wait'],
      Labels: { [LABELS.stack]: s },
      Healthcheck: { Test: ['CMD', 'true'], Interval: 3600e9 },
      HostConfig: { NetworkMode: 'none' },
    });
    await container.start();
    const info = await container.inspect();
    expect(info.State.Health?.Status).toBe('starting');
    await expect(waitUntilHealthy(container, info, { at: 'Resources.Web', deadlineMs: 300 })).rejects.toThrow(
      /^Resources\.Web: the container was not healthy after \d+ s; no probe has run yet$/,
    );
  });

  test('a container without a health check is not gated (no Health in its state)', async () => {
    const s = stack('none');
    const { physicalId } = await handler.create(
      createRequest(s, 'Web', { image: BUSYBOX, cmd: ['sh', '-c', 'trap "exit 0" TERM; sleep 3600 & wait'] }),
    );
    expect((await suite.docker().getContainer(physicalId).inspect()).State.Health).toBeUndefined();
  });
});
