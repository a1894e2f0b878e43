import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, expect, test } from 'vitest';
import { LABELS } from '../../../src/deploy/handler.js';
import { describeDocker, testDocker } from '../../support/docker.js';
import { TEST_IMAGES } from '../../support/images.js';
import { type CliRun, deployFile, type E2eWorkspace, e2eWorkspace, spawnCli, waitForOutput } from '../support/e2e.js';

// Ctrl-C during an update, sent through the real CLI at several moments: afterwards every container of one version
// or the other runs — never fewer. PID 1 ignores SIGTERM unless it traps it: the trap keeps these quick to stop.
const SLEEP = 'trap "exit 0" TERM; sleep 3600 & wait';
// Slow to stop (3 s after SIGTERM): a rollback that must remove such a container is still running 3 s later.
const SLOW_TO_STOP = 'trap "sleep 3; exit 0" TERM; sleep 3600 & wait';
const TIERS = ['App', 'Db', 'Web', 'Worker'];
let ws: E2eWorkspace;
let file: string;
let slowToStop: string;

/** Four containers, each reading the `Greeting` parameter (a change replaces all four); App and Worker read Db. */
function threeTier(name: string, cmd: string): string {
  const container = (id: string, reads?: string) => [
    `  ${id}:`,
    '    type: DockerInc::Docker::Container',
    '    properties:',
    `      image: ${TEST_IMAGES.busybox}`,
    `      cmd: [sh, -c, ${JSON.stringify(cmd)}]`,
    reads
      ? `      env: [{list_join: ["=", [GREETING, {get_param: Greeting}]]}, {list_join: ["=", [UPSTREAM, {get_attr: [${reads}, network_ip]}]]}]`
      : '      env: [{list_join: ["=", [GREETING, {get_param: Greeting}]]}]',
  ];
  const lines = [
    'heat_template_version: 2021-04-16',
    'parameters:',
    '  Greeting: {type: string, default: hello}',
    'resources:',
    ...container('Db'),
    ...container('App', 'Db'),
    ...container('Web', 'App'),
    ...container('Worker', 'Db'),
  ];
  const path = join(ws.dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

/** The stack's containers: logical id → [running, greeting] for each container Docker holds under its label. */
async function containersOf(stack: string): Promise<Record<string, [boolean, string][]>> {
  const docker = await testDocker();
  const list = await docker.listContainers({
    all: true,
    filters: JSON.stringify({ label: [`${LABELS.stack}=${stack}`] }),
  });
  const out: Record<string, [boolean, string][]> = {};
  for (const c of list) {
    const info = await docker.getContainer(c.Id).inspect();
    const greeting = (info.Config.Env ?? []).find((e) => e.startsWith('GREETING='))?.slice('GREETING='.length) ?? '';
    const resource = c.Labels[LABELS.resource] ?? '';
    out[resource] = [...(out[resource] ?? []), [info.State.Running, greeting]];
  }
  return out;
}

/** Every tier runs exactly one container, all of the `greeting` version. */
const allOf = (greeting: string): Record<string, [boolean, string][]> =>
  Object.fromEntries(TIERS.map((t) => [t, [[true, greeting]]]));

/** A deployed stack (Greeting=hello), then the update to Greeting=hey started through the CLI. */
async function updateOf(prefix: string, template = file): Promise<{ stack: string; run: CliRun }> {
  const stack = ws.newStack(prefix);
  const first = await deployFile(template, stack, ws.stateDir, [], { Greeting: 'hello' });
  expect(first.record.status).toBe('CREATE_COMPLETE');
  return { stack, run: spawnCli(['deploy', template, '--stack', stack, '-P', 'Greeting=hey'], ws.stateDir) };
}

/** A resource line of the progress output with this status (`12:00:01  Db  DELETE_IN_PROGRESS  …`). */
const resourceLine = (status: string) => (err: string) =>
  new RegExp(`^\\d\\d:\\d\\d:\\d\\d {2}(${TIERS.join('|')}) {2}${status}`, 'm').test(err);

describeDocker('Ctrl-C during an update, through the CLI', () => {
  ws = e2eWorkspace('interrupt');
  beforeAll(() => {
    file = threeTier('three-tier.yaml', SLEEP);
    slowToStop = threeTier('slow-to-stop.yaml', SLOW_TO_STOP);
  });

  test.each([
    ['while the old containers are deleted', resourceLine('DELETE_IN_PROGRESS')],
    ['while the replacements are created', resourceLine('CREATE_IN_PROGRESS')],
    ['right after the update started', (err: string) => /UPDATE_IN_PROGRESS/.test(err)],
  ])('%s: the update rolls back completely, and every previous container runs', async (_moment, moment) => {
    // GIVEN
    const { stack, run } = await updateOf('int');
    await waitForOutput(run, moment);
    // WHEN
    run.child.kill('SIGINT');
    const { code, stderr } = await run.done;
    // THEN
    expect(await containersOf(stack)).toEqual(allOf('hello'));
    expect(stderr).toContain(
      'interrupted (Ctrl-C): nothing new starts; rolling back to the previous template… (Ctrl-C again to quit at once; the next run recovers)',
    );
    expect(stderr).toContain(
      `heatstack: deploy of stack '${stack}' was interrupted (Ctrl-C) and rolled back to the previous template`,
    );
    expect(stderr).toContain(`Stack ${stack}: ROLLBACK_COMPLETE`);
    expect(stderr).not.toContain('aborted');
    expect(code).toBe(1);
  });

  test('Ctrl-C at once after the command starts leaves the previous containers running', async () => {
    const { stack, run } = await updateOf('early');
    run.child.kill('SIGINT');
    await run.done;
    expect(await containersOf(stack)).toEqual(allOf('hello'));
  });

  test('a second Ctrl-C quits at once, and the next run recovers the stack', async () => {
    // GIVEN an update interrupted once a replacement exists, so that its rollback removes one (slow to stop: the
    // rollback is still under way when the second Ctrl-C comes, however fast the machine)
    const { stack, run } = await updateOf('twice', slowToStop);
    await waitForOutput(run, resourceLine('CREATE_COMPLETE'));
    run.child.kill('SIGINT');
    await waitForOutput(run, (err) => err.includes('interrupted (Ctrl-C)'));
    // WHEN Ctrl-C comes again
    run.child.kill('SIGINT');
    const quit = await run.done;
    // THEN it quits, saying so
    expect(quit.code).toBe(130);
    expect(quit.stderr).toContain('quit (Ctrl-C twice)');
    // AND the next deploy converges, whatever the first left
    const next = spawnCli(['deploy', slowToStop, '--stack', stack, '-P', 'Greeting=hey'], ws.stateDir);
    const { code, stderr } = await next.done;
    expect(code, stderr).toBe(0);
    expect(await containersOf(stack)).toEqual(allOf('hey'));
  });
});
