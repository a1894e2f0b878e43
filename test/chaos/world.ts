/**
 * The place chaos trials run in: a scratch folder, a state directory, the two templates, and the Engine API fault
 * proxy in front of the daemon heatstack would use (`DOCKER_HOST`, else /var/run/docker.sock).
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEndpoint } from '../../src/deploy/docker/connection.js';
import { ensureTestImages } from '../support/images.js';
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
  return {
    dir,
    stateDir,
    bigFile: writeChaosTemplate(dir, bigSize),
    bigSize,
    smallFile: writeChaosTemplate(dir, smallSize),
    smallSize,
    openProxy: () => startFaultProxy(join(dir, `proxy-${++proxies}.sock`), endpoint.socketPath),
    random: seededRandom(seed),
    async close() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
