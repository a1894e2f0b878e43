import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { removeStackObjects } from '../../../src/deploy/docker/stack-objects.js';
import { destroyStack } from '../../../src/deploy/engine/stack-engine.js';
import { LABELS } from '../../../src/deploy/handler.js';
import { describeDocker, testDocker } from '../../support/docker.js';
import { ensureTestImages, TEST_IMAGES } from '../../support/images.js';
import { deployFile, dockerObjectLists, session, spawnCli, tempStateDir, uniqueStack } from '../support/e2e.js';

/**
 * Two state directories (`HEATSTACK_STATE_DIR`) holding a stack of one name share Docker's name label; the record's
 * id (`io.heatstack.stack-id`) and state directory (`io.heatstack.state-dir`) labels tell their objects apart
 * (`src/deploy/engine/stack-identity.ts`): nothing run from one directory takes, adopts or removes the other's.
 */

let dirA: string;
let dirB: string;
let scratch: string;
const stacks: string[] = [];

/** A container on a declared network mounting a declared volume (Retain, a volume's default). */
const STACK = `heat_template_version: 2021-04-16
resources:
  Data:
    type: Heatstack::Docker::Volume
  Back:
    type: Heatstack::Docker::Network
  Db:
    type: DockerInc::Docker::Container
    properties:
      image: ${TEST_IMAGES.busybox}
      cmd: [sh, -c, 'trap "exit 0" TERM; sleep 3600 & wait']
      mounts: [{ volume: { get_resource: Data }, path: /data }]
      networks: [{ network: { get_resource: Back } }]
`;

/** A stack with nothing in Docker: its one resource the engine runs itself. */
const SECRET_ONLY = 'heat_template_version: 2021-04-16\nresources:\n  Word:\n    type: OS::Heat::RandomString\n';

function templateFile(name: string, text: string): string {
  const file = join(scratch, name);
  writeFileSync(file, text);
  return file;
}

const stackFile = () => templateFile('stack.yaml', STACK);

/** What Docker holds under the stack's name: each object's id (and a container's state), to tell it is untouched. */
async function dockerState(stack: string): Promise<{ containers: string[]; networks: string[]; volumes: string[] }> {
  const { containers, networks, volumes } = await dockerObjectLists(stack);
  return {
    containers: containers.map((x) => `${x.Id} ${x.State}`).sort(),
    networks: networks.map((x) => x.Id).sort(),
    volumes: volumes.map((x) => x.Name).sort(),
  };
}

/** A new stack deployed from the first directory, and what Docker then holds of it. */
async function deployedInA(
  prefix: string,
): Promise<{ stack: string; before: Awaited<ReturnType<typeof dockerState>> }> {
  const stack = uniqueStack(prefix);
  stacks.push(stack);
  expect((await deployFile(stackFile(), stack, dirA)).ok).toBe(true);
  return { stack, before: await dockerState(stack) };
}

/** The first stack is as its deploy left it: the same objects, and deploying it again changes nothing. */
async function expectUntouched(stack: string, before: Awaited<ReturnType<typeof dockerState>>): Promise<void> {
  expect(await dockerState(stack)).toEqual(before);
  expect(await deployFile(stackFile(), stack, dirA)).toMatchObject({ ok: true, unchanged: true });
}

function recordOf(dir: string, stack: string): { id: string; status: string } {
  return JSON.parse(readFileSync(join(dir, `${stack}.json`), 'utf8')) as { id: string; status: string };
}

describeDocker('one stack name in two state directories', () => {
  beforeAll(async () => {
    await ensureTestImages();
    dirA = tempStateDir();
    dirB = tempStateDir();
    scratch = tempStateDir();
  }, 120_000);
  afterAll(async () => {
    for (const s of stacks) {
      for (const dir of [dirA, dirB])
        await destroyStack(s, { ...session(dir), deleteRetained: true }).catch(() => undefined);
      // Whatever a failing assertion left: these names are this suite's own.
      await removeStackObjects(s).catch(() => undefined);
    }
    for (const dir of [dirA, dirB, scratch]) rmSync(dir, { recursive: true, force: true });
  }, 180_000);

  test('a deploy in the second directory is refused, naming the first, and changes nothing', async () => {
    const { stack, before } = await deployedInA('id-refused');
    expect(before.containers).toHaveLength(1);

    const deploy = deployFile(stackFile(), stack, dirB);

    await expect(deploy).rejects.toThrow(
      `Docker holds 3 object(s) of the stack ${stack} recorded in the state directory ${resolve(dirA)} ` +
        `(stack id ${recordOf(dirA, stack).id}), not of the stack ${stack} of this state directory (${resolve(dirB)}); ` +
        'nothing was changed',
    );
    await expect(deploy).rejects.toThrow(`HEATSTACK_STATE_DIR=${resolve(dirA)} heatstack destroy --stack ${stack}`);
    expect(existsSync(join(dirB, `${stack}.json`))).toBe(false);
    await expectUntouched(stack, before);
  }, 180_000);

  test('a destroy in the second directory, which records no such stack, leaves the first stack whole', async () => {
    const { stack, before } = await deployedInA('id-destroy');

    const result = await destroyStack(stack, { ...session(dirB), deleteRetained: true });

    expect(result.ok).toBe(true);
    expect(result.record.statusReason).toContain(`stack ${stack} does not exist (nothing to destroy)`);
    expect(result.record.statusReason).toContain(
      `3 object(s) under the name ${stack} belong to the stack ${stack} recorded in the state directory ` +
        `${resolve(dirA)} (stack id ${recordOf(dirA, stack).id}) and were left`,
    );
    await expectUntouched(stack, before);
  }, 180_000);

  test('a stack of that name recorded in the second directory is deployed and destroyed beside the first', async () => {
    const { stack, before } = await deployedInA('id-beside');
    // GIVEN a stack of the same name in the second directory that puts nothing in Docker (so it is not refused)
    expect((await deployFile(templateFile('secret-only.yaml', SECRET_ONLY), stack, dirB)).ok).toBe(true);

    // `ps` there shows none of the first stack's containers as its own unrecorded ones
    const ps = await spawnCli(['ps', '--stack', stack], dirB).done;
    expect(ps).toMatchObject({ code: 0, stdout: 'No containers.\n' });

    // WHEN it is destroyed: its record's resources, then whatever its handlers hold under the name
    const result = await destroyStack(stack, { ...session(dirB), deleteRetained: true });

    // THEN the first stack's objects are not its leftovers
    expect(result.ok).toBe(true);
    expect(existsSync(join(dirB, `${stack}.json`))).toBe(false);
    await expectUntouched(stack, before);
  }, 180_000);

  test('`ps` in the second directory, which records no such stack, says where the stack is', async () => {
    const { stack } = await deployedInA('id-ps');

    const ps = await spawnCli(['ps', '--stack', stack], dirB).done;

    expect(ps.code).toBe(1);
    expect(ps.stderr).toContain(
      `Docker holds 1 container of the stack ${stack} recorded in the state directory ${resolve(dirA)} ` +
        `(stack id ${recordOf(dirA, stack).id}): HEATSTACK_STATE_DIR=${resolve(dirA)} heatstack ps --stack ${stack} ` +
        'shows them',
    );
  }, 180_000);

  test('every object a deploy creates carries its record id and state directory', async () => {
    const { stack } = await deployedInA('id-labels');
    const { containers, networks, volumes } = await dockerObjectLists(stack);
    const labelled = [...containers, ...networks, ...volumes].map((o) => o.Labels ?? {});
    // The container, the declared network, the stack's network and the volume.
    expect(labelled).toHaveLength(4);
    for (const labels of labelled) {
      expect(labels[LABELS.stackId]).toBe(recordOf(dirA, stack).id);
      expect(labels[LABELS.stateDir]).toBe(resolve(dirA));
    }
  }, 180_000);

  test('with the first record lost, a destroy anywhere removes what it left (the label-only cleanup)', async () => {
    const { stack } = await deployedInA('id-lost');
    rmSync(join(dirA, `${stack}.json`));

    const result = await destroyStack(stack, session(dirB));

    expect(result.failure).toBeUndefined();
    // The volume is kept by its DeletionPolicy, as any destroy keeps it.
    expect(result.retained?.map((r) => r.resource)).toEqual(['Data']);
    const left = await dockerState(stack);
    expect(left).toMatchObject({ containers: [], networks: [] });
    expect(left.volumes).toHaveLength(1);
  }, 180_000);

  test('objects made before the id label existed count as the stack’s own', async () => {
    const stack = uniqueStack('id-legacy');
    stacks.push(stack);
    const docker = await testDocker();
    // GIVEN a container labelled as an older heatstack labelled them: the stack's name, no id
    const legacy = await docker.createContainer({
      Image: TEST_IMAGES.busybox,
      Cmd: ['sleep', '3600'],
      Labels: { [LABELS.stack]: stack, [LABELS.resource]: 'Old', [LABELS.configHash]: 'old' },
    });
    await legacy.start();

    // WHEN the stack is deployed from a directory that has no record of it: not refused
    const deployed = await deployFile(stackFile(), stack, dirB);

    // THEN the old container, which no resource holds, was the stack's leftover and went
    expect(deployed.ok).toBe(true);
    await expect(legacy.inspect()).rejects.toThrow(/no such container/i);
  }, 180_000);

  test('the CLI refuses such a deploy with exit 1 and one clear line', async () => {
    const { stack, before } = await deployedInA('id-cli');

    const run = await spawnCli(['deploy', stackFile(), '--stack', stack], dirB).done;

    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`heatstack: stack ${stack}: Docker holds 3 object(s) of the stack ${stack}`);
    expect(run.stderr).toContain('or choose another stack name');
    expect(run.stderr).not.toContain('internal error');
    expect(run.stderr).not.toMatch(/^\s+at /m);
    await expectUntouched(stack, before);
  }, 180_000);
});
