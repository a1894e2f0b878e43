import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { dockerClient, engineApiTimeoutMs, parseEndpoint } from '../../../src/deploy/docker/connection.js';

/**
 * A daemon that takes a request and never answers (the chaos suite's hung request, test/chaos) must not hang
 * heatstack: each Engine API call gets an answer within HEATSTACK_DOCKER_TIMEOUT seconds, or fails saying which call
 * the daemon did not answer and how to wait longer.
 */

let dir: string;
let server: Server;
const sockets: Socket[] = [];
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'heatstack-hung-'));
  server = createServer((socket) => {
    sockets.push(socket);
    socket.resume(); // reads the request, answers nothing
  });
  await new Promise<void>((resolve) => server.listen(join(dir, 'hung.sock'), resolve));
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

describe('an Engine API call the daemon never answers', () => {
  test('fails after HEATSTACK_DOCKER_TIMEOUT seconds, naming the call and the setting', async () => {
    const before = process.env.HEATSTACK_DOCKER_TIMEOUT;
    process.env.HEATSTACK_DOCKER_TIMEOUT = '1';
    try {
      const endpoint = parseEndpoint(`unix://${join(dir, 'hung.sock')}`);
      const docker = await dockerClient(endpoint);
      const started = Date.now();
      await expect(docker.getContainer('abc').inspect()).rejects.toThrow(
        `the Docker daemon at ${join(dir, 'hung.sock')} did not answer GET /containers/abc/json within 1 s (set HEATSTACK_DOCKER_TIMEOUT to wait longer)`,
      );
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      if (before === undefined) delete process.env.HEATSTACK_DOCKER_TIMEOUT;
      else process.env.HEATSTACK_DOCKER_TIMEOUT = before;
    }
  });

  test('HEATSTACK_DOCKER_TIMEOUT is seconds (default 120); anything else is an error naming it', () => {
    expect(engineApiTimeoutMs({})).toBe(120_000);
    expect(engineApiTimeoutMs({ HEATSTACK_DOCKER_TIMEOUT: '2.5' })).toBe(2_500);
    expect(() => engineApiTimeoutMs({ HEATSTACK_DOCKER_TIMEOUT: 'soon' })).toThrow(
      "HEATSTACK_DOCKER_TIMEOUT: 'soon' is not a number of seconds greater than 0",
    );
  });
});
