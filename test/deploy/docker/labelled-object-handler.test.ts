import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { parseEndpoint } from '../../../src/deploy/docker/connection.js';
import { createHandler as createNetworkHandler } from '../../../src/deploy/docker/network-handler.js';
import { removeStackObjects } from '../../../src/deploy/docker/stack-objects.js';
import { createHandler as createVolumeHandler } from '../../../src/deploy/docker/volume-handler.js';
import { type CreateRequest, LABELS } from '../../../src/deploy/handler.js';
import { startFaultProxy } from '../../chaos/fault-proxy.js';
import { describeDocker, testDocker, uniqueStack } from '../../support/docker.js';
import { ensureTestImages, TEST_IMAGES } from '../../support/images.js';

// The volume and network handlers (one `labelledObjectHandler` each) against the real daemon.

const VOLUME = 'Heatstack::Docker::Volume';
const NETWORK = 'Heatstack::Docker::Network';

function request(
  stack: string,
  logicalId: string,
  properties: Record<string, unknown>,
  extra: Partial<CreateRequest> = {},
): CreateRequest {
  return { stack, logicalId, type: VOLUME, properties, configHash: `hash-${logicalId}`, deployId: 'run-1', ...extra };
}

const existing = (stack: string, logicalId: string, physicalId: string) => ({
  stack,
  logicalId,
  type: VOLUME,
  physicalId,
  properties: {},
});

describeDocker('Docker volumes and networks of heatstack’s own types', () => {
  const volumes = createVolumeHandler([VOLUME], {});
  const networks = createNetworkHandler([NETWORK], {});
  const stack = uniqueStack('objs');
  let docker: Docker;

  beforeAll(async () => {
    docker = await testDocker();
  });
  afterAll(async () => {
    await removeStackObjects(stack);
  });

  test('a volume is created with its labels and heatstack’s, and its attributes read live', async () => {
    const { physicalId } = await volumes.create(
      request(stack, 'Data', { driver: 'local', labels: { purpose: 'test' } }, { deletionPolicy: 'Retain' }),
    );
    const info = await docker.getVolume(physicalId).inspect();
    expect(info.Labels).toEqual({
      purpose: 'test',
      [LABELS.stack]: stack,
      [LABELS.resource]: 'Data',
      [LABELS.configHash]: 'hash-Data',
      [LABELS.deployId]: 'run-1',
      [LABELS.deletionPolicy]: 'Retain',
    });
    expect(physicalId).toMatch(new RegExp(`^${stack}-Data-[0-9a-f]{6}$`));
    const resource = existing(stack, 'Data', physicalId);
    expect(await volumes.attribute(resource, 'name')).toBe(physicalId);
    expect(await volumes.attribute(resource, 'mountpoint')).toBe(info.Mountpoint);
    await expect(volumes.attribute(resource, 'size')).rejects.toThrow(
      "Resources.Data: a Docker volume has no attribute 'size'",
    );
  });

  test('a volume whose declared name is taken is refused, naming it, and the existing one is left alone', async () => {
    const name = `${stack}-taken`;
    await docker.createVolume({ Name: name, Labels: { owner: 'someone else' } });
    try {
      await expect(volumes.create(request(stack, 'Named', { name, driver: 'local' }))).rejects.toThrow(
        `Resources.Named: creating the volume ${name} failed: a volume named '${name}' exists already`,
      );
      expect((await docker.getVolume(name).inspect()).Labels).toEqual({ owner: 'someone else' });
    } finally {
      await docker.getVolume(name).remove();
    }
  });

  /** A container of `owner`'s stack (by its label) that mounts `volume`, not started. */
  async function containerMounting(volume: string, owner: string): Promise<Docker.Container> {
    await ensureTestImages();
    return docker.createContainer({
      Image: TEST_IMAGES.busybox,
      Cmd: ['sleep', '3600'],
      Labels: { [LABELS.stack]: owner },
      HostConfig: { Binds: [`${volume}:/data`] },
    });
  }

  test('a volume delete waits while a container of its stack that mounts it is being removed, then removes it', async () => {
    // A destroy without a record deletes the stack's leftover containers and volumes at once, with no order between
    // them: Docker refuses a volume a container still mounts (409), even one going away at that moment.
    const { physicalId } = await volumes.create(request(stack, 'Shared', {}));
    const user = await containerMounting(physicalId, stack);
    await user.start();
    const removal = (async () => {
      await new Promise((resolve) => setTimeout(resolve, 300));
      await user.remove({ force: true });
    })();
    await volumes.delete(existing(stack, 'Shared', physicalId));
    await removal;
    await expect(docker.getVolume(physicalId).inspect()).rejects.toMatchObject({ statusCode: 404 });
  });

  test('a volume a container of another stack mounts is not waited for: its delete fails at once, naming the volume', async () => {
    const { physicalId } = await volumes.create(request(stack, 'Held', {}));
    const other = await containerMounting(physicalId, uniqueStack('other'));
    try {
      const started = Date.now();
      await expect(volumes.delete(existing(stack, 'Held', physicalId))).rejects.toThrow(/Held.*volume/s);
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      await other.remove({ force: true });
      await volumes.delete(existing(stack, 'Held', physicalId));
    }
  });

  test('a network is created with its subnet, read back as attributes, and a second delete finds it gone', async () => {
    const { physicalId } = await networks.create(
      request(stack, 'Back', { driver: 'bridge', subnet: '10.231.7.0/24', internal: true }, { type: NETWORK }),
    );
    const resource = { ...existing(stack, 'Back', physicalId), type: NETWORK };
    expect(await networks.attribute(resource, 'subnet')).toBe('10.231.7.0/24');
    expect((await docker.getNetwork(physicalId).inspect()).Internal).toBe(true);
    await networks.delete(resource);
    await networks.delete(resource);
    await expect(docker.getNetwork(physicalId).inspect()).rejects.toMatchObject({ statusCode: 404 });
  });

  test('a network with a gateway but no subnet is refused, naming the resource, and nothing is made', async () => {
    await expect(
      networks.create(request(stack, 'Gw', { driver: 'bridge', gateway: '10.231.8.1' }, { type: NETWORK })),
    ).rejects.toThrow(/^Resources\.Gw: creating the network .* failed: a gateway \(10\.231\.8\.1\) needs its subnet$/);
    expect((await networks.observe(stack, [])).objects).toEqual([]);
  });

  test('each observes only its own kind labelled with a resource, and a sweep keeps what is retained or held', async () => {
    const other = uniqueStack('objs2');
    const made = async (id: string, extra: Partial<CreateRequest>) =>
      (await volumes.create(request(other, id, { driver: 'local' }, extra))).physicalId;
    try {
      const retained = await made('Kept', { deletionPolicy: 'Retain' });
      const held = await made('Held', { deletionPolicy: 'Delete' });
      const otherRun = await made('Earlier', { deletionPolicy: 'Delete', deployId: 'run-0' });
      const leftover = await made('Left', { deletionPolicy: 'Delete' });
      // The stack network is the container handler's: not a volume's nor a network resource's.
      await docker.createNetwork({ Name: `heatstack-${other}`, Labels: { [LABELS.stack]: other } });
      const seen = await volumes.observe(other, []);
      expect(seen.objects.map((o) => [o.logicalId, o.retained === true]).sort()).toEqual([
        ['Earlier', false],
        ['Held', false],
        ['Kept', true],
        ['Left', false],
      ]);
      expect(seen.objects.every((o) => o.type === VOLUME)).toBe(true);
      expect((await networks.observe(other, [])).objects).toEqual([]);
      // WHEN the run's leftovers are swept, what a record holds kept
      expect(await volumes.sweep({ name: other }, [], 'run-1', new Set([held]))).toBe(1);
      // WHEN everything is swept
      expect(await volumes.sweep({ name: other }, [])).toBe(2);
      const left = (await volumes.observe(other, [])).objects.map((o) => o.physicalId);
      expect(left).toEqual([retained]);
      expect(left).not.toContain(leftover);
      expect(left).not.toContain(otherRun);
      expect(await networks.sweep({ name: other }, [])).toBe(0);
    } finally {
      await removeStackObjects(other);
    }
  });
});

describeDocker('sweeping leftover volumes when the Engine API fails', () => {
  test('the failure names the stack and what was being removed', async () => {
    const daemon = parseEndpoint(undefined);
    if (daemon.kind !== 'socket') throw new Error(`this test needs a daemon on a unix socket, not ${daemon.key}`);
    const proxy = await startFaultProxy(
      join(tmpdir(), `hs-sweep-${randomBytes(4).toString('hex')}.sock`),
      daemon.socketPath,
    );
    try {
      const stack = uniqueStack('sweep');
      proxy.arm({ kind: 'other', nth: 1, fault: '500' });
      const sweep = createVolumeHandler([VOLUME], {}).sweep({ name: stack }, [
        { docker_endpoint: `unix://${proxy.socketPath}` },
      ]);
      await expect(sweep).rejects.toThrow(`stack ${stack}: removing its leftover volumes failed: `);
      expect(proxy.fired()).toBe(true);
    } finally {
      await proxy.close();
    }
  });
});
