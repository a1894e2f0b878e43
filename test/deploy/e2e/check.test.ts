import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { expect, test } from 'vitest';
import { StateStore } from '../../../src/deploy/state/store.js';
import { describeDocker, testDocker } from '../../support/docker.js';
import { TEST_IMAGES } from '../../support/images.js';
import { recreateByHand } from '../support/drift.js';
import { deployFile, type E2eWorkspace, e2eWorkspace, spawnCli } from '../support/e2e.js';

// `heatstack check`, Heat's stack check: each way a container can drift outside heatstack is named, the stack is
// CHECK_FAILED (as `ls` shows), a deploy repairs it all, and the check passes again.
let ws: E2eWorkspace;

const NAMES = ['Stopped', 'Removed', 'Recreated', 'Paused', 'Updated', 'Kept'] as const;

function templateFile(name: string): string {
  const file = join(ws.dir, `${name}.yaml`);
  const lines = ['heat_template_version: 2021-04-16', 'resources:'];
  for (const n of NAMES)
    lines.push(
      `  ${n}:`,
      '    type: DockerInc::Docker::Container',
      `    properties: { image: ${TEST_IMAGES.busybox}, cmd: [sleep, "3600"], env: ["NAME=${n}"] }`,
    );
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

async function containerOf(stack: string, resource: string): Promise<Docker.Container> {
  const record = await new StateStore(ws.stateDir).load(stack);
  return (await testDocker()).getContainer(record?.resources[resource]?.physicalId ?? 'none');
}

const cli = (args: string[]) => spawnCli(args, ws.stateDir).done;

describeDocker('heatstack check', () => {
  ws = e2eWorkspace('check');

  test('names each drifted container and how, fails, shows in ls; deploy repairs it all and the check passes', async () => {
    const file = templateFile('drift');
    const stack = ws.newStack('check');
    const first = await deployFile(file, stack, ws.stateDir);
    expect(first.record.status, first.failure?.reason).toBe('CREATE_COMPLETE');
    expect((await cli(['check', '--stack', stack])).code).toBe(0);

    await (await containerOf(stack, 'Stopped')).stop({ t: 1 });
    await (await containerOf(stack, 'Removed')).remove({ force: true });
    const byHand = await recreateByHand(await containerOf(stack, 'Recreated'), TEST_IMAGES.busybox, ['NAME=by hand']);
    await (await containerOf(stack, 'Paused')).pause();
    await (await containerOf(stack, 'Updated')).update({ Memory: 64 * 1024 * 1024, MemorySwap: -1 });

    const checked = await cli(['check', '--stack', stack]);
    expect(checked.code, checked.stderr).toBe(1);
    expect(checked.stdout.split('\n')).toEqual([
      'CHECK_COMPLETE Kept: running',
      'CHECK_FAILED   Paused: paused outside heatstack',
      `CHECK_FAILED   Recreated: changed outside heatstack: re-created as container ${byHand.id.slice(0, 12)} (another env)`,
      'CHECK_FAILED   Removed: its container is gone',
      'CHECK_FAILED   Stopped: exited (137) outside heatstack',
      'CHECK_FAILED   Updated: changed outside heatstack (another limits)',
      `Stack ${stack}: CHECK_FAILED`,
      '',
    ]);
    const json = JSON.parse((await cli(['check', '--stack', stack, '--json'])).stdout) as {
      status: string;
      resources: { resource: string; status: string; reason: string }[];
    };
    expect(json.status).toBe('CHECK_FAILED');
    expect(json.resources.find((r) => r.resource === 'Stopped')).toMatchObject({
      status: 'CHECK_FAILED',
      reason: 'exited (137) outside heatstack',
    });
    const listed = await cli(['ls']);
    expect(listed.stdout.split('\n').find((l) => l.includes(stack))).toContain('CHECK_FAILED');

    const repaired = await deployFile(file, stack, ws.stateDir);
    expect(repaired.record.status, repaired.failure?.reason).toBe('UPDATE_COMPLETE');
    const again = await cli(['check', '--stack', stack]);
    expect(again.code, again.stdout).toBe(0);
    expect(again.stdout).toContain(`Stack ${stack}: CHECK_COMPLETE`);
    await expect(byHand.inspect()).rejects.toMatchObject({ statusCode: 404 });
  }, 240_000);

  test('a stack that does not exist is an error naming it; a suspended one is refused, a resumed one checked', async () => {
    const missing = await cli(['check', '--stack', 'hs-e2e-check-none']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("no stack named 'hs-e2e-check-none'");
    const file = templateFile('suspended');
    const stack = ws.newStack('check-suspended');
    await deployFile(file, stack, ws.stateDir);
    expect((await cli(['suspend', '--stack', stack])).code).toBe(0);
    const refused = await cli(['check', '--stack', stack]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('is SUSPEND_COMPLETE: its containers are stopped on purpose');
    expect((await cli(['resume', '--stack', stack])).code).toBe(0);
    const resumed = await cli(['check', '--stack', stack]);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toContain(`Stack ${stack}: CHECK_COMPLETE`);
  }, 240_000);
});
