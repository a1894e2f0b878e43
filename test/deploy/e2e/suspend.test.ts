import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { StateStore } from '../../../src/deploy/state/store.js';
import { describeDocker, testDocker } from '../../support/docker.js';
import { TEST_IMAGES } from '../../support/images.js';
import { deployFile, type E2eWorkspace, e2eWorkspace, spawnCli } from '../support/e2e.js';

// Suspend stops independent containers in parallel and gives each the stop timeout asked for. `sleep` as PID 1
// ignores SIGTERM (it installs no handler): every stop here waits out its whole timeout, then kills.
let ws: E2eWorkspace;

/** Two independent containers that ignore SIGTERM, with extra properties each. */
function templateFile(name: string, extra: string[] = []): string {
  const container = (id: string) => [
    `  ${id}:`,
    '    type: DockerInc::Docker::Container',
    '    properties:',
    `      image: ${TEST_IMAGES.busybox}`,
    '      cmd: [sleep, "3600"]',
    ...extra.map((line) => `      ${line}`),
  ];
  const file = join(ws.dir, `${name}.yaml`);
  writeFileSync(
    file,
    `${['heat_template_version: 2021-04-16', 'resources:', ...container('A'), ...container('B')].join('\n')}\n`,
  );
  return file;
}

/** Per container: whether it runs, its StopTimeout, and how long after its stop began it exited (Docker's clock). */
async function stopsOf(stack: string) {
  const record = await new StateStore(ws.stateDir).load(stack);
  const docker = await testDocker();
  return Promise.all(
    ['A', 'B'].map(async (name) => {
      const began = record?.events.find((e) => e.resource === name && e.status === 'SUSPEND_IN_PROGRESS')?.time ?? '';
      const info = await docker.getContainer(record?.resources[name]?.physicalId ?? '').inspect();
      const tookMs = Date.parse(info.State.FinishedAt) - Date.parse(began);
      const { StopTimeout: stopTimeout } = info.Config as { StopTimeout?: number };
      return { running: info.State.Running, stopTimeout, tookMs };
    }),
  );
}

/** The progress lines of a run, `A SUSPEND_IN_PROGRESS` style, in order. */
const transitions = (stderr: string): string[] =>
  [...stderr.matchAll(/^\d\d:\d\d:\d\d {2}([AB]) {2}(SUSPEND_\w+)/gm)].map((m) => `${m[1]} ${m[2]}`);

describeDocker('suspend', () => {
  ws = e2eWorkspace('suspend');

  test('stops independent containers in parallel, each within --stop-timeout', async () => {
    // GIVEN
    const stack = ws.newStack('par');
    expect((await deployFile(templateFile('par'), stack, ws.stateDir)).record.status).toBe('CREATE_COMPLETE');
    // WHEN
    const { code, stderr } = await spawnCli(['suspend', '--stack', stack, '--stop-timeout', '1'], ws.stateDir).done;
    // THEN both stops began before either ended
    expect(code, stderr).toBe(0);
    const seen = transitions(stderr);
    expect(seen.slice(0, 2).sort()).toEqual(['A SUSPEND_IN_PROGRESS', 'B SUSPEND_IN_PROGRESS']);
    expect(seen.slice(2).sort()).toEqual(['A SUSPEND_COMPLETE', 'B SUSPEND_COMPLETE']);
    // AND each was killed after about a second, not Docker's default 10
    for (const stop of await stopsOf(stack)) {
      expect(stop.running).toBe(false);
      expect(stop.tookMs).toBeLessThan(8000);
    }
  }, 120_000);

  test('a container’s stop_timeout is its StopTimeout: a suspend waits that long for it', async () => {
    const stack = ws.newStack('prop');
    const deployed = await deployFile(templateFile('prop', ['stop_timeout: 1']), stack, ws.stateDir);
    expect(deployed.record.status).toBe('CREATE_COMPLETE');
    const { code, stderr } = await spawnCli(['suspend', '--stack', stack], ws.stateDir).done;
    expect(code, stderr).toBe(0);
    for (const stop of await stopsOf(stack)) {
      expect(stop).toMatchObject({ running: false, stopTimeout: 1 });
      expect(stop.tookMs).toBeLessThan(8000);
    }
  }, 120_000);

  test('--stop-timeout that is not a whole number of seconds is bad usage, and nothing is stopped', async () => {
    const stack = ws.newStack('bad');
    await deployFile(templateFile('bad'), stack, ws.stateDir);
    const { code, stderr } = await spawnCli(['suspend', '--stack', stack, '--stop-timeout', 'soon'], ws.stateDir).done;
    expect(code).toBe(2);
    expect(stderr).toContain("--stop-timeout expects a whole number of seconds (0 or more), got 'soon'");
    expect((await stopsOf(stack)).map((s) => s.running)).toEqual([true, true]);
  }, 120_000);
});
