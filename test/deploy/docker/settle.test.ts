import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import {
  createDockerContainerHandler,
  findStackObjects,
  removeStackObjects,
} from '../../../src/deploy/docker/index.js';
import { describeDocker, testDocker, uniqueStack } from '../../support/docker.js';
import { ensureTestImages, TEST_IMAGES } from '../../support/images.js';
import { createRequest } from './requests.js';

// When a started container counts as created: a container that dies right after it started must fail its create
// however late it runs on a loaded machine — decided by what Docker and the kernel say, never by a guessed wait.
const BUSYBOX = TEST_IMAGES.busybox;

describeDocker('a create waits until the container has settled', () => {
  const handler = createDockerContainerHandler();
  const stacks: string[] = [];
  const stack = (prefix: string): string => {
    const name = uniqueStack(prefix);
    stacks.push(name);
    return name;
  };
  beforeAll(() => ensureTestImages(), 120_000);
  afterAll(() => Promise.all(stacks.map((s) => removeStackObjects(s))), 60_000);

  /** Creates `count` containers running `cmd` at once; resolves to each create's outcome. */
  const createMany = (s: string, count: number, cmd: string[], extra: Record<string, unknown> = {}) =>
    Promise.allSettled(
      Array.from({ length: count }, (_, i) =>
        handler.create(createRequest(s, `C${i}`, { image: BUSYBOX, cmd, ...extra })),
      ),
    );
  const reasons = (outcomes: PromiseSettledResult<unknown>[]): string[] =>
    outcomes.map((o) => (o.status === 'rejected' ? String((o.reason as Error).message) : 'created'));

  test('every one of many containers that exit 1 at once, created in parallel, fails its create', async () => {
    const s = stack('exit1');
    const outcomes = await createMany(s, 24, ['sh', '-c', 'exit 1']);
    for (const reason of reasons(outcomes)) expect(reason).toMatch(/exited with code 1 right after it started/);
    expect((await findStackObjects(s)).containers).toEqual([]);
  }, 120_000);

  test('a container that computes a moment and then exits 1, never waiting on anything, fails its create', async () => {
    // Busy for tens of milliseconds before it exits: longer than any fixed settle window worth waiting on every create.
    const s = stack('busy');
    const busyThenFail = 'i=0; while [ $i -lt 20000 ]; do i=$((i+1)); done; echo gave up; exit 1';
    const outcomes = await createMany(s, 4, ['sh', '-c', busyThenFail]);
    for (const reason of reasons(outcomes))
      expect(reason).toMatch(/exited with code 1 right after it started;.*\n.*gave up/);
  }, 120_000);

  test('a container restarted by its restart policy after exiting at once fails its create', async () => {
    const s = stack('restart');
    const outcomes = await createMany(s, 4, ['sh', '-c', 'exit 2'], { restart_policy: { Name: 'always' } });
    for (const reason of reasons(outcomes))
      expect(reason).toMatch(/right after it started( and was restarted by its restart policy)?;/);
  }, 120_000);

  test('a container that keeps computing, never waiting, is created once it has been busy a while', async () => {
    const s = stack('spin');
    const impatient = createDockerContainerHandler({ busyMs: 500 });
    const request = createRequest(s, 'Spin', { image: BUSYBOX, cmd: ['sh', '-c', 'while :; do :; done'] });
    await expect(impatient.create(request)).resolves.toMatchObject({
      physicalId: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  }, 120_000);

  test('a service that Docker stops (exit 0 on SIGTERM) while its create watches it start fails the create', async () => {
    // The restart trials' defect: a daemon shutdown stops it as it settles; taken for a finished one-shot, it was
    // never started again and its readers found no address. A long settle window (its second look comes after it)
    // gives the stop time to land on a loaded machine: 15 s was lost once.
    const s = stack('stopped');
    const patient = createDockerContainerHandler({ settleMs: 45_000 });
    const service = ['sh', '-c', 'trap "exit 0" TERM; sleep 3600 & wait'];
    const creating = patient.create(createRequest(s, 'Web', { image: BUSYBOX, cmd: service }));
    const docker = await testDocker();
    let running: { id: string } | undefined;
    await vi.waitFor(
      async () => {
        running = (await findStackObjects(s)).containers.find((c) => c.state === 'running');
        expect(running).toBeDefined();
      },
      { timeout: 60_000, interval: 100 },
    );
    await docker.getContainer((running as { id: string }).id).stop({ t: 10 });
    await expect(creating).rejects.toThrow(/Web.*its container was stopped by Docker .* while it started/);
    expect((await findStackObjects(s)).containers).toEqual([]);
  }, 180_000);

  test('containers that wait for work, and a one-shot that exits 0, are created', async () => {
    const s = stack('ok');
    const waiting = await createMany(s, 8, ['sh', '-c', 'trap "exit 0" TERM; sleep 3600 & wait']);
    const oneShot = await handler.create(createRequest(s, 'Once', { image: BUSYBOX, cmd: ['true'] }));
    expect(reasons(waiting)).toEqual(Array(8).fill('created'));
    expect(oneShot.physicalId).toMatch(/^[0-9a-f]{64}$/);
  }, 120_000);
});
