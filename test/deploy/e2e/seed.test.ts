import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { decodeLogs } from '../../../src/deploy/docker/logs.js';
import { destroyStack } from '../../../src/deploy/engine/stack-engine.js';
import type { StackEvent } from '../../../src/deploy/status.js';
import { execIn, httpGet } from '../../deploy/docker/docker-helpers.js';
import { describeDocker, testDocker } from '../../support/docker.js';
import { ensureTestImages } from '../../support/images.js';
import { deployFile, dockerObjectsOf, ROOT, session, tempStateDir, uniqueStack } from '../support/e2e.js';

const SEED = join(ROOT, 'test/fixtures/seed/wordpress_mysql.yml');

describeDocker('the seed template, deployed unchanged', () => {
  const stack = uniqueStack('seed');
  const stateDir = tempStateDir();
  const events: StackEvent[] = [];
  let result: Awaited<ReturnType<typeof deployFile>>;

  beforeAll(async () => {
    await ensureTestImages();
    result = await deployFile(SEED, stack, stateDir, events);
  }, 120_000);

  afterAll(async () => {
    await destroyStack(stack, session(stateDir)).catch(() => undefined);
    rmSync(stateDir, { recursive: true, force: true });
  }, 120_000);

  test('reaches CREATE_COMPLETE, the Database before the Blog', () => {
    expect(result.failure).toBeUndefined();
    expect(result.record.status).toBe('CREATE_COMPLETE');
    const completed = events.filter((e) => e.status === 'CREATE_COMPLETE' && e.resource).map((e) => e.resource);
    expect(completed).toEqual(['Database', 'Blog']);
  });

  test("the Blog's DB_PASSWORD is exactly the Database's first output line", async () => {
    const docker = await testDocker();
    const blog = await docker.getContainer(result.record.resources.Blog?.physicalId as string).inspect();
    const logs = await docker
      .getContainer(result.record.resources.Database?.physicalId as string)
      // stdout only: Docker does not keep the order between the two streams, and the stand-in also writes to stderr
      .logs({ stdout: true, stderr: false, follow: false });
    const firstLine = decodeLogs(logs as unknown as Buffer, false).split('\n')[0];
    expect(firstLine).toMatch(/\S/);
    expect(blog.Config.Env).toContain(`DB_PASSWORD=${firstLine}`);
  });

  test('from inside the Blog container, DB_HOSTNAME:DB_PORT accepts a connection', async () => {
    const docker = await testDocker();
    const blog = docker.getContainer(result.record.resources.Blog?.physicalId as string);
    const probe = await execIn(blog, [
      'sh',
      '-c',
      'nc -w 5 "$DB_HOSTNAME" "$DB_PORT" </dev/null >/dev/null && echo open',
    ]);
    expect(probe).toEqual({ exitCode: 0, output: expect.stringContaining('open') });
    // The probe can fail: a port nothing listens on is refused.
    const closed = await execIn(blog, ['sh', '-c', 'nc -w 2 "$DB_HOSTNAME" 1 </dev/null >/dev/null && echo open']);
    expect(closed.exitCode).not.toBe(0);
  });

  test('BlogURL, fetched from the host, serves the blog', async () => {
    const url = result.record.outputs.BlogURL?.value;
    expect(url).toMatch(/^http:\/\/[\d.]+:\d+\/$/);
    const page = await httpGet(url as string);
    expect(page.status).toBe(200);
    expect(page.body).toContain('wordpress');
  });

  test('destroy leaves no container, network or volume of the stack', async () => {
    const destroyed = await destroyStack(stack, session(stateDir));
    expect(destroyed.record.status).toBe('DELETE_COMPLETE');
    expect(await dockerObjectsOf(stack)).toEqual({ containers: 0, networks: 0, volumes: 0 });
  });
});
