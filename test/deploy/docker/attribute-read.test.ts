import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { parseEndpoint } from '../../../src/deploy/docker/connection.js';
import { createDockerContainerHandler } from '../../../src/deploy/docker/index.js';
import type { ExistingResource } from '../../../src/deploy/handler.js';
import { type Fault, type FaultProxy, type OperationKind, startFaultProxy } from '../../chaos/fault-proxy.js';
import { describeDocker } from '../../support/docker.js';
import { TEST_IMAGES } from '../../support/images.js';
import { handlerSuite } from './docker-helpers.js';
import { createRequest, existing } from './requests.js';

// Reading an attribute (an output, a value a resource reads) through an Engine API that fails one call: the read is
// made again, so one transient fault does not end as an error where the value was.
describeDocker('reading a container attribute when the Engine API fails once', () => {
  const suite = handlerSuite();
  let proxy: FaultProxy;
  let server: ExistingResource;
  let ip: string;
  beforeAll(async () => {
    const handler = createDockerContainerHandler();
    const request = createRequest(suite.stack('attr'), 'Server', {
      image: TEST_IMAGES.busybox,
      cmd: ['sh', '-c', 'echo ready; trap "exit 0" TERM; sleep 3600 & wait'],
    });
    server = existing(request, (await handler.create(request)).physicalId);
    ip = String(await handler.attribute(server, 'network_ip'));
    const daemon = parseEndpoint(undefined);
    if (daemon.kind !== 'socket') throw new Error(`this test needs a daemon on a unix socket, not ${daemon.key}`);
    proxy = await startFaultProxy(join(tmpdir(), `hs-attr-${randomBytes(4).toString('hex')}.sock`), daemon.socketPath);
  });
  afterAll(async () => {
    await proxy?.close();
  });

  /** The resource as read through the proxy, by a handler that has read nothing yet (nothing cached). */
  const throughProxy = (): ExistingResource => ({
    ...server,
    properties: { ...server.properties, docker_endpoint: `unix://${proxy.socketPath}` },
  });

  test.each<[string, OperationKind, Fault, string]>([
    ['network_ip', 'inspect', '500', 'ip'],
    ['network_ip', 'inspect', 'reset', 'ip'],
    ['network_ip', 'inspect', '404', 'ip'],
    ['logs_head', 'logs', '500', 'ready'],
    ['logs_head', 'logs', 'reset', 'ready'],
  ])('%s, its first %s answered with %s, is read again', async (attribute, kind, fault, want) => {
    proxy.arm({ kind, nth: 1, fault });
    const value = await createDockerContainerHandler().attribute(throughProxy(), attribute);
    expect(proxy.fired()).toBe(true);
    expect(value).toBe(want === 'ip' ? ip : want);
  });

  test('a container that is really gone is still reported gone', async () => {
    proxy.arm(undefined);
    const gone = { ...throughProxy(), physicalId: 'f'.repeat(64) };
    await expect(createDockerContainerHandler().attribute(gone, 'network_ip')).rejects.toThrow(
      `Resources.Server: its container ${'f'.repeat(64)} is gone; deploy the stack again`,
    );
  });
});
