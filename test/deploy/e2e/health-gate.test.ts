import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import type { StackEvent } from '../../../src/deploy/status.js';
import { execIn } from '../../deploy/docker/docker-helpers.js';
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
    // The probe marks its first pass in a file: Docker keeps only the last 5 probes, and on a loaded machine the first
    // passing one may have left the log by the time the test reads it.
    const probe = ['CMD-SHELL', 'test -f /tmp/ready && { test -f /tmp/first-pass || touch /tmp/first-pass; }'];
    const result = await deployFile(template('ready', probe), stack, ws.stateDir, events);
    expect(result.record.status).toBe('CREATE_COMPLETE');
    const docker = await testDocker();
    const [db, app] = ['Db', 'App'].map((r) => docker.getContainer(result.record.resources[r]?.physicalId ?? ''));
    const firstPass = await execIn(db!, ['sh', '-c', 'stat -c %y /tmp/first-pass']);
    expect(firstPass.exitCode).toBe(0);
    const created = (await app!.inspect()).Created;
    // `stat` gives nanoseconds, Docker's `Created` too: compared to the microsecond.
    expect(micros(created)).toBeGreaterThanOrEqual(micros(firstPass.output.trim()));
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

/** A time as `2026-12-05T13:06:28.252192142Z` (Docker) or `2026-12-05 13:06:28.252192142 +0000` (stat), in microseconds. */
function micros(time: string): number {
  const m = /^(\d{4}-\d\d-\d\d)[T ](\d\d:\d\d:\d\d)(?:\.(\d+))?/.exec(time);
  if (!m) throw new Error(`not a time: ${time}`);
  return Date.parse(`${m[1]}T${m[2]}Z`) * 1000 + Number((m[3] ?? '').padEnd(6, '0').slice(0, 6));
}
