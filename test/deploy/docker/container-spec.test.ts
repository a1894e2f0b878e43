import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  containerCreateOptions,
  DEFAULT_HOST_IP,
  DockerPropertyError,
  generatedName,
  portKey,
  specInputFrom,
} from '../../../src/deploy/docker/container-spec.js';
import { LABELS } from '../../../src/deploy/handler.js';
import { createBody, createRequest } from './requests.js';

const spec = (properties: Record<string, unknown>) => createBody(properties);

describe('the container create body', () => {
  test('carries the stack, resource, configuration hash and deploy labels', () => {
    expect(spec({}).Labels).toEqual({
      [LABELS.stack]: 'blog',
      [LABELS.resource]: 'Blog',
      [LABELS.configHash]: 'abc',
      [LABELS.deployId]: 'd1',
    });
  });

  test('made for a record, carries its id and state directory too (`docs/stack-identity.md`)', () => {
    const owner = { id: '5c0e', stateDir: '/home/ann/.heatstack/stacks' };
    const request = createRequest('blog', 'Blog', { image: 'busybox' }, { owner });
    const labels = containerCreateOptions(specInputFrom(request, 'heatstack-blog')).Labels;
    expect(labels).toMatchObject({
      [LABELS.stack]: 'blog',
      [LABELS.stackId]: '5c0e',
      [LABELS.stateDir]: '/home/ann/.heatstack/stacks',
    });
  });

  test('joins the stack network, with the logical id as a DNS alias and links as link aliases', () => {
    const options = spec({ links: { 'db-1': 'db' } });
    expect(options.HostConfig?.NetworkMode).toBe('heatstack-blog');
    expect(options.NetworkingConfig?.EndpointsConfig?.['heatstack-blog']).toEqual({
      Aliases: ['Blog', 'blog'],
      Links: ['db-1:db'],
    });
  });

  test('stop_timeout is the container’s StopTimeout, 0 (stop at once) included; unset, Docker’s default stays', () => {
    expect(spec({ stop_timeout: 3 }).StopTimeout).toBe(3);
    expect(spec({ stop_timeout: 0 }).StopTimeout).toBe(0);
    expect(spec({}).StopTimeout).toBeUndefined();
    expect(() => spec({ stop_timeout: -1 })).toThrow('Resources.Blog.Properties.stop_timeout: expected a whole number');
  });

  test('publishes no port when the template asks for none', () => {
    const options = spec({ port_specs: ['3306'] });
    expect(options.ExposedPorts).toEqual({ '3306/tcp': {} });
    expect(options.HostConfig?.PortBindings).toBeUndefined();
  });

  test('publishes port_bindings in both forms, on 127.0.0.1 unless a HostIp is given', () => {
    const options = spec({
      port_bindings: { '80/tcp': [{ HostIp: '0.0.0.0', HostPort: '8080' }], '53/udp': 5353, 443: '' },
    });
    expect(options.HostConfig?.PortBindings).toEqual({
      '80/tcp': [{ HostIp: '0.0.0.0', HostPort: '8080' }],
      '53/udp': [{ HostIp: DEFAULT_HOST_IP, HostPort: '5353' }],
      '443/tcp': [{ HostIp: DEFAULT_HOST_IP, HostPort: '' }],
    });
    expect(Object.keys(options.ExposedPorts ?? {}).sort()).toEqual(['443/tcp', '53/udp', '80/tcp']);
  });

  test('publishes a 2013-style port spec hostPort:containerPort as old Docker did', () => {
    expect(spec({ port_specs: ['8080:80', '10.0.0.1:5353:53/udp'] }).HostConfig?.PortBindings).toEqual({
      '80/tcp': [{ HostIp: DEFAULT_HOST_IP, HostPort: '8080' }],
      '53/udp': [{ HostIp: '10.0.0.1', HostPort: '5353' }],
    });
  });

  test('binds volumes given as a container path, a path with a mode, or a bind spec', () => {
    expect(
      spec({ volumes: { '/srv/a': '/a', '/srv/b': '/b:ro', '/srv/c': { bind: '/c', ro: true } } }).HostConfig?.Binds,
    ).toEqual(['/srv/a:/a', '/srv/b:/b:ro', '/srv/c:/c:ro']);
  });

  test('ignores devices for a privileged container, as Heat does', () => {
    const devices = [{ path_on_host: '/dev/null', permissions: 'r' }];
    expect(spec({ devices }).HostConfig?.Devices).toEqual([
      { PathOnHost: '/dev/null', PathInContainer: '/dev/null', CgroupPermissions: 'r' },
    ]);
    expect(spec({ devices, privileged: true }).HostConfig?.Devices).toBeUndefined();
  });

  test('keeps the image’s own command when cmd is empty', () => {
    expect(spec({ cmd: [] }).Cmd).toBeUndefined();
    expect(spec({ cmd: ['sleep', '1'] }).Cmd).toEqual(['sleep', '1']);
  });

  test('takes the seed’s VolumesFrom string as a list of one', () => {
    expect(spec({ volumes_from: 'data' }).HostConfig?.VolumesFrom).toEqual(['data']);
  });

  test('drops a retry count Docker would refuse with a policy other than on-failure', () => {
    expect(spec({ restart_policy: { Name: 'always', MaximumRetryCount: 3 } }).HostConfig?.RestartPolicy).toEqual({
      Name: 'always',
      MaximumRetryCount: 0,
    });
    expect(spec({ restart_policy: {} }).HostConfig?.RestartPolicy).toBeUndefined();
  });

  test('names a property Docker cannot take by its template path', () => {
    expect(() => spec({ port_specs: ['http'] })).toThrow(DockerPropertyError);
    expect(() => spec({ port_specs: ['http'] })).toThrow(/Resources\.Blog\.Properties\.port_specs\[0\]: 'http'/);
    expect(() => spec({ port_bindings: { 80: 70000 } })).toThrow(/Resources\.Blog\.Properties\.port_bindings\.80/);
    expect(() => spec({ image: '' })).toThrow(/Resources\.Blog\.Properties\.image: an image is required/);
    expect(() => spec({ memory: -1 })).toThrow(/Resources\.Blog\.Properties\.memory/);
  });

  test('gives an unnamed container a readable unique name Docker accepts', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (stack, id) => {
        expect(generatedName(stack, id)).toMatch(/^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/);
      }),
    );
    expect(generatedName('blog', 'Database')).toMatch(/^blog-Database-[0-9a-f]{6}$/);
  });

  test('reads any valid port, with or without protocol, as the API’s port/protocol key', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 65535 }), fc.constantFrom('', '/tcp', '/udp'), (port, proto) => {
        expect(portKey(`${port}${proto}`, 'x')).toBe(`${port}/${proto.slice(1) || 'tcp'}`);
      }),
    );
  });
});
