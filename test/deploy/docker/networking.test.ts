import type Docker from 'dockerode';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createDockerContainerHandler, removeStackObjects } from '../../../src/deploy/docker/index.js';
import type { CreateRequest } from '../../../src/deploy/handler.js';
import { describeDocker, testDocker, uniqueStack } from '../../support/docker.js';
import { ensureTestImages, TEST_IMAGES } from '../../support/images.js';
import { execIn, httpGet } from './docker-helpers.js';
import { createRequest, existing } from './requests.js';

/**
 * The networking rule: every container of a stack is on the stack's own bridge network; `network_ip` is its
 * address there and `network_tcp_ports` its exposed container ports, so other containers of the stack — and the
 * Linux host — reach it at `network_ip:network_tcp_ports`, with no port published on any host interface.
 */
describeDocker('the networking of a stack’s containers', () => {
  const handler = createDockerContainerHandler();
  const s = uniqueStack('net');
  let docker: Docker;

  beforeAll(async () => {
    await ensureTestImages();
    docker = await testDocker();
  });
  afterAll(async () => {
    await removeStackObjects(s);
  });

  const attr = (request: CreateRequest, id: string, name: string) => handler.attribute(existing(request, id), name);

  test('deploys the seed’s Database and Blog: the Blog reaches DB_HOSTNAME:DB_PORT, the host reaches BlogURL', async () => {
    // GIVEN the seed's Database, created as the seed template asks (OS::Heat::Docker, image only)
    const db = createRequest(s, 'Database', { image: 'samalba/mysql' }, { type: 'OS::Heat::Docker' });
    const { physicalId: dbId } = await handler.create(db);
    // WHEN the Blog is created with the Database's attributes, as the seed's Fn::Join builds them
    const [ip, ports, password] = await Promise.all([
      attr(db, dbId, 'network_ip'),
      attr(db, dbId, 'network_tcp_ports'),
      attr(db, dbId, 'logs_head'),
    ]);
    const blog = createRequest(
      s,
      'Blog',
      { image: 'samalba/wordpress', env: [`DB_HOSTNAME=${ip}`, `DB_PORT=${ports}`, `DB_PASSWORD=${password}`] },
      { type: 'OS::Heat::Docker' },
    );
    const { physicalId: blogId } = await handler.create(blog);
    // THEN the Database's port is its exposed 3306, and its password its first output line
    expect(ports).toBe('3306');
    expect(password).toMatch(/^[0-9a-f]{16}$/);
    // AND from inside the Blog a connection to DB_HOSTNAME:DB_PORT opens
    const inside = await execIn(docker.getContainer(blogId), ['nc', '-w', '3', String(ip), String(ports)]);
    expect(inside.exitCode).toBe(0);
    // AND the BlogURL output, fetched from the host, serves the blog with the Database's password
    const url = `http://${await attr(blog, blogId, 'network_ip')}:${await attr(blog, blogId, 'network_tcp_ports')}/`;
    const page = await httpGet(url);
    expect(page.status).toBe(200);
    expect(page.body).toContain(`DB_PASSWORD=${password}`);
    expect((await httpGet(`${url}cgi-bin/db`)).body).toContain('database reachable');
    // AND no port of either is published on a host interface
    for (const id of [dbId, blogId]) {
      const info = await docker.getContainer(id).inspect();
      expect(info.HostConfig.PortBindings ?? {}).toEqual({});
      expect(Object.values(info.NetworkSettings.Ports ?? {}).filter((bindings) => bindings !== null)).toEqual([]);
    }
  });

  test('lets containers of the stack reach each other by logical id and by link alias', async () => {
    // GIVEN a named server exposing 7000
    const serverName = `${s}-server`;
    const server = createRequest(s, 'Server', {
      image: TEST_IMAGES.busybox,
      name: serverName,
      port_specs: ['7000'],
      cmd: ['nc', '-ll', '-p', '7000', '-e', 'echo', 'hello'],
    });
    await handler.create(server);
    // WHEN a client links to it under an alias
    const client = createRequest(s, 'Client', {
      image: TEST_IMAGES.busybox,
      cmd: ['sleep', '3600'],
      links: { [serverName]: 'backend' },
    });
    const { physicalId } = await handler.create(client);
    const container = docker.getContainer(physicalId);
    // THEN the logical id, the name and the alias all reach the server
    for (const host of ['Server', 'server', serverName, 'backend']) {
      const { exitCode, output } = await execIn(container, ['nc', '-w', '3', host, '7000']);
      expect({ host, exitCode, output: output.trim() }).toEqual({ host, exitCode: 0, output: 'hello' });
    }
  });

  test('publishes a port only when port_bindings asks, on 127.0.0.1 by default', async () => {
    // GIVEN an HTTP server that asks for its port 80 on any free host port
    const web = createRequest(s, 'Published', {
      image: TEST_IMAGES.busybox,
      cmd: ['sh', '-c', 'echo published > /tmp/index.html; exec httpd -f -p 80 -h /tmp'],
      port_bindings: { 80: '' },
    });
    const { physicalId } = await handler.create(web);
    // THEN it is published on 127.0.0.1 only, and answers there
    const bindings = (await docker.getContainer(physicalId).inspect()).NetworkSettings.Ports['80/tcp'];
    expect(bindings?.map((b) => b.HostIp)).toEqual(['127.0.0.1']);
    const page = await httpGet(`http://127.0.0.1:${bindings?.[0].HostPort}/index.html`);
    expect(page.body.trim()).toBe('published');
  });
});
