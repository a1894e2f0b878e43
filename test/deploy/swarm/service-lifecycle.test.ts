import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  deployStack,
  destroyStack,
  resumeStack,
  stackIdOf,
  suspendStack,
} from '../../../src/deploy/engine/stack-engine.js';
import { loadDeploySource } from '../../../src/deploy/input.js';
import type { StackEvent } from '../../../src/deploy/status.js';
import { resolveParameters } from '../../../src/template/parameter-values.js';
import { describeDocker } from '../../support/docker.js';
import { ensureTestImages } from '../../support/images.js';
import { freePort } from '../../support/ports.js';
import { httpGet } from '../docker/docker-helpers.js';
import { ROOT, spawnCli, tempStateDir, uniqueStack } from '../support/e2e.js';
import { destroyAndCount, ensureSwarm, NOTHING_LEFT, swarmObjectsOf, swarmSession } from './swarm-support.js';

const WORDPRESS = join(ROOT, 'test/fixtures/swarm/wordpress_swarm.yml');

async function deploySwarm(file: string, stack: string, stateDir: string, given: Record<string, string> = {}) {
  const source = await loadDeploySource(file, stack, given);
  const options = swarmSession(stateDir);
  const stackId = await stackIdOf(options.store, stack);
  const parameters = resolveParameters(source.template, given, { stackName: stack, stackId });
  return deployStack(
    { stackName: stack, stackId, template: source.template, parameters, hiddenParameters: source.hiddenParameters },
    options,
  );
}

describeDocker('the seed template on a one-node swarm (deploy --target swarm)', () => {
  const stack = uniqueStack('swarm-seed');
  const stateDir = tempStateDir();
  const events: StackEvent[] = [];
  let port: number;
  let result: Awaited<ReturnType<typeof deploySwarm>>;

  beforeAll(async () => {
    await Promise.all([ensureTestImages(), ensureSwarm()]);
    port = await freePort();
    result = await deploySwarm(WORDPRESS, stack, stateDir, { BlogPort: String(port) });
  }, 180_000);

  afterAll(async () => {
    await destroyStack(stack, swarmSession(stateDir, events)).catch(() => undefined);
    rmSync(stateDir, { recursive: true, force: true });
  }, 120_000);

  test('reaches CREATE_COMPLETE as two services, recorded as a Swarm stack', async () => {
    expect(result.failure).toBeUndefined();
    expect(result.record.status).toBe('CREATE_COMPLETE');
    expect(result.record.target).toBe('swarm');
    // Its networks: the overlay (names by logical id) and the node network (addresses the host opens).
    expect(await swarmObjectsOf(stack)).toMatchObject({ services: 2, networks: 2, containers: 0 });
  });

  test('BlogURL answers on 127.0.0.1, and the Blog was given the Database by its service address', async () => {
    const url = result.record.outputs.BlogURL?.value as string;
    expect(url).toBe(`http://127.0.0.1:${port}/`);
    const page = await httpGet(url);
    expect(page.status).toBe(200);
    expect(page.body).toMatch(/DB_HOSTNAME=\d+\.\d+\.\d+\.\d+/);
    expect((await httpGet(`${url}cgi-bin/db`)).body.trim()).toBe('database reachable');
    // BlogAddress, the Blog's network_ip, opens from the host too (a one-node swarm: docs/swarm.md).
    expect((await httpGet(result.record.outputs.BlogAddress?.value as string)).status).toBe(200);
    expect(page.body).toContain('DB_PORT=3306');
    expect(page.body).toMatch(/DB_PASSWORD=[0-9a-f]{16}/);
  });

  test('`heatstack ps` shows each service with its replicas, address and published port', async () => {
    const { stdout, code } = await spawnCli(['ps', '--stack', stack, '--json'], stateDir).done;
    expect(code).toBe(0);
    const shown = JSON.parse(stdout) as {
      resources: { resource: string; state: string; health?: string; address: string; ports: unknown[] }[];
    };
    expect(shown.resources.map((r) => [r.resource, r.state, r.health])).toEqual([
      ['Blog', 'running', '1/1 replicas'],
      ['Database', 'running', '1/1 replicas'],
    ]);
    expect(`http://${shown.resources[0]?.address}:80/`).toBe(result.record.outputs.BlogAddress?.value);
    expect(shown.resources[0]?.ports).toEqual([{ port: 80, protocol: 'tcp', hostIp: '0.0.0.0', hostPort: port }]);
  }, 60_000);

  test("`heatstack logs` prints a service's output under its logical id, as `ps` finds it", async () => {
    // The Database writes the password it generated (the Blog read it as `logs_head`), and a line on stderr.
    const { stdout, stderr, code } = await spawnCli(['logs', '--stack', stack, 'Database'], stateDir).done;
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const password = /^Database \| ([0-9a-f]{16})$/m.exec(stdout)?.[1];
    expect(stdout).toContain('Database | mysql stand-in listening on 3306\n');
    const page = await httpGet(`http://127.0.0.1:${port}/`);
    expect(page.body).toContain(`DB_PASSWORD=${password}`);
    const tail = await spawnCli(['logs', '--stack', stack, '--tail', '1', '--timestamps'], stateDir).done;
    expect(tail.code).toBe(0);
    // Each service's last line, with Docker's time, in the order they were written (the Blog started after; which
    // of the Database's two lines, one on each stream, Docker timed last varies).
    const shown = tail.stdout.replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, 'TIME').split('\n');
    expect(shown).toHaveLength(3);
    expect(shown[0]).toMatch(/^Database \| TIME (?:mysql stand-in listening on 3306|[0-9a-f]{16})$/);
    expect(shown.slice(1)).toEqual(['Blog     | TIME wordpress stand-in serving on 80', '']);
  }, 60_000);

  test('`heatstack ls` counts the services that run, not containers', async () => {
    const { stdout, code } = await spawnCli(['ls', '--json'], stateDir).done;
    expect(code).toBe(0);
    const listed = (JSON.parse(stdout) as { name: string; status: string; containers?: unknown }[]).find(
      (s) => s.name === stack,
    );
    expect(listed).toMatchObject({ status: 'CREATE_COMPLETE', containers: { running: 2, total: 2, notRunning: [] } });
    const text = await spawnCli(['ls'], stateDir).done;
    expect(text.stdout).toMatch(new RegExp(`^${stack} +CREATE_COMPLETE +\\S`, 'm'));
    expect(text.stdout).not.toContain('running:');
  }, 60_000);

  test('suspend scales every service to 0, resume brings them back', async () => {
    const suspended = await suspendStack(stack, swarmSession(stateDir));
    expect(suspended.record.status).toBe('SUSPEND_COMPLETE');
    await expect(httpGet(`http://127.0.0.1:${port}/`)).rejects.toThrow();
    const resumed = await resumeStack(stack, swarmSession(stateDir));
    expect(resumed.record.status).toBe('RESUME_COMPLETE');
    expect((await httpGet(`http://127.0.0.1:${port}/`)).status).toBe(200);
  }, 120_000);

  test('destroy leaves no service, network, secret, volume or container', async () => {
    expect(await destroyAndCount(stack, stateDir)).toEqual({ status: 'DELETE_COMPLETE', left: NOTHING_LEFT });
  }, 120_000);
});
