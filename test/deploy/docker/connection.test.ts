import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, onTestFinished, test } from 'vitest';
import { DockerEndpointError, dockerodeOptions, parseEndpoint } from '../../../src/deploy/docker/connection.js';

describe('a Docker endpoint', () => {
  test('is the local socket when neither docker_endpoint nor DOCKER_HOST is set', () => {
    expect(parseEndpoint(undefined, {})).toEqual({
      key: 'unix:///var/run/docker.sock',
      kind: 'socket',
      socketPath: '/var/run/docker.sock',
    });
  });

  test('comes from DOCKER_HOST when the resource names none', () => {
    expect(parseEndpoint('', { DOCKER_HOST: 'tcp://10.0.0.5:2375' })).toMatchObject({
      kind: 'tcp',
      host: '10.0.0.5',
      port: 2375,
      tls: false,
    });
  });

  test('written by the resource wins over DOCKER_HOST', () => {
    expect(parseEndpoint('unix:///run/other.sock', { DOCKER_HOST: 'tcp://10.0.0.5:2375' })).toMatchObject({
      socketPath: '/run/other.sock',
    });
  });

  test('may be a bare socket path', () => {
    expect(parseEndpoint('/run/docker.sock', {})).toMatchObject({ kind: 'socket', socketPath: '/run/docker.sock' });
  });

  test('over tcp uses TLS when DOCKER_TLS_VERIFY is set, or on port 2376', () => {
    expect(parseEndpoint('tcp://h:2375', { DOCKER_TLS_VERIFY: '1' })).toMatchObject({
      tls: true,
      key: 'https://h:2375',
    });
    expect(parseEndpoint('tcp://h:2376', {})).toMatchObject({ tls: true });
    expect(parseEndpoint('tcp://h:2375', { DOCKER_TLS_VERIFY: '' })).toMatchObject({ tls: false });
  });

  test('with TLS reads ca.pem, cert.pem and key.pem from DOCKER_CERT_PATH', () => {
    // GIVEN a certificate folder
    const dir = mkdtempSync(join(tmpdir(), 'heatstack-certs-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    for (const f of ['ca.pem', 'cert.pem', 'key.pem']) writeFileSync(join(dir, f), `${f} content`);
    // WHEN
    const options = dockerodeOptions(parseEndpoint('tcp://h:2376', {}), { DOCKER_CERT_PATH: dir });
    // THEN
    expect(options).toMatchObject({ host: 'h', port: 2376, protocol: 'https' });
    expect(String(options.ca)).toBe('ca.pem content');
    expect(String(options.cert)).toBe('cert.pem content');
    expect(String(options.key)).toBe('key.pem content');
  });

  test('that is not one names where it was written and what to write instead', () => {
    expect(() => parseEndpoint('ftp://h', {}, 'Resources.Blog.Properties.docker_endpoint')).toThrow(
      DockerEndpointError,
    );
    expect(() => parseEndpoint('ftp://h', {}, 'Resources.Blog.Properties.docker_endpoint')).toThrow(
      /Resources\.Blog\.Properties\.docker_endpoint: 'ftp:\/\/h' .*tcp:\/\/host:2375/,
    );
  });
});
