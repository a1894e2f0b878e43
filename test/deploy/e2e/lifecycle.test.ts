import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { stackNetworkName } from '../../../src/deploy/docker/index.js';
import { resumeStack, suspendStack } from '../../../src/deploy/engine/stack-engine.js';
import type { StackEvent } from '../../../src/deploy/status.js';
import { describeDocker, testDocker } from '../../support/docker.js';
import { TEST_IMAGES } from '../../support/images.js';
import {
  deployFile,
  dockerObjectsOf,
  type E2eWorkspace,
  e2eWorkspace,
  ROOT,
  session,
  spawnCli,
  waitForOutput,
} from '../support/e2e.js';

const BUSYBOX = TEST_IMAGES.busybox;
let ws: E2eWorkspace;

/** A HOT template file of busybox containers: name → command (and optional depends_on). */
interface TestContainer {
  readonly cmd: string;
  readonly dependsOn?: string[];
  /** A health check in flow YAML: its create waits until it passes. */
  readonly healthcheck?: string;
}

function templateFile(name: string, containers: Record<string, TestContainer>): string {
  const lines = ['heat_template_version: 2021-04-16', 'resources:'];
  for (const [id, c] of Object.entries(containers)) {
    lines.push(
      `  ${id}:`,
      '    type: DockerInc::Docker::Container',
      '    properties:',
      `      image: ${BUSYBOX}`,
      `      cmd: [sh, -c, ${JSON.stringify(c.cmd)}]`,
    );
    if (c.healthcheck) lines.push(`      healthcheck: ${c.healthcheck}`);
    if (c.dependsOn) lines.push(`    depends_on: [${c.dependsOn.join(', ')}]`);
  }
  const file = join(ws.dir, `${name}.yaml`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

// PID 1 ignores SIGTERM unless it traps it: the trap keeps these containers quick to stop.
const SLEEP = 'trap "exit 0" TERM; sleep 3600 & wait';
const NEVER_HEALTHY = '{test: [CMD, test, -f, /tmp/never], interval: 0.5, retries: 1000}';

describeDocker('deploy lifecycle against Docker', () => {
  ws = e2eWorkspace('e2e');

  test('independent containers are created in parallel: their create events overlap', async () => {
    const stack = ws.newStack('par');
    const events: StackEvent[] = [];
    const file = templateFile('par', { A: { cmd: SLEEP }, B: { cmd: SLEEP }, C: { cmd: SLEEP }, D: { cmd: SLEEP } });
    const result = await deployFile(file, stack, ws.stateDir, events);
    expect(result.record.status).toBe('CREATE_COMPLETE');
    const firstComplete = events.findIndex((e) => e.resource && e.status === 'CREATE_COMPLETE');
    const startedBefore = events.slice(0, firstComplete).filter((e) => e.resource && e.status === 'CREATE_IN_PROGRESS');
    expect(startedBefore.length).toBeGreaterThanOrEqual(2);
  });

  test('a stack whose second container exits 1 fails with its logs, exit code 1, and nothing left', async () => {
    // GIVEN
    const stack = ws.newStack('fail');
    const file = templateFile('fail', {
      First: { cmd: SLEEP },
      Second: { cmd: 'echo boom-marker-4711; exit 1', dependsOn: ['First'] },
    });
    // WHEN
    const run = spawnCli(['deploy', file, '--stack', stack], ws.stateDir);
    const { code, stderr } = await run.done;
    // THEN
    expect(code).toBe(1);
    expect(stderr).toMatch(/deploy of stack '.*' failed: Resource CREATE failed: Second: [^\n]*/);
    expect(stderr).toContain('boom-marker-4711');
    expect(stderr).toContain('ROLLBACK_COMPLETE');
    expect(await dockerObjectsOf(stack)).toEqual({ containers: 0, networks: 0, volumes: 0 });
  });

  test('with --no-rollback a failed deploy keeps what it created, and destroy removes it', async () => {
    const stack = ws.newStack('keep');
    const file = templateFile('keep', { First: { cmd: SLEEP }, Second: { cmd: 'exit 3', dependsOn: ['First'] } });
    const run = spawnCli(['deploy', file, '--stack', stack, '--no-rollback'], ws.stateDir);
    expect((await run.done).code).toBe(1);
    expect((await dockerObjectsOf(stack)).containers).toBeGreaterThanOrEqual(1);
    const destroyed = spawnCli(['destroy', '--stack', stack], ws.stateDir);
    expect((await destroyed.done).code).toBe(0);
    expect(await dockerObjectsOf(stack)).toEqual({ containers: 0, networks: 0, volumes: 0 });
  });

  test('with --no-rollback the container whose create failed is kept and recorded: logs shows why; a deploy replaces it', async () => {
    // GIVEN a create that fails, rollback disabled (Heat's disable_rollback keeps the failed resource)
    const stack = ws.newStack('keepfailed');
    const failing = templateFile('keepfailed', { Job: { cmd: 'echo cannot-find-config-4712; exit 3' } });
    expect((await spawnCli(['deploy', failing, '--stack', stack, '--no-rollback'], ws.stateDir).done).code).toBe(1);
    // THEN the failed container is there, recorded as the resource's object, and its output can be read
    const failed = (await session(ws.stateDir).store.load(stack))!.resources.Job!;
    expect(failed.status).toBe('CREATE_FAILED');
    const docker = await testDocker();
    const info = await docker.getContainer(failed.physicalId!).inspect();
    expect(info.State.ExitCode).toBe(3);
    const logs = await spawnCli(['logs', '--stack', stack, 'Job'], ws.stateDir).done;
    expect(logs.code).toBe(0);
    expect(logs.stdout).toContain('cannot-find-config-4712');
    // WHEN the template is fixed and deployed again, THEN the failed container is replaced, and only the new one is left
    const fixed = templateFile('keepfailed-fixed', { Job: { cmd: SLEEP } });
    const again = await deployFile(fixed, stack, ws.stateDir);
    expect(again.ok).toBe(true);
    expect(again.record.resources.Job!.physicalId).not.toBe(failed.physicalId);
    expect(await dockerObjectsOf(stack)).toEqual({ containers: 1, networks: 1, volumes: 0 });
  });

  test('kill -9 of the CLI mid-deploy, then destroy, leaves nothing; the dead run’s lock is taken over', async () => {
    // GIVEN a deploy of a chain, killed once its first container is up; B's create waits on a health check that
    // never passes, so the run is still going when the second deploy asks, however slowly that one starts
    const stack = ws.newStack('kill');
    const file = templateFile('kill', {
      A: { cmd: SLEEP },
      B: { cmd: SLEEP, dependsOn: ['A'], healthcheck: NEVER_HEALTHY },
      C: { cmd: SLEEP, dependsOn: ['B'] },
      D: { cmd: SLEEP, dependsOn: ['C'] },
    });
    const run = spawnCli(['deploy', file, '--stack', stack], ws.stateDir);
    await waitForOutput(run, (err) => /A {2}CREATE_COMPLETE/.test(err));
    // WHILE it runs, a second deploy of the same stack is refused
    const second = spawnCli(['deploy', file, '--stack', stack], ws.stateDir);
    const refused = await second.done;
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/stack '.*' is busy: process \d+ has been running `deploy`/);
    expect(run.stderr()).not.toMatch(/B {2}CREATE_COMPLETE/);
    run.child.kill('SIGKILL');
    expect((await run.done).signal).toBe('SIGKILL');
    expect((await dockerObjectsOf(stack)).containers).toBeGreaterThanOrEqual(1);
    // WHEN
    const destroyed = spawnCli(['destroy', '--stack', stack], ws.stateDir);
    // THEN
    expect((await destroyed.done).code).toBe(0);
    expect(await dockerObjectsOf(stack)).toEqual({ containers: 0, networks: 0, volumes: 0 });
  });

  test('Ctrl-C stops a deploy and rolls it back: exit code 1, nothing left', async () => {
    const stack = ws.newStack('int');
    const file = templateFile('int', {
      A: { cmd: SLEEP },
      B: { cmd: SLEEP, dependsOn: ['A'] },
      C: { cmd: SLEEP, dependsOn: ['B'] },
      D: { cmd: SLEEP, dependsOn: ['C'] },
    });
    const run = spawnCli(['deploy', file, '--stack', stack], ws.stateDir);
    await waitForOutput(run, (err) => /A {2}CREATE_COMPLETE/.test(err));
    run.child.kill('SIGINT');
    const { code, stderr } = await run.done;
    expect(code).toBe(1);
    expect(stderr).toContain('interrupted (Ctrl-C): nothing new starts; rolling back: removing what this run created…');
    expect(stderr).toContain(
      `deploy of stack '${stack}' was interrupted (Ctrl-C) and rolled back: what it had created is removed`,
    );
    expect(stderr).toContain(`Stack ${stack}: ROLLBACK_COMPLETE`);
    expect(await dockerObjectsOf(stack)).toEqual({ containers: 0, networks: 0, volumes: 0 });
  });

  test('suspend stops the containers and resume starts them again', async () => {
    const stack = ws.newStack('susp');
    const file = templateFile('susp', { A: { cmd: SLEEP }, B: { cmd: SLEEP, dependsOn: ['A'] } });
    const deployed = await deployFile(file, stack, ws.stateDir);
    const docker = await testDocker();
    const running = async () =>
      Promise.all(
        ['A', 'B'].map(
          async (n) =>
            (await docker.getContainer(deployed.record.resources[n]?.physicalId as string).inspect()).State.Running,
        ),
      );
    expect((await suspendStack(stack, session(ws.stateDir))).record.status).toBe('SUSPEND_COMPLETE');
    expect(await running()).toEqual([false, false]);
    expect((await resumeStack(stack, session(ws.stateDir))).record.status).toBe('RESUME_COMPLETE');
    expect(await running()).toEqual([true, true]);
  });

  test('an update replaces the changed container, creates the new, deletes the removed, leaves the rest', async () => {
    // GIVEN
    const stack = ws.newStack('upd');
    const first = await deployFile(
      templateFile('upd1', { Keep: { cmd: SLEEP }, Change: { cmd: SLEEP }, Remove: { cmd: SLEEP } }),
      stack,
      ws.stateDir,
    );
    const ids = Object.fromEntries(Object.entries(first.record.resources).map(([n, r]) => [n, r.physicalId]));
    // WHEN
    const second = await deployFile(
      templateFile('upd2', { Keep: { cmd: SLEEP }, Change: { cmd: `echo changed; ${SLEEP}` }, Add: { cmd: SLEEP } }),
      stack,
      ws.stateDir,
    );
    // THEN
    expect(second.record.status).toBe('UPDATE_COMPLETE');
    expect(second.record.resources.Keep?.physicalId).toBe(ids.Keep);
    expect(second.record.resources.Change?.physicalId).not.toBe(ids.Change);
    expect(Object.keys(second.record.resources).sort()).toEqual(['Add', 'Change', 'Keep']);
    const docker = await testDocker();
    const names = (
      await docker.listContainers({ all: true, filters: JSON.stringify({ label: [`io.heatstack.stack=${stack}`] }) })
    )
      .map((c) => c.Labels['io.heatstack.resource'])
      .sort();
    expect(names).toEqual(['Add', 'Change', 'Keep']);
    // AND a third deploy of the same template changes nothing
    const third = await deployFile(
      templateFile('upd3', { Keep: { cmd: SLEEP }, Change: { cmd: `echo changed; ${SLEEP}` }, Add: { cmd: SLEEP } }),
      stack,
      ws.stateDir,
    );
    expect(Object.fromEntries(Object.entries(third.record.resources).map(([n, r]) => [n, r.physicalId]))).toEqual(
      Object.fromEntries(Object.entries(second.record.resources).map(([n, r]) => [n, r.physicalId])),
    );
  });

  test('an app file deploys its stack, synthesized', async () => {
    const stack = ws.newStack('app');
    const given = { DatabasePassword: 'an-app-password' };
    const result = await deployFile(join(ROOT, 'examples/wordpress.ts'), stack, ws.stateDir, [], given);
    expect(result.record.status).toBe('CREATE_COMPLETE');
    expect(result.record.outputs.BlogURL?.value).toMatch(/^http:\/\/[\d.]+:80\/$/);
  });

  test('a failed update rolls back to the previous template: the old containers run again', async () => {
    // GIVEN
    const stack = ws.newStack('urb');
    const first = await deployFile(templateFile('urb1', { A: { cmd: SLEEP }, B: { cmd: SLEEP } }), stack, ws.stateDir);
    // WHEN B is changed into a container that fails
    const second = await deployFile(
      templateFile('urb2', { A: { cmd: SLEEP }, B: { cmd: 'echo nope; exit 2' } }),
      stack,
      ws.stateDir,
    );
    // THEN
    expect(second.ok).toBe(false);
    expect(second.record.status).toBe('ROLLBACK_COMPLETE');
    expect(second.record.resources.A?.physicalId).toBe(first.record.resources.A?.physicalId);
    const docker = await testDocker();
    const b = await docker.getContainer(second.record.resources.B?.physicalId as string).inspect();
    expect(b.State.Running).toBe(true);
    expect(b.Config.Cmd).toEqual(['sh', '-c', SLEEP]);
  });
  test('destroy fails, naming both, while a container not of the stack holds its network; then finishes', async () => {
    // GIVEN a deployed stack, and a container someone started by hand on the stack's network
    const stack = ws.newStack('foreign');
    const file = templateFile('foreign', { A: { cmd: SLEEP } });
    expect((await deployFile(file, stack, ws.stateDir)).record.status).toBe('CREATE_COMPLETE');
    const docker = await testDocker();
    const network = stackNetworkName(stack);
    const intruder = await docker.createContainer({
      name: `${stack}-by-hand`,
      Image: BUSYBOX,
      Cmd: ['sh', '-c', SLEEP],
      HostConfig: { NetworkMode: network },
    });
    try {
      await intruder.start();
      // WHEN the stack is destroyed
      const first = await spawnCli(['destroy', '--stack', stack], ws.stateDir).done;
      // THEN it fails naming the network and the container, and leaves the network (not a silent DELETE_COMPLETE)
      expect(first.code).toBe(1);
      expect(first.stderr).toContain(`network ${network} is still used by container ${stack}-by-hand`);
      expect((await dockerObjectsOf(stack)).networks).toBe(1);
      // WHEN the container is disconnected and destroy runs again, THEN nothing of the stack is left
      await docker.getNetwork(network).disconnect({ Container: intruder.id, Force: true });
      expect((await spawnCli(['destroy', '--stack', stack], ws.stateDir).done).code).toBe(0);
      expect(await dockerObjectsOf(stack)).toEqual({ containers: 0, networks: 0, volumes: 0 });
    } finally {
      await intruder.remove({ force: true });
    }
  });
});
