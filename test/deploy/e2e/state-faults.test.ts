import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { LABELS } from '../../../src/deploy/handler.js';
import { describeDocker, testDocker } from '../../support/docker.js';
import { TEST_IMAGES } from '../../support/images.js';
import { dockerObjectsOf, type E2eWorkspace, e2eWorkspace, spawnCli } from '../support/e2e.js';

/**
 * The real CLI on a state directory it cannot use: exit code 1, one clear line naming the path and what to do (no
 * `internal error`, no stack trace), and Docker untouched — the run fails before it creates anything.
 */

let ws: E2eWorkspace;
let scratch: string;

function templateFile(name: string, image = TEST_IMAGES.busybox, sleep = 'sleep 3600'): string {
  const file = join(ws.dir, `${name}.yaml`);
  writeFileSync(
    file,
    [
      'heat_template_version: 2021-04-16',
      'resources:',
      '  A:',
      '    type: DockerInc::Docker::Container',
      '    properties:',
      `      image: ${image}`,
      `      cmd: [sh, -c, "trap \\"exit 0\\" TERM; ${sleep} & wait"]`,
      '',
    ].join('\n'),
  );
  return file;
}

async function containerIds(stack: string): Promise<string[]> {
  const docker = await testDocker();
  const found = await docker.listContainers({ all: true, filters: { label: [`${LABELS.stack}=${stack}`] } });
  return found.map((c) => c.Id).sort();
}

/** A clear refusal: exit 1, `heatstack: <message>`, no trace of an internal error. */
function expectRefusal(run: { code: number | null; stderr: string }, message: RegExp): void {
  expect(run.code).toBe(1);
  expect(run.stderr).toMatch(message);
  expect(run.stderr).not.toContain('internal error');
  expect(run.stderr).not.toMatch(/^\s+at /m);
}

describeDocker('the CLI on a state directory it cannot use', () => {
  ws = e2eWorkspace('state-faults');
  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), 'heatstack-state-faults-'));
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  test('HEATSTACK_STATE_DIR naming a file: deploy, ls and outputs refuse; Docker untouched', async () => {
    const stack = ws.newStack('notdir');
    const file = join(scratch, 'a-file');
    writeFileSync(file, '');
    const deploy = await spawnCli(['deploy', templateFile('notdir'), '--stack', stack], file).done;
    expectRefusal(deploy, /^heatstack: cannot use the state directory .*a-file: .*a-file is not a directory/m);
    expect(await dockerObjectsOf(stack)).toEqual({ containers: 0, networks: 0, volumes: 0 });
    expectRefusal(await spawnCli(['ls'], file).done, /is not a directory .*\(ENOTDIR\)/);
    expectRefusal(await spawnCli(['outputs', '--stack', stack], file).done, /is not a directory .*\(ENOTDIR\)/);
  });

  test('<stack>.json a directory: deploy and outputs refuse naming it; Docker untouched', async () => {
    const stack = ws.newStack('isdir');
    const dir = join(scratch, 'isdir');
    mkdirSync(join(dir, `${stack}.json`), { recursive: true });
    const deploy = await spawnCli(['deploy', templateFile('isdir'), '--stack', stack], dir).done;
    expectRefusal(
      deploy,
      new RegExp(`${stack}\\.json is a directory where heatstack keeps a stack's file \\(EISDIR\\)`),
    );
    expect(await dockerObjectsOf(stack)).toEqual({ containers: 0, networks: 0, volumes: 0 });
    expectRefusal(await spawnCli(['outputs', '--stack', stack], dir).done, /\(EISDIR\)\. Move that directory away/);
  });

  test('an immutable state file: an update and a destroy refuse, the container stays as it was', async () => {
    const stack = ws.newStack('immutable');
    const first = await spawnCli(['deploy', templateFile('immutable'), '--stack', stack], ws.stateDir).done;
    expect(first.code).toBe(0);
    const before = await containerIds(stack);
    const file = join(ws.stateDir, `${stack}.json`);
    try {
      execFileSync('chattr', ['+i', file], { stdio: 'pipe' });
    } catch (err) {
      console.warn(`skipped: chattr +i failed here (${(err as Error).message.split('\n')[0]})`);
      return;
    }
    try {
      // WHEN the container's command changes (a replacement), and WHEN the stack is destroyed
      const changed = templateFile('immutable-changed', TEST_IMAGES.busybox, 'sleep 3601');
      expectRefusal(
        await spawnCli(['deploy', changed, '--stack', stack], ws.stateDir).done,
        new RegExp(`${stack}\\.json: permission denied \\(EPERM\\)\\. Make it writable`),
      );
      expectRefusal(await spawnCli(['destroy', '--stack', stack], ws.stateDir).done, /permission denied \(EPERM\)/);
      // THEN the container is the one the first deploy created
      expect(await containerIds(stack)).toEqual(before);
    } finally {
      execFileSync('chattr', ['-i', file]);
    }
  }, 120_000);
});
