import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { stackNetworkName } from '../../../src/deploy/docker/network.js';
import { destroyStack } from '../../../src/deploy/engine/stack-engine.js';
import { StateStore } from '../../../src/deploy/state/store.js';
import { describeDocker } from '../../support/docker.js';
import { ensureTestImages } from '../../support/images.js';
import { ROOT, spawnCli, tempStateDir, uniqueStack } from '../support/e2e.js';
import { ensureSwarm, NOTHING_LEFT, swarmObjectsOf, swarmSession } from './swarm-support.js';

const SEED = join(ROOT, 'test/fixtures/seed/wordpress_mysql.yml');

describeDocker("the seed's own template on a one-node swarm, through the CLI", () => {
  const stack = uniqueStack('swarm-seed-cli');
  const stateDir = tempStateDir();
  let deployed: { code: number | null; stdout: string; stderr: string };

  beforeAll(async () => {
    await Promise.all([ensureTestImages(), ensureSwarm()]);
    deployed = await spawnCli(['deploy', SEED, '--stack', stack, '--target', 'swarm'], stateDir).done;
  }, 180_000);

  afterAll(async () => {
    await destroyStack(stack, swarmSession(stateDir)).catch(() => undefined);
    rmSync(stateDir, { recursive: true, force: true });
  }, 120_000);

  test('deploys unchanged; BlogURL names the Blog on the overlay network, and the deploy says how to open it', async () => {
    expect(deployed.code).toBe(0);
    const url = (await new StateStore(stateDir).load(stack))?.outputs.BlogURL?.value as string;
    const address = /^http:\/\/(10\.\d+\.\d+\.\d+):80\/$/.exec(url)?.[1];
    expect(address).toBeDefined();
    expect(deployed.stdout).toContain(`BlogURL = ${url}`);
    expect(deployed.stderr).toContain(
      [
        `heatstack: note: output BlogURL names Blog at ${address}, its virtual IP on the stack's overlay network, which this host cannot reach (docs/swarm.md, "Reaching a service from the host"):`,
        '  publish it: give Blog port_bindings: {"80": "<host port>"}, then open port <host port> of 127.0.0.1 (Swarm publishes on every address of the node)',
        `  or reach it from a container on the stack's network: docker run --rm --network ${stackNetworkName(stack)} busybox wget -qO- '${url}'`,
      ].join('\n'),
    );
  });

  test("BlogURL's address is the Blog's virtual IP, as `ps` shows it; no port is published that the seed did not ask for", async () => {
    const url = (await new StateStore(stateDir).load(stack))?.outputs.BlogURL?.value as string;
    const { stdout, code } = await spawnCli(['ps', '--stack', stack, '--json'], stateDir).done;
    expect(code).toBe(0);
    const shown = JSON.parse(stdout) as { resources: { resource: string; address: string; ports: unknown[] }[] };
    const blog = shown.resources.find((r) => r.resource === 'Blog');
    expect(url).toBe(`http://${blog?.address}:80/`);
    // Nothing is published: the seed asks for no port, and heatstack publishes none it was not asked for.
    expect(blog?.ports).toEqual([]);
  }, 60_000);

  test('destroy through the CLI leaves no service, network, secret, volume or container', async () => {
    const destroyed = await spawnCli(['destroy', '--stack', stack], stateDir).done;
    expect(destroyed.code).toBe(0);
    expect(await swarmObjectsOf(stack)).toEqual(NOTHING_LEFT);
  }, 120_000);
});
