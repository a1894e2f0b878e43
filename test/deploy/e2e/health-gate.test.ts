import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import type { StackEvent } from '../../../src/deploy/status.js';
import { describeDocker, testDocker } from '../../support/docker.js';
import { TEST_IMAGES } from '../../support/images.js';
import { deployFile, dockerObjectsOf, type E2eWorkspace, e2eWorkspace, spawnCli } from '../support/e2e.js';

const BUSYBOX = TEST_IMAGES.busybox;
let ws: E2eWorkspace;

const WAIT = 'trap "exit 0" TERM; sleep 3600 & wait';

/** A HOT template (JSON): `Db` becomes healthy a moment after start (or never), `App` reads its address. */
function template(name: string, test: readonly string[]): string {
  const file = join(ws.dir, `${name}.json`);
  const container = (cmd: string, extra: object) => ({
    type: 'DockerInc::Docker::Container',
    properties: { image: BUSYBOX, cmd: ['sh', '-c', cmd], ...extra },
  });
  const resources = {
    Db: container(`sleep 1; touch /tmp/ready; ${WAIT}`, {
      healthcheck: { test, interval: 0.2, retries: 3, start_period: 1 },
    }),
    App: container(WAIT, { env: [{ list_join: ['', ['DB=', { get_attr: ['Db', 'network_ip'] }]] }] }),
  };
  writeFileSync(file, JSON.stringify({ heat_template_version: '2021-04-16', resources }));
  return file;
}

describeDocker('the health gate in a deploy (dependents start once their dependencies are healthy)', () => {
  ws = e2eWorkspace('health');

  test('a dependent container is created only after its dependency’s first passing probe', async () => {
    const stack = ws.newStack('ready');
    const events: StackEvent[] = [];
    const result = await deployFile(template('ready', ['CMD', 'test', '-f', '/tmp/ready']), stack, ws.stateDir, events);
    expect(result.record.status).toBe('CREATE_COMPLETE');
    const docker = await testDocker();
    const [db, app] = await Promise.all(
      ['Db', 'App'].map((r) => docker.getContainer(result.record.resources[r]?.physicalId ?? '').inspect()),
    );
    const passed = db?.State.Health?.Log.find((probe) => probe.ExitCode === 0);
    expect(passed).toBeDefined();
    expect(Date.parse(app?.Created ?? '')).toBeGreaterThanOrEqual(Date.parse(passed?.End ?? ''));
  });

  test('a dependency that turns unhealthy is CREATE_FAILED with the probe’s output; the rollback leaves nothing', async () => {
    const stack = ws.newStack('sick');
    const file = template('sick', ['CMD-SHELL', 'echo db-not-ready-4711; exit 1']);
    const run = spawnCli(['deploy', file, '--stack', stack], ws.stateDir);
    const { code, stderr } = await run.done;
    expect(code).toBe(1);
    expect(stderr).toMatch(/Db +CREATE_FAILED/);
    expect(stderr).toContain('the container turned unhealthy');
    expect(stderr).toContain('db-not-ready-4711');
    expect(stderr).not.toMatch(/App +CREATE_IN_PROGRESS/);
    expect(stderr).toContain('ROLLBACK_COMPLETE');
    expect(await dockerObjectsOf(stack)).toEqual({ containers: 0, networks: 0, volumes: 0 });
  });
});
