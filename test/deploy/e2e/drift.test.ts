import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { expect, test } from 'vitest';
import { StateStore } from '../../../src/deploy/state/store.js';
import type { StackEvent } from '../../../src/deploy/status.js';
import { describeDocker, testDocker } from '../../support/docker.js';
import { TEST_IMAGES } from '../../support/images.js';
import { addressOf, recreateByHand, removeAll, takeAddressOf } from '../support/drift.js';
import { deployFile, type E2eWorkspace, e2eWorkspace, spawnCli } from '../support/e2e.js';

// Drift: a container stopped, removed or paused outside heatstack is named by `diff` and repaired by `deploy`, and the
// outputs that read it are right afterwards. `sleep` as PID 1 ignores SIGTERM, so `docker stop` kills it: exit 137.
let ws: E2eWorkspace;

/**
 * Web reads Db's address; the URL output reads Web's; Job is a one-shot that has exited 0 (it has no address). Db runs
 * `sleep` unless given a shell command.
 */
function templateFile(name: string, dbCommand?: string): string {
  const file = join(ws.dir, `${name}.yaml`);
  const lines = [
    'heat_template_version: 2021-04-16',
    'resources:',
    '  Db:',
    '    type: DockerInc::Docker::Container',
    `    properties: { image: ${TEST_IMAGES.busybox}, cmd: ${dbCommand ? `[sh, -c, ${JSON.stringify(dbCommand)}]` : '[sleep, "3600"]'} }`,
    '  Web:',
    '    type: DockerInc::Docker::Container',
    '    properties:',
    `      image: ${TEST_IMAGES.busybox}`,
    '      cmd: [sleep, "3600"]',
    '      env: [{ list_join: ["", ["DB=", { get_attr: [Db, network_ip] }]] }]',
    '  Job:',
    '    type: DockerInc::Docker::Container',
    `    properties: { image: ${TEST_IMAGES.busybox}, cmd: ["true"] }`,
    'outputs:',
    '  URL:',
    '    value: { list_join: ["", ["http://", { get_attr: [Web, network_ip] }, "/"]] }',
    '  JobURL:',
    '    value: { list_join: ["", ["http://", { get_attr: [Job, network_ip] }, "/"]] }',
  ];
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

async function containerOf(stack: string, resource: string): Promise<Docker.Container> {
  const record = await new StateStore(ws.stateDir).load(stack);
  return (await testDocker()).getContainer(record?.resources[resource]?.physicalId ?? 'none');
}

async function diff(file: string, stack: string): Promise<string> {
  const { code, stdout, stderr } = await spawnCli(['diff', file, '--stack', stack], ws.stateDir).done;
  expect(code, stderr).toBe(0);
  return stdout;
}

/** Deploys again and checks what any repair must leave: Web running, its URL its address, no changes left. */
async function deployRepairs(file: string, stack: string): Promise<void> {
  const result = await deployFile(file, stack, ws.stateDir);
  expect(result.record.status, result.failure?.reason).toBe('UPDATE_COMPLETE');
  const info = await (await containerOf(stack, 'Web')).inspect();
  expect(info.State.Running).toBe(true);
  const address = Object.values(info.NetworkSettings.Networks)[0]?.IPAddress ?? '';
  expect(address).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
  expect(result.record.outputs.URL?.value).toBe(`http://${address}/`);
  expect(await diff(file, stack)).toMatch(/^No changes\.$/m);
}

describeDocker('drift', () => {
  ws = e2eWorkspace('drift');

  async function deployed(name: string): Promise<{ file: string; stack: string }> {
    const file = templateFile(name);
    const stack = ws.newStack(name);
    const result = await deployFile(file, stack, ws.stateDir);
    expect(result.record.status, result.failure?.reason).toBe('CREATE_COMPLETE');
    return { file, stack };
  }

  test('a container stopped outside heatstack: diff names it, deploy starts it again', async () => {
    const { file, stack } = await deployed('stopped');
    await (await containerOf(stack, 'Web')).stop({ t: 1 });
    expect(await diff(file, stack)).toContain('! repair Web: exited (137) outside heatstack');
    await deployRepairs(file, stack);
  }, 180_000);

  test('a service that exits 0 when stopped (a daemon restart, docker stop): deploy starts it again', async () => {
    const file = templateFile('stopped-0', 'trap "exit 0" TERM; sleep 3600 & wait');
    const stack = ws.newStack('stopped-0');
    expect((await deployFile(file, stack, ws.stateDir)).record.status).toBe('CREATE_COMPLETE');
    await (await containerOf(stack, 'Db')).stop({ t: 5 });
    expect((await (await containerOf(stack, 'Db')).inspect()).State.ExitCode).toBe(0);
    expect(await diff(file, stack)).toContain('! repair Db: exited (0) outside heatstack');
    await deployRepairs(file, stack);
  }, 180_000);

  test('a container removed outside heatstack: diff names it, deploy creates it again', async () => {
    const { file, stack } = await deployed('removed');
    await (await containerOf(stack, 'Web')).remove({ force: true });
    expect(await diff(file, stack)).toContain('+ create Web: its container is gone');
    await deployRepairs(file, stack);
  }, 180_000);

  test('a container paused outside heatstack: diff names it, deploy unpauses it', async () => {
    const { file, stack } = await deployed('paused');
    await (await containerOf(stack, 'Web')).pause();
    expect(await diff(file, stack)).toContain('! repair Web: paused outside heatstack');
    await deployRepairs(file, stack);
  }, 180_000);

  test('a container re-created by hand under its name and labels, from another image with another env: replaced', async () => {
    const { file, stack } = await deployed('recreated');
    const byHand = await recreateByHand(await containerOf(stack, 'Web'), TEST_IMAGES.wordpress, ['DB=elsewhere']);
    expect(await diff(file, stack)).toContain(
      `~ replace Web: changed outside heatstack: re-created as container ${byHand.id.slice(0, 12)} (another env, another image)`,
    );
    await deployRepairs(file, stack);
    await expect(byHand.inspect()).rejects.toMatchObject({ statusCode: 404 });
  }, 180_000);

  test('a stopped container that will not start again is replaced, and what reads its address is replaced too', async () => {
    // GIVEN Db, which exits at once when started a second time, and Web, which reads Db's address
    const file = templateFile('once', 'test -e /ran && exit 3; touch /ran; exec sleep 3600');
    const stack = ws.newStack('once');
    expect((await deployFile(file, stack, ws.stateDir)).record.status).toBe('CREATE_COMPLETE');
    const oldWeb = (await containerOf(stack, 'Web')).id;
    await (await containerOf(stack, 'Db')).stop({ t: 1 });
    expect(await diff(file, stack)).toContain('= keep Web: reads Db: replaced too if Db is replaced');

    // WHEN deploy repairs Db (its start fails, so it is replaced)
    await deployRepairs(file, stack);

    // THEN Web is a new container, given the new Db's address
    const web = await (await containerOf(stack, 'Web')).inspect();
    const db = await (await containerOf(stack, 'Db')).inspect();
    expect(web.Id).not.toBe(oldWeb);
    const dbAddress = Object.values(db.NetworkSettings.Networks)[0]?.IPAddress;
    expect(web.Config.Env).toContain(`DB=${dbAddress}`);
  }, 180_000);

  test('an output reading a container with no address keeps its error, never an empty interpolation', async () => {
    const { stack } = await deployed('oneshot');
    const record = await new StateStore(ws.stateDir).load(stack);
    expect(record?.outputs.JobURL?.value).toBeUndefined();
    // It says what is true: a deploy leaves a finished one-shot as it is, so it would never get an address
    const error = record?.outputs.JobURL?.error;
    expect(error).toMatch(/Job: its container is a one-shot that has finished \(exited 0\), so it has no network_ip/);
    expect(error).not.toContain('deploy the stack again');
  }, 180_000);

  // A container started again can be given another address by Docker (its old one taken meanwhile): what was made
  // from the old one — a container given it in its env, an output — is replaced (computed again), as Heat would on a
  // new value, whether it was started again by a repair or outside heatstack.
  test('repaired onto another address: what reads it is replaced and given the new one', async () => {
    const { file, stack } = await deployed('repair');
    const db = await containerOf(stack, 'Db');
    const oldWeb = (await containerOf(stack, 'Web')).id;
    const sleepers = await takeAddressOf(db, stack);
    try {
      const events: StackEvent[] = [];
      const result = await deployFile(file, stack, ws.stateDir, events);
      expect(result.record.status, result.failure?.reason).toBe('UPDATE_COMPLETE');

      const dbAddress = await addressOf(db, stack);
      const web = await (await containerOf(stack, 'Web')).inspect();
      expect(web.Id).not.toBe(oldWeb);
      expect(web.Config.Env).toContain(`DB=${dbAddress}`);
      const replaced = events.find((e) => e.resource === 'Web' && e.status === 'CREATE_IN_PROGRESS');
      expect(replaced?.reason).toMatch(/^state changed: replaced: reads Db's network_ip, which changed \(.+ → .+\)$/);
      expect(await diff(file, stack)).toMatch(/^No changes\.$/m);
    } finally {
      await removeAll(sleepers);
    }
  }, 180_000);

  // A daemon restart stops every container: a deploy repairs a reader after what it reads, and replaces it when that
  // came back on another address (the chaos suite's restart during an update: every reader kept the old address).
  test('stopped with what it reads, which is repaired onto another address: the reader is replaced, not started again', async () => {
    const { file, stack } = await deployed('both-stopped');
    const db = await containerOf(stack, 'Db');
    const oldWeb = await containerOf(stack, 'Web');
    await oldWeb.stop({ t: 1 });
    const sleepers = await takeAddressOf(db, stack);
    try {
      const events: StackEvent[] = [];
      const result = await deployFile(file, stack, ws.stateDir, events);
      expect(result.record.status, result.failure?.reason).toBe('UPDATE_COMPLETE');

      const web = await (await containerOf(stack, 'Web')).inspect();
      expect(web.Id).not.toBe(oldWeb.id);
      expect(web.State.Running).toBe(true);
      expect(web.Config.Env).toContain(`DB=${await addressOf(db, stack)}`);
      const replaced = events.find((e) => e.resource === 'Web' && e.status === 'CREATE_IN_PROGRESS');
      expect(replaced?.reason).toMatch(/^state changed: replaced: reads Db's network_ip, which changed \(.+ → .+\)$/);
    } finally {
      await removeAll(sleepers);
    }
  }, 180_000);

  test('started again outside heatstack: check names the reader, diff and deploy replace it', async () => {
    const { file, stack } = await deployed('outside');
    const db = await containerOf(stack, 'Db');
    const before = await addressOf(db, stack);
    const sleepers = await takeAddressOf(db, stack);
    try {
      await db.start();
      const after = await addressOf(db, stack);
      expect(after).not.toBe(before);
      const cause = `reads Db's network_ip, which changed (${before} → ${after})`;

      const checked = await spawnCli(['check', '--stack', stack], ws.stateDir).done;
      expect(checked.code).toBe(1);
      expect(checked.stdout).toContain(`CHECK_FAILED   Web: ${cause}`);
      expect(await diff(file, stack)).toContain(`~ replace Web: ${cause}; create before delete`);

      const result = await deployFile(file, stack, ws.stateDir);
      expect(result.record.status, result.failure?.reason).toBe('UPDATE_COMPLETE');
      expect((await (await containerOf(stack, 'Web')).inspect()).Config.Env).toContain(`DB=${after}`);
      expect((await spawnCli(['check', '--stack', stack], ws.stateDir).done).code).toBe(0);
    } finally {
      await removeAll(sleepers);
    }
  }, 180_000);

  test('an output reading a container started again on another address is computed again, not kept', async () => {
    const { file, stack } = await deployed('output');
    const web = await containerOf(stack, 'Web');
    const sleepers = await takeAddressOf(web, stack);
    try {
      await web.start();
      const result = await deployFile(file, stack, ws.stateDir);
      expect(result.record.status, result.failure?.reason).toBe('UPDATE_COMPLETE');
      expect(result.record.outputs.URL?.value).toBe(`http://${await addressOf(web, stack)}/`);
    } finally {
      await removeAll(sleepers);
    }
  }, 180_000);
});
