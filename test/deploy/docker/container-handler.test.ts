import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { afterAll, beforeAll, expect, onTestFinished, test } from 'vitest';
import { containerCreateOptions } from '../../../src/deploy/docker/container-spec.js';
import {
  createDockerContainerHandler,
  findStackObjects,
  removeStackObjects,
} from '../../../src/deploy/docker/index.js';
import { LABELS } from '../../../src/deploy/handler.js';
import { HeatstackError } from '../../../src/errors.js';
import { DOCKER_CONTAINER } from '../../../src/template/resource-types/index.js';
import { describeDocker, testDocker, uniqueStack } from '../../support/docker.js';
import { ensureTestImages, TEST_IMAGES } from '../../support/images.js';
import { createRequest, existing, withDefaults } from './requests.js';

const BUSYBOX = TEST_IMAGES.busybox;
const SLEEP = ['sleep', '3600'];

describeDocker('the Docker container handler', () => {
  const handler = createDockerContainerHandler();
  const stacks: string[] = [];
  let docker: Docker;
  const stack = (prefix: string) => {
    const name = uniqueStack(prefix);
    stacks.push(name);
    return name;
  };

  beforeAll(async () => {
    await ensureTestImages();
    docker = await testDocker();
  });
  afterAll(async () => {
    await Promise.all(stacks.map((s) => removeStackObjects(s)));
  });

  test('a running container with no address on its network (disconnected, not attached again) has no network_ip: an error, not ""', async () => {
    // The restart trials' kill -9 of the daemon: readers of such a container were created with `UPSTREAM=`.
    const stack = uniqueStack('noaddr');
    stacks.push(stack);
    const request = createRequest(stack, 'Upstream', {
      image: TEST_IMAGES.busybox,
      cmd: ['sh', '-c', 'trap "exit 0" TERM; sleep 3600 & wait'],
    });
    const { physicalId } = await handler.create(request);
    const docker = await testDocker();
    const info = await docker.getContainer(physicalId).inspect();
    for (const network of Object.keys(info.NetworkSettings.Networks))
      await docker.getNetwork(network).disconnect({ Container: physicalId, Force: true });
    // A handler of its own: the creating one serves the inspect document of the create for a moment.
    const reader = createDockerContainerHandler();
    await expect(reader.attribute(existing(request, physicalId), 'network_ip')).rejects.toThrow(
      /Upstream: its container is running with no address on its network .* so it has no network_ip yet/,
    );
  }, 120_000);

  test('maps every property onto the created container', async () => {
    // GIVEN a container to link to and take volumes from, and two host folders
    const s = stack('props');
    const targetName = `${s}-target`;
    await handler.create(createRequest(s, 'Target', { image: BUSYBOX, cmd: SLEEP, name: targetName }));
    const [rw, ro] = [mkdtempSync(join(tmpdir(), 'hs-rw-')), mkdtempSync(join(tmpdir(), 'hs-ro-'))];
    onTestFinished(() => {
      for (const dir of [rw, ro]) rmSync(dir, { recursive: true, force: true });
    });
    const request = createRequest(s, 'Everything', {
      image: BUSYBOX,
      cmd: SLEEP,
      env: ['A=1', 'B=two words'],
      hostname: 'everything',
      user: '65534',
      memory: 64 * 1024 * 1024,
      port_specs: ['9000', '8125/udp'],
      port_bindings: { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }], 81: '' },
      links: { [targetName]: 'linked' },
      name: `${s}-everything`,
      privileged: false,
      tty: true,
      open_stdin: true,
      stdin_once: true,
      attach_stdin: true,
      attach_stdout: false,
      attach_stderr: false,
      dns: ['10.0.0.2'],
      volumes: { [rw]: '/data', [ro]: { bind: '/config', ro: true } },
      volumes_from: [targetName],
      restart_policy: { Name: 'on-failure', MaximumRetryCount: 3 },
      cap_add: ['NET_ADMIN'],
      cap_drop: ['MKNOD'],
      read_only: true,
      cpu_shares: 512,
      devices: [{ path_on_host: '/dev/null', path_in_container: '/dev/heatstack-null', permissions: 'r' }],
      cpu_set: '0',
    });
    // WHEN
    const { physicalId } = await handler.create(request);
    // THEN inspecting it shows each property
    const info = await docker.getContainer(physicalId).inspect();
    const host = info.HostConfig;
    expect(info.Name).toBe(`/${s}-everything`);
    expect(info.Config.Image).toBe(BUSYBOX);
    expect(info.Config.Cmd).toEqual(SLEEP);
    expect(info.Config.Env).toEqual(expect.arrayContaining(['A=1', 'B=two words']));
    expect(info.Config.Hostname).toBe('everything');
    expect(info.Config.User).toBe('65534');
    expect(host.Memory).toBe(64 * 1024 * 1024);
    expect(Object.keys(info.Config.ExposedPorts ?? {}).sort()).toEqual(['80/tcp', '81/tcp', '8125/udp', '9000/tcp']);
    expect(host.PortBindings).toEqual({
      '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }],
      '81/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }],
    });
    expect(info.NetworkSettings.Networks[`heatstack-${s}`].Links).toEqual([`${targetName}:linked`]);
    expect(host.Privileged).toBe(false);
    expect(info.Config.Tty).toBe(true);
    expect(info.Config.OpenStdin).toBe(true);
    expect(info.Config.StdinOnce).toBe(true);
    expect(info.Config.AttachStdin).toBe(true);
    expect(info.Config.AttachStdout).toBe(false);
    expect(info.Config.AttachStderr).toBe(false);
    expect(host.Dns).toEqual(['10.0.0.2']);
    expect(host.Binds).toEqual([`${rw}:/data`, `${ro}:/config:ro`]);
    expect(host.VolumesFrom).toEqual([targetName]);
    expect(host.RestartPolicy).toEqual({ Name: 'on-failure', MaximumRetryCount: 3 });
    expect(host.CapAdd).toEqual(['NET_ADMIN']);
    expect(host.CapDrop).toEqual(['MKNOD']);
    expect(host.ReadonlyRootfs).toBe(true);
    expect(host.CpuShares).toBe(512);
    expect(host.Devices).toEqual([
      { PathOnHost: '/dev/null', PathInContainer: '/dev/heatstack-null', CgroupPermissions: 'r' },
    ]);
    expect(host.CpusetCpus).toBe('0');
    expect(info.Config.Labels).toMatchObject({
      [LABELS.stack]: s,
      [LABELS.resource]: 'Everything',
      [LABELS.configHash]: 'hash-Everything',
      [LABELS.deployId]: `deploy-${s}`,
    });
    expect(info.State.Running).toBe(true);
  });

  test('creates a privileged container, ignoring its devices', async () => {
    // Starting a privileged container needs a privileged daemon, which CI machines (and this one) may not have:
    // the mapping is checked on the created, not yet started, container.
    const s = stack('priv');
    const options = containerCreateOptions({
      stack: s,
      logicalId: 'Privileged',
      properties: withDefaults({
        image: BUSYBOX,
        cmd: SLEEP,
        privileged: true,
        devices: [{ path_on_host: '/dev/null', path_in_container: '/dev/x', permissions: 'r' }],
      }),
      configHash: 'h',
      deployId: 'd',
      network: 'bridge',
    });
    const info = await (await docker.createContainer({ ...options, NetworkingConfig: undefined })).inspect();
    expect(info.HostConfig.Privileged).toBe(true);
    expect(info.HostConfig.Devices ?? []).toEqual([]);
  });

  test('gives every attribute of both type names, read from the live container', async () => {
    // GIVEN a container that prints three lines and serves on 80, exposing 8080 and 53/udp too
    const s = stack('attrs');
    const request = createRequest(s, 'Web', {
      image: BUSYBOX,
      cmd: ['sh', '-c', 'echo first line; echo middle; echo last line; exec httpd -f -p 80 -h /tmp'],
      port_specs: ['8080', '80', '53/udp'],
    });
    const { physicalId } = await handler.create(request);
    const resource = existing(request, physicalId);
    const info = await docker.getContainer(physicalId).inspect();
    const own = info.NetworkSettings.Networks[`heatstack-${s}`];
    await handler.attribute(resource, 'logs_head'); // the output has started
    const expected: Record<string, (value: unknown) => void> = {
      info: (v) => expect((v as Docker.ContainerInspectInfo).Id).toBe(physicalId),
      network_info: (v) =>
        expect(v).toMatchObject({
          TcpPorts: '80,8080',
          UdpPorts: '53',
          IPAddress: own.IPAddress,
          Networks: expect.any(Object),
        }),
      network_ip: (v) => expect(v).toBe(own.IPAddress),
      network_gateway: (v) => expect(v).toBe(own.Gateway),
      network_tcp_ports: (v) => expect(v).toBe('80,8080'),
      network_udp_ports: (v) => expect(v).toBe('53'),
      logs: (v) => expect(v).toBe('first line\nmiddle\nlast line\n'),
      logs_head: (v) => expect(v).toBe('first line'),
      logs_tail: (v) => expect(v).toBe('last line'),
      // The Swarm attributes: a container is one replica of itself.
      replicas_running: (v) => expect(v).toBe(1),
      task_ips: (v) => expect(v).toEqual([own.IPAddress]),
    };
    expect(own.IPAddress).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    // WHEN each attribute either type name knows is read (the engine maps its spelling to the canonical name)
    for (const typeName of DOCKER_CONTAINER.names) {
      for (const canonical of Object.keys(typeName.attributes)) {
        // THEN it has the value the live container gives
        expected[canonical](await handler.attribute({ ...resource, type: typeName.name }, canonical));
      }
    }
  });

  test('refuses an attribute a container does not have, naming it', async () => {
    const s = stack('noattr');
    const request = createRequest(s, 'Quiet', { image: BUSYBOX, cmd: SLEEP });
    const { physicalId } = await handler.create(request);
    await expect(handler.attribute(existing(request, physicalId), 'colour')).rejects.toThrow(
      /Resources\.Quiet: a Docker container has no attribute 'colour'/,
    );
  });

  test('waits for the first line of output for logs_head', async () => {
    // GIVEN a container that prints only after a second
    const s = stack('head');
    const request = createRequest(s, 'Slow', {
      image: BUSYBOX,
      cmd: ['sh', '-c', 'sleep 1; echo late password; sleep 3600'],
    });
    const { physicalId } = await handler.create(request);
    // WHEN
    const started = Date.now();
    const head = await handler.attribute(existing(request, physicalId), 'logs_head');
    // THEN it waited for the line
    expect(head).toBe('late password');
    expect(Date.now() - started).toBeGreaterThan(300);
  });

  test('takes stdout’s first line for logs_head even when stderr printed first', async () => {
    const s = stack('stderr');
    const noisy = createRequest(s, 'Noisy', {
      image: BUSYBOX,
      cmd: ['sh', '-c', 'echo starting up >&2; sleep 0.1; echo the password; sleep 3600'],
    });
    const quiet = createRequest(s, 'StderrOnly', {
      image: BUSYBOX,
      cmd: ['sh', '-c', 'echo only stderr >&2; sleep 3600'],
    });
    const [a, b] = await Promise.all([handler.create(noisy), handler.create(quiet)]);
    expect(await handler.attribute(existing(noisy, a.physicalId), 'logs_head')).toBe('the password');
    expect(await handler.attribute(existing(quiet, b.physicalId), 'logs_head')).toBe('only stderr');
  });

  test('gives up waiting for logs_head after the bounded wait, with an empty head', async () => {
    const impatient = createDockerContainerHandler({ logsHeadTimeoutMs: 300 });
    const s = stack('silent');
    const request = createRequest(s, 'Silent', { image: BUSYBOX, cmd: SLEEP });
    const { physicalId } = await impatient.create(request);
    const started = Date.now();
    expect(await impatient.attribute(existing(request, physicalId), 'logs_head')).toBe('');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  test('reads the output of a TTY container, which has no frame headers', async () => {
    const s = stack('tty');
    const request = createRequest(s, 'Tty', {
      image: BUSYBOX,
      tty: true,
      cmd: ['sh', '-c', 'echo on a tty; sleep 3600'],
    });
    const { physicalId } = await handler.create(request);
    expect(await handler.attribute(existing(request, physicalId), 'logs_head')).toBe('on a tty');
  });

  test('fails the create of a container that exits non-zero, with its output, and leaves nothing behind', async () => {
    // GIVEN a container whose command fails
    const s = stack('exit');
    const request = createRequest(s, 'Broken', {
      image: BUSYBOX,
      cmd: ['sh', '-c', 'echo checking configuration; echo "fatal: no configuration" >&2; exit 3'],
    });
    // WHEN it is created, THEN the create fails with the exit code and the tail of the output
    const failure = await handler.create(request).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(HeatstackError);
    expect(String((failure as Error).message)).toMatch(/^Resources\.Broken: .*exited with code 3/);
    expect((failure as Error).message).toContain('checking configuration');
    expect((failure as Error).message).toContain('fatal: no configuration');
    // AND no container or network of the stack is left
    const left = await findStackObjects(s);
    expect(left.containers).toEqual([]);
    expect(left.networks).toEqual([]);
  });

  test('fails the create of a container Docker cannot start, naming the cause, and leaves nothing behind', async () => {
    const s = stack('nostart');
    const create = handler.create(createRequest(s, 'Typo', { image: BUSYBOX, cmd: ['no-such-command'] }));
    await expect(create).rejects.toThrow(/^Resources\.Typo: creating the container failed: .*no-such-command/);
    expect(await findStackObjects(s)).toEqual({ containers: [], networks: [], volumes: [] });
  });

  test('counts a one-shot container that exits 0 as created', async () => {
    const s = stack('oneshot');
    const { physicalId } = await handler.create(createRequest(s, 'Once', { image: BUSYBOX, cmd: ['true'] }));
    expect(physicalId).toMatch(/^[0-9a-f]{64}$/);
  });

  test('deletes a container and, with the stack’s last one, its network', async () => {
    const s = stack('delete');
    const request = createRequest(s, 'Doomed', { image: BUSYBOX, cmd: SLEEP });
    const { physicalId } = await handler.create(request);
    expect((await findStackObjects(s)).networks.map((n) => n.name)).toEqual([`heatstack-${s}`]);
    await handler.delete(existing(request, physicalId));
    const left = await findStackObjects(s);
    expect(left.containers).toEqual([]);
    expect(left.networks).toEqual([]);
  });

  test('counts a container already gone as deleted', async () => {
    const s = stack('gone');
    const request = createRequest(s, 'Gone', { image: BUSYBOX, cmd: SLEEP });
    const { physicalId } = await handler.create(request);
    await docker.getContainer(physicalId).remove({ force: true });
    await expect(handler.delete(existing(request, physicalId))).resolves.toBeUndefined();
    await expect(handler.delete(existing(request, 'f'.repeat(64)))).resolves.toBeUndefined();
  });

  test('suspends by stopping and resumes by starting, either twice', async () => {
    const s = stack('suspend');
    const request = createRequest(s, 'Sleeper', {
      image: BUSYBOX,
      cmd: ['sh', '-c', 'trap "exit 0" TERM; sleep 3600 & wait'],
    });
    const { physicalId } = await handler.create(request);
    const resource = existing(request, physicalId);
    const container = docker.getContainer(physicalId);
    await handler.suspend(resource);
    await handler.suspend(resource);
    expect((await container.inspect()).State.Running).toBe(false);
    await handler.resume(resource);
    await handler.resume(resource);
    expect((await container.inspect()).State.Running).toBe(true);
  });
});
