import type Docker from 'dockerode';
import { describe, expect, test } from 'vitest';
import { describePorts, describeState, liveContainer } from '../../../src/deploy/docker/live-state.js';

/** An entry of Docker's container list (`GET /containers/json`), as Docker 20.10 writes it. */
function listed(state: string, status: string, extra: Partial<Docker.ContainerInfo> = {}): Docker.ContainerInfo {
  return {
    Id: 'c0ffee',
    Names: ['/blog-Web-3f2a1b'],
    Image: 'samalba/wordpress',
    ImageID: 'sha256:1',
    Command: 'httpd',
    Created: 0,
    Ports: [],
    Labels: { 'io.heatstack.stack': 'blog', 'io.heatstack.resource': 'Web' },
    State: state,
    Status: status,
    HostConfig: { NetworkMode: 'default' },
    NetworkSettings: { Networks: {} },
    Mounts: [],
    ...extra,
  };
}

describe("a container's live state, from Docker's list", () => {
  test('an exited container has its exit code', () => {
    const c = liveContainer('unix:///var/run/docker.sock', listed('exited', 'Exited (137) 5 seconds ago'));
    expect(c).toMatchObject({
      stack: 'blog',
      logicalId: 'Web',
      name: 'blog-Web-3f2a1b',
      state: 'exited',
      exitCode: 137,
    });
    expect(describeState(c)).toBe('exited (137)');
  });

  test('a restarting container has the code it last exited with', () => {
    const c = liveContainer('e', listed('restarting', 'Restarting (1) 2 seconds ago'));
    expect(describeState(c)).toBe('restarting (1)');
  });

  test('a running container with a healthcheck has its health', () => {
    expect(liveContainer('e', listed('running', 'Up 2 minutes (healthy)')).health).toBe('healthy');
    expect(liveContainer('e', listed('running', 'Up 3 seconds (health: starting)')).health).toBe('starting');
    const sick = liveContainer('e', listed('running', 'Up 1 hour (unhealthy)'));
    expect(describeState(sick)).toBe('running (unhealthy)');
    const plain = liveContainer('e', listed('running', 'Up 2 minutes'));
    expect(plain.health).toBeUndefined();
    expect(describeState(plain)).toBe('running');
  });

  test('paused and dead containers are named as such', () => {
    expect(describeState(liveContainer('e', listed('paused', 'Up 5 minutes (Paused)')))).toBe('paused');
    expect(describeState(liveContainer('e', listed('dead', 'Dead')))).toBe('dead');
  });

  test('its address is the one on the stack network, not on another network it joined', () => {
    const networks = {
      bridge: { IPAddress: '172.17.0.5' },
      'heatstack-blog': { IPAddress: '172.18.0.3' },
    } as unknown as Docker.ContainerInfo['NetworkSettings']['Networks'];
    const c = liveContainer('e', listed('running', 'Up 1 second', { NetworkSettings: { Networks: networks } }));
    expect(c.address).toBe('172.18.0.3');
    expect(liveContainer('e', listed('exited', 'Exited (0) 1 second ago')).address).toBeUndefined();
  });

  test('ports: published ones as docker ps writes them, exposed ones alone, sorted, each once', () => {
    const ports: Docker.Port[] = [
      { IP: '', PrivatePort: 3306, PublicPort: 0, Type: 'tcp' },
      { IP: '127.0.0.1', PrivatePort: 80, PublicPort: 8080, Type: 'tcp' },
      { IP: '::1', PrivatePort: 80, PublicPort: 8080, Type: 'tcp' },
      { IP: '', PrivatePort: 53, PublicPort: 0, Type: 'udp' },
    ];
    const c = liveContainer('e', listed('running', 'Up 1 second', { Ports: ports }));
    expect(describePorts(c.ports)).toBe('53/udp, 127.0.0.1:8080->80/tcp, [::1]:8080->80/tcp, 3306/tcp');
  });
});
