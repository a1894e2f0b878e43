import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { parseEndpoint } from '../../src/deploy/docker/connection.js';
import { describeDocker, itDocker } from '../support/docker.js';
import { type FaultProxy, startFaultProxy } from './fault-proxy.js';

/** The status of a GET through the proxy, as soon as its headers arrive (the body is left unread). */
function headersOf(socketPath: string, path: string): Promise<{ status: number; close(): void }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ socketPath, path }, (res) =>
      resolve({ status: res.statusCode ?? 0, close: () => req.destroy() }),
    );
    req.on('error', reject);
  });
}

describeDocker('the Engine API fault proxy', () => {
  let dir: string;
  let proxy: FaultProxy;
  beforeAll(async () => {
    const endpoint = parseEndpoint(undefined);
    if (endpoint.kind !== 'socket') throw new Error('the fault proxy needs a daemon on a unix socket');
    dir = mkdtempSync(join(tmpdir(), 'heatstack-proxy-'));
    proxy = await startFaultProxy(join(dir, 'proxy.sock'), endpoint.socketPath);
  });
  afterAll(async () => {
    await proxy?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  // A client waits for a live stream's headers before it reads anything: heatstack's create watches the events of
  // its container so, and through a proxy that held them back each create waited out the Engine API timeout.
  itDocker('passes on the headers of a live stream that has sent nothing yet (GET /events)', async () => {
    const filters = encodeURIComponent(JSON.stringify({ container: ['heatstack-no-such-container'] }));
    const events = await headersOf(proxy.socketPath, `/events?filters=${filters}`);
    events.close();
    expect(events.status).toBe(200);
  });

  itDocker('answers the armed call with its fault and forwards the rest', async () => {
    proxy.arm({ kind: 'inspect', nth: 2, fault: '500' });
    const first = await headersOf(proxy.socketPath, '/containers/heatstack-no-such-container/json');
    first.close();
    const second = await headersOf(proxy.socketPath, '/containers/heatstack-no-such-container/json');
    second.close();
    expect([first.status, proxy.fired(), second.status]).toEqual([404, true, 500]);
    expect(proxy.counts.inspect).toBe(2);
  });
});
