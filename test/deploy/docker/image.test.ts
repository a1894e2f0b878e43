import { Readable } from 'node:stream';
import type Docker from 'dockerode';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { splitImageReference } from '../../../src/deploy/docker/image.js';
import {
  createDockerContainerHandler,
  DockerImageError,
  removeStackObjects,
} from '../../../src/deploy/docker/index.js';
import { describeDocker, testDocker, uniqueStack } from '../../support/docker.js';
import { ensureTestImages, TEST_IMAGES } from '../../support/images.js';
import { createRequest } from './requests.js';

describe('an image reference', () => {
  test('without a tag means latest, as a pull needs it spelled out', () => {
    expect(splitImageReference('samalba/mysql')).toEqual({ repository: 'samalba/mysql', tag: 'latest' });
    expect(splitImageReference('busybox:1.36')).toEqual({ repository: 'busybox', tag: '1.36' });
    expect(splitImageReference('registry:5000/team/app')).toEqual({
      repository: 'registry:5000/team/app',
      tag: 'latest',
    });
    expect(splitImageReference('registry:5000/app:2')).toEqual({ repository: 'registry:5000/app', tag: '2' });
    expect(splitImageReference('app@sha256:abc')).toEqual({ repository: 'app', tag: 'sha256:abc' });
  });
});

/** No test pulls: no registry is reachable. Where a pull would happen, the client's pull call is replaced. */
describeDocker('the pull policy', () => {
  const s = uniqueStack('pull');
  let docker: Docker;
  const missing = 'heatstack-test/never-built:nope';

  beforeAll(async () => {
    await ensureTestImages();
    docker = await testDocker();
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });
  afterAll(async () => {
    await removeStackObjects(s);
  });

  test('never: a missing image is a clear error naming it, and no pull is attempted', async () => {
    const pull = vi.spyOn(docker, 'createImage');
    const handler = createDockerContainerHandler({ pullPolicy: 'never' });
    const create = handler.create(createRequest(s, 'NoPull', { image: missing }));
    await expect(create).rejects.toThrow(DockerImageError);
    await expect(create).rejects.toThrow(
      /Resources\.NoPull: image 'heatstack-test\/never-built:nope' is not on the Docker daemon and the pull policy is 'never'/,
    );
    expect(pull).not.toHaveBeenCalled();
  });

  test('missing (the default): an image on the daemon is used without a pull, checked once per deploy', async () => {
    const pull = vi.spyOn(docker, 'createImage');
    const inspect = vi.spyOn(docker, 'getImage');
    const handler = createDockerContainerHandler();
    await Promise.all(
      ['A', 'B', 'C'].map((id) =>
        handler.create(createRequest(s, id, { image: TEST_IMAGES.busybox, cmd: ['sleep', '60'] })),
      ),
    );
    expect(pull).not.toHaveBeenCalled();
    expect(inspect).toHaveBeenCalledTimes(1);
  });

  test('missing: a missing image is pulled, with visible progress', async () => {
    // GIVEN a daemon whose pull streams progress (replaced: nothing is pulled)
    const events = [{ status: 'Pulling from heatstack-test/never-built' }, { status: 'Downloading', id: 'abc' }];
    const pull = vi
      .spyOn(docker, 'createImage')
      .mockResolvedValue(Readable.from(events.map((e) => `${JSON.stringify(e)}\n`)) as never);
    const progress: string[] = [];
    const handler = createDockerContainerHandler();
    // WHEN (the image is still missing after the "pull", so the create itself fails on it)
    await handler
      .create(createRequest(s, 'Pulled', { image: missing }, { progress: (m) => progress.push(m) }))
      .catch(() => undefined);
    // THEN
    expect(pull).toHaveBeenCalledWith({ fromImage: 'heatstack-test/never-built', tag: 'nope' });
    expect(progress).toEqual([
      'pulling heatstack-test/never-built:nope',
      'pulling heatstack-test/never-built:nope: Pulling from heatstack-test/never-built',
      'pulling heatstack-test/never-built:nope: abc Downloading',
      'pulled heatstack-test/never-built:nope',
    ]);
  });

  test('always: a pull failure is a clear error naming the image and the resource', async () => {
    const failure = { errorDetail: { message: 'pull access denied' }, error: 'pull access denied' };
    vi.spyOn(docker, 'createImage').mockResolvedValue(Readable.from([`${JSON.stringify(failure)}\n`]) as never);
    const handler = createDockerContainerHandler({ pullPolicy: 'always' });
    await expect(handler.create(createRequest(s, 'Denied', { image: TEST_IMAGES.busybox }))).rejects.toThrow(
      /Resources\.Denied: could not pull image 'heatstack-test\/busybox:latest': pull access denied/,
    );
  });
});
