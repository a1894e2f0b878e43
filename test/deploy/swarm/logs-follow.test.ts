import { expect, test } from 'vitest';
import { describeDocker } from '../../support/docker.js';
import { TEST_IMAGES } from '../../support/images.js';
import { spawnCli } from '../support/e2e.js';
import { deployedBeforeAll, ensureSwarm, eventually } from './swarm-support.js';

/** A service that says `ready` each time a task of it starts, then waits (a TERM ends it at once). */
const TEMPLATE = `heat_template_version: 2018-08-31
resources:
  Web:
    type: DockerInc::Docker::Container
    properties:
      image: ${TEST_IMAGES.busybox}
      cmd: [sh, -c, 'trap "exit 0" TERM; echo ready; sleep 600 & wait']
`;

describeDocker('heatstack logs --follow on a Swarm stack', () => {
  const { stack, stateDir, result } = deployedBeforeAll('swarm-follow', TEMPLATE);

  /** The running task container of the service (the one node's). */
  async function runningTask(except?: string) {
    const docker = await ensureSwarm();
    const serviceId = result().record.resources.Web?.physicalId as string;
    const filters = JSON.stringify({ label: [`com.docker.swarm.service.id=${serviceId}`] });
    return eventually(async () => (await docker.listContainers({ filters })).find((c) => c.Id !== except));
  }

  test("prints the service's new output as it comes, a replacement task's too, until Ctrl-C, and exits 0", async () => {
    expect(result().record.status).toBe('CREATE_COMPLETE');
    const docker = await ensureSwarm();
    // GIVEN `heatstack logs -f` following Web, its history printed
    const run = spawnCli(['logs', '--stack', stack, 'Web', '--follow'], stateDir);
    const printed = (text: string) => async () => {
      if (run.child.exitCode !== null) throw new Error(`logs -f exited early: ${run.stderr()}`);
      return run.stdout().includes(text) ? true : undefined;
    };
    await eventually(printed('Web | ready\n'), 90_000);
    // WHEN its task writes a new line
    const first = await runningTask();
    const exec = await docker.getContainer(first.Id).exec({ Cmd: ['sh', '-c', 'echo followed > /proc/1/fd/1'] });
    await exec.start({});
    // THEN it is printed, after the history
    await eventually(printed('Web | followed\n'));
    // WHEN the task is killed, and Swarm starts another in its place
    await docker.getContainer(first.Id).kill();
    await runningTask(first.Id);
    // THEN the new task's output is followed too: the service's stream does not end with a task
    await eventually(async () => (run.stdout().split('Web | ready\n').length === 3 ? true : undefined), 90_000);
    run.child.kill('SIGINT');
    const { code, stdout, stderr } = await run.done;
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toBe('Web | ready\nWeb | followed\nWeb | ready\n');
  }, 240_000);
});
