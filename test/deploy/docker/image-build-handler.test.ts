import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { afterAll, expect, test } from 'vitest';
import { readContextProperties } from '../../../src/deploy/docker/build-context.js';
import { createHandler, imageTag } from '../../../src/deploy/docker/image-build-handler.js';
import { createDockerContainerHandler } from '../../../src/deploy/docker/index.js';
import { type CreateRequest, InterruptedError, LABELS } from '../../../src/deploy/handler.js';
import { describeDocker } from '../../support/docker.js';
import { TEST_IMAGES } from '../../support/images.js';
import { handlerSuite } from './docker-helpers.js';
import { createRequest } from './requests.js';

const TYPE = 'Heatstack::Docker::Image';
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A context directory whose Dockerfile builds `FROM` the local test busybox (never pulled). */
function context(dockerfileBody: string, files: Record<string, string> = { 'www/index.html': 'hello\n' }): string {
  const dir = mkdtempSync(join(tmpdir(), 'hs-image-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'Dockerfile'), `FROM ${TEST_IMAGES.busybox}\n${dockerfileBody}`);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

/** A create request as the engine makes it: the context read before the deploy, defaults applied. */
async function imageRequest(
  stack: string,
  dir: string,
  extra: Record<string, unknown> = {},
  request: Partial<CreateRequest> = {},
): Promise<CreateRequest> {
  // The test builds need no network: their RUN steps run with none (the daemon's default bridge is not needed).
  const properties = await readContextProperties(
    { context: dir, network: 'none', ...extra },
    '/',
    'Resources.Web.Properties',
  );
  return {
    stack,
    logicalId: 'Web',
    type: TYPE,
    properties: { dockerfile: 'Dockerfile', build_args: {}, labels: {}, ...properties },
    configHash: 'hash-web',
    deployId: `deploy-${stack}`,
    ...request,
  };
}

/** Image ids on the daemon (every layer). */
async function allImageIds(docker: Docker): Promise<Set<string>> {
  return new Set((await docker.listImages({ all: true })).map((i) => i.Id));
}

/** The images (layers included) whose making command holds `marker`. */
async function imagesMadeBy(docker: Docker, marker: string): Promise<string[]> {
  const made: string[] = [];
  for (const image of await docker.listImages({ all: true })) {
    const info = await docker
      .getImage(image.Id)
      .inspect()
      .catch(() => undefined);
    if ((info?.ContainerConfig?.Cmd ?? []).join(' ').includes(marker)) made.push(image.Id);
  }
  return made;
}

/** Resolves once a running container's command holds `marker` (a build step's). */
async function waitForContainer(docker: Docker, marker: string): Promise<void> {
  for (;;) {
    const running = await docker.listContainers();
    if (running.some((c) => c.Command.includes(marker))) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describeDocker('the Docker image handler (Heatstack::Docker::Image)', () => {
  const handler = createHandler([TYPE]);
  const stacks: string[] = [];
  // Whatever a test builds is the stack's: the suite's cleanup removes its containers, then this sweep its images
  // (registered first, this hook runs last: an image a container still uses cannot be removed).
  afterAll(async () => {
    for (const s of stacks) await handler.sweep({ name: s }, []);
  });
  const suite = handlerSuite();
  const stack = (prefix: string) => {
    const s = suite.stack(prefix);
    stacks.push(s);
    return s;
  };

  test('builds from the context as a tar, FROM a local base image without pulling it, tagged and labelled', async () => {
    const s = stack('build');
    const dir = context('COPY www /www\nARG GREETING\nRUN echo "$GREETING" > /greeting\n');
    const docker = suite.docker();
    const progress: string[] = [];
    const since = Math.floor(Date.now() / 1000) - 1;
    const request = await imageRequest(
      s,
      dir,
      { build_args: { GREETING: 'hi-4711' }, labels: { team: 'web' } },
      { progress: (m) => progress.push(m) },
    );
    const { physicalId } = await handler.create(request);
    expect(physicalId).toBe(imageTag(s, 'Web', request.properties));
    expect(physicalId).toMatch(
      new RegExp(`^heatstack/${s.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-web:[0-9a-f]{16}$`),
    );
    const info = await docker.getImage(physicalId).inspect();
    expect(info.Config.Labels).toMatchObject({
      team: 'web',
      [LABELS.stack]: s,
      [LABELS.resource]: 'Web',
      [LABELS.configHash]: 'hash-web',
      [LABELS.deployId]: `deploy-${s}`,
    });
    expect(await handler.attribute({ ...request, physicalId }, 'image_id')).toBe(info.Id);
    expect(await handler.attribute({ ...request, physicalId }, 'tag')).toBe(physicalId);
    expect(progress.some((m) => /^build: Step 1\/\d+ : FROM heatstack-test\/busybox/.test(m))).toBe(true);
    // No pull was even tried: the daemon's events since the build name none.
    const until = Math.floor(Date.now() / 1000) + 1;
    const events = await docker.getEvents({
      since,
      until,
      filters: JSON.stringify({ type: ['image'], event: ['pull'] }),
    });
    const text = await new Promise<string>((resolve) => {
      let all = '';
      events.on('data', (chunk: Buffer) => {
        all += chunk.toString();
      });
      events.on('end', () => resolve(all));
    });
    expect(text).toBe('');
  });

  test('an image of the same context and settings is not built again', async () => {
    const s = stack('cached');
    const dir = context('COPY www /www\n');
    const first = await handler.create(await imageRequest(s, dir));
    const progress: string[] = [];
    const again = await handler.create(await imageRequest(s, dir, {}, { progress: (m) => progress.push(m) }));
    expect(again.physicalId).toBe(first.physicalId);
    expect(progress).toEqual([`${first.physicalId} is built already: no build`]);
    writeFileSync(join(dir, 'www/index.html'), 'changed\n');
    const changed = await handler.create(await imageRequest(s, dir));
    expect(changed.physicalId).not.toBe(first.physicalId);
  });

  test('a container runs the built image even under the pull policy always (a built image is never pulled)', async () => {
    const s = stack('always');
    const { physicalId } = await handler.create(await imageRequest(s, context('COPY www /www\n')));
    const containers = createDockerContainerHandler({ pullPolicy: 'always' });
    const progress: string[] = [];
    const created = await containers.create(
      createRequest(
        s,
        'Server',
        { image: physicalId, cmd: ['sh', '-c', 'trap "exit 0" TERM; sleep 3600 & wait'] },
        {
          progress: (m) => progress.push(m),
        },
      ),
    );
    expect((await suite.docker().getContainer(created.physicalId).inspect()).Config.Image).toBe(physicalId);
    expect(progress.filter((m) => m.startsWith('pulling'))).toEqual([]);
  });

  test('a failed build is an error with the builder’s last lines, and leaves no layer behind', async () => {
    const s = stack('fails');
    const dir = context('COPY www /www\nRUN echo build-broke-4711 && exit 3\n');
    const docker = suite.docker();
    const before = await allImageIds(docker);
    const failure = await handler.create(await imageRequest(s, dir)).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(failure?.message).toMatch(
      /^Resources\.Web: the image build failed: The command .* returned a non-zero code: 3/,
    );
    expect(failure?.message).toContain("the builder's last lines:\n");
    expect(failure?.message).toContain('build-broke-4711');
    const added = [...(await allImageIds(docker))].filter((id) => !before.has(id));
    expect(added).toEqual([]);
    const containers = await docker.listContainers({
      all: true,
      filters: JSON.stringify({ ancestor: [TEST_IMAGES.busybox] }),
    });
    expect(containers.filter((c) => c.Command.includes('build-broke-4711'))).toEqual([]);
  });

  test('a build interrupted (Ctrl-C) while a step runs leaves none of its layers behind, nor its build container', async () => {
    // GIVEN a build whose every step's command carries a marker, interrupted while its last step sleeps
    const s = stack('interrupted');
    const marker = `marker-${s}`;
    const dir = context(`RUN echo ${marker} > /a\nRUN echo ${marker} > /b\nRUN echo ${marker} sleeps && sleep 120\n`);
    const docker = suite.docker();
    const controller = new AbortController();
    const request = await imageRequest(s, dir, {}, { signal: controller.signal });
    // WHEN interrupted once the last step's container runs
    const progress = (m: string) => {
      if (/^build: Step 4\/\d+ : RUN/.test(m))
        void waitForContainer(docker, `${marker} sleeps`).then(() => controller.abort());
    };
    const create = handler.create({ ...request, progress });
    await expect(create).rejects.toBeInstanceOf(InterruptedError);
    // THEN nothing made from its steps is left: no layer (told by the command that made it), no container
    expect(await imagesMadeBy(docker, marker)).toEqual([]);
    const containers = await docker.listContainers({ all: true });
    expect(containers.filter((c) => c.Command.includes(marker))).toEqual([]);
  }, 60_000);

  test('observe reports the stack’s images; delete removes the image and its layers; sweep removes the rest', async () => {
    const s = stack('life');
    const docker = suite.docker();
    const before = await allImageIds(docker);
    const one = await handler.create(await imageRequest(s, context('COPY www /www\n')));
    const two = await handler.create({
      ...(await imageRequest(s, context('COPY www /w2\n'))),
      logicalId: 'Other',
      deployId: 'run-2',
    });
    const observed = await handler.observe(s, []);
    expect(observed.objects.map((o) => [o.logicalId, o.physicalId, o.type]).sort()).toEqual(
      [
        ['Other', two.physicalId, TYPE],
        ['Web', one.physicalId, TYPE],
      ].sort(),
    );
    await handler.delete({ stack: s, logicalId: 'Web', type: TYPE, physicalId: one.physicalId, properties: {} });
    await handler.delete({ stack: s, logicalId: 'Web', type: TYPE, physicalId: one.physicalId, properties: {} });
    expect(await handler.sweep({ name: s }, [], 'another-run')).toBe(0);
    expect(await handler.sweep({ name: s }, [], 'run-2')).toBe(1);
    expect((await handler.observe(s, [])).objects).toEqual([]);
    expect([...(await allImageIds(docker))].filter((id) => !before.has(id))).toEqual([]);
  });

  test('an image carries its record’s id and state directory; the stack’s sweep leaves another record’s', async () => {
    const s = stack('owner');
    const owner = { id: 'record-a', stateDir: '/state/a' };
    const built = await handler.create(await imageRequest(s, context('COPY www /www\n'), {}, { owner }));
    const [seen] = (await handler.observe(s, [])).objects;
    expect(seen).toMatchObject({ physicalId: built.physicalId, owner });

    // WHEN a stack of the same name recorded elsewhere sweeps its leftovers THEN this image is not one of them
    expect(await handler.sweep({ name: s, ids: new Set(['record-b']), stateDir: '/state/b' }, [])).toBe(0);
    expect(await handler.sweep({ name: s, ids: new Set(['record-a']), stateDir: '/state/a' }, [])).toBe(1);
  });
});
