import { createServer } from 'node:net';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { destroyStack } from '../../src/deploy/engine/stack-engine.js';
import { LABELS } from '../../src/deploy/handler.js';
import type { StackEvent } from '../../src/deploy/status.js';
import { httpGet } from '../deploy/docker/docker-helpers.js';
import { deployFile, dockerObjectsOf, type E2eWorkspace, e2eWorkspace, ROOT, session } from '../deploy/support/e2e.js';
import { describeDocker, testDocker } from '../support/docker.js';
import { TEST_IMAGES } from '../support/images.js';

const APP = join(ROOT, 'examples/web-cluster.ts');
let ws: E2eWorkspace;

/** A port nothing listens on now (the kernel's pick), for the proxy's host port. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

describeDocker('examples/web-cluster.ts deployed', () => {
  ws = e2eWorkspace('web-cluster');

  test('builds its image, starts three healthy replicas, and the proxy on 127.0.0.1 answers from each', async () => {
    const stack = ws.newStack('wc');
    const port = await freePort();
    // The test base image stands in for busybox:1.36 (no registry here); the build uses it as it is.
    const parameters = { BaseImage: TEST_IMAGES.busybox, ProxyPort: String(port) };
    const events: StackEvent[] = [];
    const result = await deployFile(APP, stack, ws.stateDir, events, parameters);
    expect(result.record.status).toBe('CREATE_COMPLETE');

    // The proxy was created after every replica was healthy.
    const docker = await testDocker();
    const inspect = (r: string) => docker.getContainer(result.record.resources[r]?.physicalId ?? '').inspect();
    const proxy = await inspect('Proxy');
    for (const r of ['Web1', 'Web2', 'Web3']) {
      const replica = await inspect(r);
      expect(replica.State.Health?.Status).toBe('healthy');
      const healthy = replica.State.Health?.Log.find((p) => p.ExitCode === 0)?.End ?? '';
      expect(Date.parse(proxy.Created)).toBeGreaterThanOrEqual(Date.parse(healthy));
    }

    const answers = new Set<string>();
    for (let i = 0; i < 6; i++) {
      const { status, body } = await httpGet(`http://127.0.0.1:${port}/`);
      expect(status).toBe(200);
      answers.add(body.trim());
    }
    expect([...answers].sort()).toEqual(['web-cluster replica 1', 'web-cluster replica 2', 'web-cluster replica 3']);

    // Deployed again with its directory unchanged: nothing is built, nothing changes.
    const again: StackEvent[] = [];
    const second = await deployFile(APP, stack, ws.stateDir, again, parameters);
    expect(second.record.status).toBe('UPDATE_COMPLETE');
    expect(again.filter((e) => e.resource !== undefined)).toEqual([]);

    await destroyStack(stack, session(ws.stateDir));
    expect(await dockerObjectsOf(stack)).toEqual({ containers: 0, networks: 0, volumes: 0 });
    const images = await docker.listImages({ filters: JSON.stringify({ label: [`${LABELS.stack}=${stack}`] }) });
    expect(images).toEqual([]);
  });
});
