import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { destroyStack } from '../../../src/deploy/engine/stack-engine.js';
import { StateStore } from '../../../src/deploy/state/store.js';
import { describeDocker } from '../../support/docker.js';
import { ensureTestImages } from '../../support/images.js';
import { httpGet } from '../docker/docker-helpers.js';
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

  test("deploys unchanged, and its BlogURL opens from the host: the Blog's address on the stack's node network", async () => {
    expect(deployed.code).toBe(0);
    const url = (await new StateStore(stateDir).load(stack))?.outputs.BlogURL?.value as string;
    expect(url).toMatch(/^http:\/\/[\d.]+:80\/$/);
    expect(deployed.stdout).toContain(`BlogURL = ${url}`);
    // Nothing to say about reaching it: it opens as it is (the note is for an address on the overlay).
    expect(deployed.stderr).not.toContain('note:');
    const page = await httpGet(url);
    expect(page.status).toBe(200);
    expect(page.body).toContain('heatstack wordpress stand-in');
  }, 60_000);

  test("the Blog reaches the Database at the Database's network_ip, which its DB_HOSTNAME was given", async () => {
    const url = (await new StateStore(stateDir).load(stack))?.outputs.BlogURL?.value as string;
    const page = await httpGet(`${url}cgi-bin/db`);
    expect(page.body.trim()).toBe('database reachable');
  }, 60_000);

  test("BlogURL's address is the Blog's address as `ps` shows it; no port is published that the seed did not ask for", async () => {
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
