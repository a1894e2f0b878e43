import { writeFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { StateStore } from '../../../src/deploy/state/store.js';
import type { StackEvent } from '../../../src/deploy/status.js';
import { describeDocker, testDocker } from '../../support/docker.js';
import { TEST_IMAGES } from '../../support/images.js';
import { deployFile, type E2eWorkspace, e2eWorkspace, spawnCli } from '../support/e2e.js';

// Updates that keep the service up: a change Docker can make to a running container is made in place; a replace
// creates the new container before it deletes the old one, unless a fixed name forces the other order.
let ws: E2eWorkspace;

const MiB = 1024 * 1024;

function write(name: string, lines: string[]): string {
  const file = join(ws.dir, `${name}.yaml`);
  writeFileSync(file, `${['heat_template_version: 2021-04-16', 'resources:', ...lines].join('\n')}\n`);
  return file;
}

/** Web with limits and a restart policy; Reader reads its address. */
function limited(name: string, memory: number, restart: string, containerName?: string): string {
  return write(name, [
    '  Web:',
    '    type: DockerInc::Docker::Container',
    '    properties:',
    `      image: ${TEST_IMAGES.busybox}`,
    '      cmd: [sleep, "3600"]',
    `      memory: ${memory}`,
    `      restart_policy: { Name: "${restart}" }`,
    ...(containerName ? [`      name: ${containerName}`] : []),
    '  Reader:',
    '    type: DockerInc::Docker::Container',
    '    properties:',
    `      image: ${TEST_IMAGES.busybox}`,
    '      cmd: [sleep, "3600"]',
    '      env: [{ list_join: ["", ["WEB=", { get_attr: [Web, network_ip] }]] }]',
  ]);
}

const cli = (args: string[]) => spawnCli(args, ws.stateDir).done;

/**
 * A proxy publishing port 80 on a free host port, forwarding each connection to `web:8080` on the stack network (the
 * name resolved per connection), as a load balancer does: an upstream that refuses, answers nothing or hangs (a
 * container killed under a connection, or an address that has just gone) is tried again, three times at most within
 * ~0.2 s (and 1 s each). Web serves its GREETING. A replace that deletes first leaves nothing to answer for longer.
 */
const PROXY_SCRIPT = [
  "cr=$(printf '\\r'); req=''",
  'while IFS= read -r line; do req="$req$line',
  '"; [ "$line" = "$cr" ] && break; done',
  'for i in 1 2 3; do resp=$(printf "%s" "$req" | timeout 1 nc web 8080) && [ -n "$resp" ] && break; sleep 0.05; done',
  'printf "%s\\n" "$resp"',
].join('\n');

function served(name: string, greeting: string): string {
  return write(name, [
    '  Web:',
    '    type: DockerInc::Docker::Container',
    '    properties:',
    `      image: ${TEST_IMAGES.busybox}`,
    `      env: [GREETING=${greeting}]`,
    '      cmd: [sh, -c, \'mkdir -p /www && echo "$GREETING" > /www/index.html && exec httpd -f -p 8080 -h /www\']',
    '  Proxy:',
    '    type: DockerInc::Docker::Container',
    '    depends_on: [Web]',
    '    properties:',
    `      image: ${TEST_IMAGES.busybox}`,
    '      port_bindings: { "80/tcp": [{ HostIp: 127.0.0.1, HostPort: "" }] }',
    `      cmd: [nc, -ll, -p, "80", -e, sh, -c, ${JSON.stringify(PROXY_SCRIPT)}]`,
  ]);
}

/** One HTTP/1.0 GET on 127.0.0.1:port: the whole answer, or `ERR …`. */
function probe(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let answer = '';
    socket.setTimeout(5000, () => socket.destroy(new Error('timed out')));
    socket.on('data', (chunk) => (answer += chunk));
    socket.on('end', () => resolve(answer));
    socket.on('error', (e) => resolve(`ERR ${e.message}`));
    socket.write('GET / HTTP/1.0\r\n\r\n');
  });
}

describeDocker('updates that keep the service up', () => {
  ws = e2eWorkspace('update');

  test('memory and restart policy change in place: the same container, what reads it kept', async () => {
    const stack = ws.newStack('inplace');
    const first = await deployFile(limited('inplace-1', 64 * MiB, 'no'), stack, ws.stateDir);
    expect(first.record.status, first.failure?.reason).toBe('CREATE_COMPLETE');
    const next = limited('inplace-2', 128 * MiB, 'always');

    const preview = await cli(['diff', next, '--stack', stack]);
    expect(preview.stdout.split('\n')).toEqual([
      '~ update Web: configuration changed (memory, restart_policy)',
      `    memory: ${64 * MiB} → ${128 * MiB}`,
      '    + restart_policy: {Name: "always", MaximumRetryCount: 0}',
      '= keep Reader: unchanged',
      '',
      '0 to create, 1 to update in place, 0 to replace, 0 to delete, 1 unchanged',
      '',
    ]);
    const events: StackEvent[] = [];
    const second = await deployFile(next, stack, ws.stateDir, events);

    expect(second.record.status, second.failure?.reason).toBe('UPDATE_COMPLETE');
    const id = first.record.resources.Web?.physicalId as string;
    expect(second.record.resources.Web?.physicalId).toBe(id);
    expect(second.record.resources.Reader?.physicalId).toBe(first.record.resources.Reader?.physicalId);
    expect(events.filter((e) => e.resource !== undefined).map((e) => `${e.resource} ${e.status}`)).toEqual([
      'Web UPDATE_IN_PROGRESS',
      'Web UPDATE_COMPLETE',
    ]);
    const info = await (await testDocker()).getContainer(id).inspect();
    expect(info.HostConfig.Memory).toBe(128 * MiB);
    expect(info.HostConfig.RestartPolicy?.Name).toBe('always');
    expect((await cli(['diff', next, '--stack', stack])).stdout).toMatch(/^No changes\.$/m);
    expect((await cli(['check', '--stack', stack])).code).toBe(0);
  }, 180_000);

  test('a limit removed cannot be changed in place: replaced', async () => {
    const stack = ws.newStack('unlimit');
    await deployFile(limited('unlimit-1', 64 * MiB, 'no'), stack, ws.stateDir);
    const preview = await cli(['diff', limited('unlimit-2', 0, 'no'), '--stack', stack]);
    expect(preview.stdout).toContain('~ replace Web: configuration changed (memory); create before delete');
  }, 180_000);

  test('a replace creates before it deletes; with a fixed name it deletes first, and diff says which', async () => {
    const stack = ws.newStack('order');
    const name = `${stack}-web`;
    await deployFile(limited('order-1', 64 * MiB, 'no', name), stack, ws.stateDir);
    const preview = await cli(['diff', limited('order-2', 64 * MiB, 'no', `${name}2`), '--stack', stack]);
    expect(preview.stdout).toContain('~ replace Web: configuration changed (name); delete first: a fixed name');
    expect(preview.stdout).toContain(
      '~ replace Reader: reads Web, which is being created; delete first: Web is deleted first',
    );
    const events: StackEvent[] = [];
    const replaced = await deployFile(limited('order-2', 64 * MiB, 'no', `${name}2`), stack, ws.stateDir, events);
    expect(replaced.record.status, replaced.failure?.reason).toBe('UPDATE_COMPLETE');
    const web = events.filter((e) => e.resource === 'Web').map((e) => e.status);
    expect(web.indexOf('DELETE_COMPLETE')).toBeLessThan(web.indexOf('CREATE_IN_PROGRESS'));
  }, 180_000);

  test('an env change of a web container behind a proxy: every probe on 127.0.0.1 is answered', async () => {
    const stack = ws.newStack('probe');
    const first = await deployFile(served('probe-1', 'one'), stack, ws.stateDir);
    expect(first.record.status, first.failure?.reason).toBe('CREATE_COMPLETE');
    const proxy = await (await testDocker()).getContainer(first.record.resources.Proxy?.physicalId as string).inspect();
    const port = Number(proxy.NetworkSettings.Ports['80/tcp']?.[0]?.HostPort);
    expect(await probe(port)).toMatch(/^HTTP\/1\.[01] 200 OK[\s\S]*\none\n/);

    const preview = await cli(['diff', served('probe-2', 'two'), '--stack', stack]);
    expect(preview.stdout).toContain('~ replace Web: configuration changed (env[0]); create before delete');
    expect(preview.stdout).toContain('= keep Proxy: unchanged');

    const answers: string[] = [];
    let deploying = true;
    const polling = (async () => {
      while (deploying) {
        answers.push(await probe(port));
        await new Promise((r) => setTimeout(r, 10));
      }
    })();
    // The deploy runs in its own process: this one only probes.
    const deployed = await cli(['deploy', served('probe-2', 'two'), '--stack', stack]);
    answers.push(await probe(port));
    deploying = false;
    await polling;

    expect(deployed.code, deployed.stderr).toBe(0);
    const second = await new StateStore(ws.stateDir).load(stack);
    expect(second?.resources.Proxy?.physicalId).toBe(first.record.resources.Proxy?.physicalId);
    const failed = answers.filter((a) => !/^HTTP\/1\.[01] 200 OK/.test(a));
    expect(failed, `${failed.length} of ${answers.length} probes failed`).toEqual([]);
    const web = (second?.events ?? []).filter((e) => e.resource === 'Web').map((e) => e.status);
    expect(web.lastIndexOf('CREATE_COMPLETE')).toBeLessThan(web.lastIndexOf('DELETE_IN_PROGRESS'));
    expect(answers.length).toBeGreaterThan(10);
    expect(answers[answers.length - 1]).toMatch(/\ntwo\n/);
  }, 180_000);
});
