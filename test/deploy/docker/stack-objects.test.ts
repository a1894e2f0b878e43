import type Docker from 'dockerode';
import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  createDockerContainerHandler,
  findStackObjects,
  removeStackObjects,
  stackNetworkName,
} from '../../../src/deploy/docker/index.js';
import { createDockerBackend } from '../../../src/deploy/docker-backend.js';
import { LABELS } from '../../../src/deploy/handler.js';
import { describeDocker, testDocker, uniqueStack } from '../../support/docker.js';
import { ensureTestImages, TEST_IMAGES } from '../../support/images.js';
import { createRequest } from './requests.js';

/** Docker is the ground truth: what carries a stack's label is the stack's, whatever a local record says. */
describeDocker('a stack’s Docker objects', () => {
  const handler = createDockerContainerHandler();
  const [s, other] = [uniqueStack('objs'), uniqueStack('other')];
  let docker: Docker;

  beforeAll(async () => {
    await ensureTestImages();
    docker = await testDocker();
  });
  afterAll(async () => {
    await Promise.all([removeStackObjects(s), removeStackObjects(other)]);
  });

  test('are found by label, and removed all at once leaving the other stacks alone', async () => {
    // GIVEN two containers of one stack (one stopped), a labelled volume, and a container of another stack
    const sleeper = (id: string, stack = s) =>
      handler.create(createRequest(stack, id, { image: TEST_IMAGES.busybox, cmd: ['sleep', '3600'] }));
    const [a] = await Promise.all([sleeper('A'), sleeper('B'), sleeper('Elsewhere', other)]);
    await docker.getContainer(a.physicalId).kill();
    const volume = `${s}-data`;
    await docker.createVolume({ Name: volume, Labels: { [LABELS.stack]: s } });
    // WHEN they are looked for
    const found = await findStackObjects(s);
    // THEN every object of the stack is there, and nothing of the other
    expect(found.containers.map((c) => c.logicalId).sort()).toEqual(['A', 'B']);
    expect(found.containers.find((c) => c.logicalId === 'A')?.state).toBe('exited');
    expect(found.networks.map((n) => n.name)).toEqual([stackNetworkName(s)]);
    expect(found.volumes.map((v) => v.name)).toEqual([volume]);
    // WHEN they are removed
    const removed = await removeStackObjects(s);
    // THEN nothing of the stack is left, and the other stack is untouched
    expect(removed.containers).toHaveLength(2);
    expect(await findStackObjects(s)).toEqual({ containers: [], networks: [], volumes: [] });
    expect((await findStackObjects(other)).containers.map((c) => c.logicalId)).toEqual(['Elsewhere']);
  });

  test('of one deploy run are removed alone, the rest of the stack and its network kept', async () => {
    // GIVEN a container from an earlier run, and two from the run being rolled back
    const run = (id: string, deployId: string) =>
      handler.create(createRequest(s, id, { image: TEST_IMAGES.busybox, cmd: ['sleep', '3600'] }, { deployId }));
    await run('Kept', 'run-1');
    await Promise.all([run('New1', 'run-2'), run('New2', 'run-2')]);
    // WHEN the second run's objects are removed
    const removed = await removeStackObjects(s, undefined, { deployId: 'run-2' });
    // THEN only they are gone
    expect(removed.containers.map((c) => c.logicalId).sort()).toEqual(['New1', 'New2']);
    const left = await findStackObjects(s);
    expect(left.containers.map((c) => [c.logicalId, c.deployId, c.configHash])).toEqual([
      ['Kept', 'run-1', 'hash-Kept'],
    ]);
    expect(left.networks.map((n) => n.name)).toEqual([stackNetworkName(s)]);
    await removeStackObjects(s);
  });

  test('are removed without complaint when some are already gone', async () => {
    await handler.create(createRequest(s, 'Again', { image: TEST_IMAGES.busybox, cmd: ['sleep', '3600'] }));
    await Promise.all([removeStackObjects(s), removeStackObjects(s)]);
    expect(await findStackObjects(s)).toEqual({ containers: [], networks: [], volumes: [] });
  });

  test('left over after a run are swept without a network or volume a resource of the stack declares', async () => {
    // GIVEN a container, the stack's network, and a network and a volume labelled with a resource of the stack (as a
    // declared network's or volume's handler labels its objects)
    await handler.create(createRequest(s, 'Left', { image: TEST_IMAGES.busybox, cmd: ['sleep', '3600'] }));
    const declared = { [LABELS.stack]: s, [LABELS.resource]: 'Net' };
    const net = await docker.createNetwork({ Name: `${s}-declared`, Labels: declared });
    await docker.createVolume({ Name: `${s}-declared`, Labels: { ...declared, [LABELS.resource]: 'Data' } });
    // WHEN the engine's cleanup of leftovers runs, keeping what the stack's record holds (as the engine does)
    const held = new Set([net.id, `${s}-declared`]);
    const removed = await createDockerBackend().removeLeftovers({ name: s }, [], undefined, held);
    // THEN the container and the stack's network went; the declared objects are their own handlers' to remove
    expect(removed).toBe(2);
    const left = await findStackObjects(s);
    expect(left.containers).toEqual([]);
    expect(left.networks.map((n) => n.name)).toEqual([`${s}-declared`]);
    expect(left.volumes.map((v) => v.name)).toEqual([`${s}-declared`]);
    // AND removing the whole stack by its label (what a test's cleanup does) takes them too
    await removeStackObjects(s);
    expect(await findStackObjects(s)).toEqual({ containers: [], networks: [], volumes: [] });
  });
});
