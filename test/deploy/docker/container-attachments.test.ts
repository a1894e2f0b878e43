import { describe, expect, test } from 'vitest';
import { networkAttachments, volumeMounts } from '../../../src/deploy/docker/container-attachments.js';
import { createBody } from './requests.js';

const WHERE = 'Resources.Db.Properties.mounts';

const spec = (properties: Record<string, unknown>) => createBody(properties, 'Db');

describe('a container’s volume mounts and networks', () => {
  test('mounts are named-volume mounts of the create body, beside the bind mounts of `volumes`', () => {
    const body = spec({
      volumes: { '/srv': '/srv' },
      mounts: [
        { volume: 'blog-Data-abc123', path: '/var/lib/mysql' },
        { volume: 'shared', path: '/etc/shared', read_only: true },
      ],
    });
    expect(body.HostConfig?.Binds).toEqual(['/srv:/srv']);
    expect(body.HostConfig?.Mounts).toEqual([
      { Type: 'volume', Source: 'blog-Data-abc123', Target: '/var/lib/mysql', ReadOnly: false },
      { Type: 'volume', Source: 'shared', Target: '/etc/shared', ReadOnly: true },
    ]);
    // The stack network stays the one the container is created on.
    expect(body.HostConfig?.NetworkMode).toBe('heatstack-blog');
  });

  test('no mounts: no Mounts in the body', () => {
    expect(spec({ mounts: [] }).HostConfig?.Mounts).toBeUndefined();
  });

  test('a mount without a volume, or with a relative path, is an error naming the item', () => {
    expect(() => volumeMounts([{ path: '/x' }], WHERE)).toThrow(
      `${WHERE}[0].volume: expected a volume (get_resource of a Heatstack::Docker::Volume)`,
    );
    expect(() => volumeMounts([{ volume: 'v', path: 'data' }], WHERE)).toThrow(
      `${WHERE}[0].path: 'data' is not an absolute path`,
    );
    expect(() => volumeMounts({ volume: 'v' }, WHERE)).toThrow(`${WHERE}: expected a list of volume mounts`);
  });

  test('networks are read with their aliases, and a bad one fails the create body before anything is made', () => {
    expect(networkAttachments([{ network: 'n1', aliases: ['db'] }, { network: 'n2' }], 'N')).toEqual([
      { network: 'n1', aliases: ['db'] },
      { network: 'n2', aliases: [] },
    ]);
    expect(() => spec({ networks: [{ network: 'n1', aliases: 'db' }] })).toThrow(
      'Resources.Db.Properties.networks[0].aliases: expected a list of names',
    );
  });
});
