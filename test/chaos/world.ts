/**
 * The place chaos trials run in: a scratch folder, a state directory, the two templates, the Engine API fault
 * proxy in front of the daemon heatstack would use (`DOCKER_HOST`, else /var/run/docker.sock), and a private dockerd
 * for the trials that restart one (started when the first needs it).
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEndpoint } from '../../src/deploy/docker/connection.js';
import { testDocker } from '../support/docker.js';
import { ensureTestImages, TEST_IMAGES } from '../support/images.js';
import { type PrivateDockerd, startPrivateDockerd } from '../support/private-dockerd.js';
import { seededRandom } from '../support/seeded-random.js';
import { startFaultProxy } from './fault-proxy.js';
import { writeChaosTemplate } from './stack.js';
import type { ChaosWorld } from './trials.js';

export async function openWorld(
  seed: number,
  bigSize = 20,
  smallSize = 4,
): Promise<ChaosWorld & { close(): Promise<void> }> {
  await ensureTestImages();
  const endpoint = parseEndpoint(undefined);
  if (endpoint.kind !== 'socket')
    throw new Error(`the chaos suite needs a daemon on a unix socket, not ${endpoint.key}`);
  const dir = mkdtempSync(join(tmpdir(), 'heatstack-chaos-'));
  const stateDir = join(dir, 'state');
  let proxies = 0;
  let privateDaemon: Promise<PrivateDockerd> | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  return {
    dir,
    stateDir,
    bigFile: writeChaosTemplate(dir, bigSize),
    bigSize,
    smallFile: writeChaosTemplate(dir, smallSize),
    smallSize,
    openProxy: () => startFaultProxy(join(dir, `proxy-${++proxies}.sock`), endpoint.socketPath),
    random: seededRandom(seed),
    withPrivateDaemon<T>(work: (daemon: PrivateDockerd) => Promise<T>): Promise<T> {
      // Addresses of this run's own: two chaos runs at once must not give their daemons the same routes.
      const n = 100 + (process.pid % 100);
      privateDaemon ??= testDocker().then((from) =>
        startPrivateDockerd({
          name: 'chaos',
          bridgeAddress: `10.254.${n}.1/24`,
          addressPool: `base=10.${n}.0.0/16,size=24`,
          images: [TEST_IMAGES.busybox],
          from,
        }),
      );
      const daemon = privateDaemon;
      const run = queue.then(async () => work(await daemon));
      queue = run.catch(() => undefined);
      return run;
    },
    async close() {
      const daemon = await privateDaemon?.catch(() => undefined);
      await daemon?.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
