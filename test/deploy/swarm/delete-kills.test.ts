import { expect, test } from 'vitest';
import { describeDocker } from '../../support/docker.js';
import { TEST_IMAGES } from '../../support/images.js';
import { deployedBeforeAll, destroyAndCount, NOTHING_LEFT } from './swarm-support.js';

/**
 * `sleep` as a task's PID 1 ignores SIGTERM, and the template grants it a ten-minute stop grace period: Swarm's own stop
 * of a removed service would wait that long. A delete kills, as a container's delete does (a force-remove).
 */
const STUBBORN = { image: TEST_IMAGES.busybox, cmd: ['sleep', '3600'], stop_timeout: 600 };
const TEMPLATE = JSON.stringify({
  heat_template_version: '2018-08-31',
  resources: { Stubborn: { type: 'DockerInc::Docker::Container', properties: STUBBORN } },
});

describeDocker('destroy of a Swarm stack', () => {
  const { stack, stateDir, result } = deployedBeforeAll('swarm-kill', TEMPLATE);

  test('kills the task that ignores SIGTERM rather than waiting out its stop grace period, and leaves nothing', async () => {
    expect(result().record.status).toBe('CREATE_COMPLETE');
    const { status, left } = await destroyAndCount(stack, stateDir);
    expect(status).toBe('DELETE_COMPLETE');
    expect(left).toEqual(NOTHING_LEFT);
  }, 60_000);
});
