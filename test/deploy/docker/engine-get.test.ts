import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseEndpoint } from '../../../src/deploy/docker/connection.js';
import { engineGet } from '../../../src/deploy/docker/engine-get.js';
import { daemonMessage, isUnreachable, statusOf } from '../../../src/deploy/docker/errors.js';
import { observeContainers } from '../../../src/deploy/docker/observe.js';

/**
 * The one list call of a deploy that changes nothing goes without dockerode (`engine-get.ts`): it must answer and fail
 * as a dockerode call does — the JSON, the daemon's status and message, a transport error's code, the deadline.
 */

let dir: string;
let server: Server;
const asked: string[] = [];
const answers: Record<string, (res: ServerResponse) => void> = {
  '/ok': (res) => res.end(JSON.stringify([{ Id: 'a' }])),
  '/refused': (res) => {
    res.statusCode = 500;
    res.end(JSON.stringify({ message: 'the daemon is unwell' }));
  },
  '/garbled': (res) => res.end('[{"Id": '),
  '/hung': () => undefined,
};
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'heatstack-engine-get-'));
  server = createServer((req, res) => {
    asked.push(req.url ?? '');
    const path = (req.url ?? '').replace(/\?.*$/, '');
    (answers[path] ?? answers['/containers/json'] ?? answers['/ok'])?.(res);
  });
  await new Promise<void>((resolve) => server.listen(join(dir, 'd.sock'), resolve));
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

const endpoint = () => parseEndpoint(`unix://${join(dir, 'd.sock')}`);

describe('an Engine API GET without dockerode', () => {
  test('answers the JSON the daemon sent', async () => {
    expect(await engineGet(endpoint(), '/ok?all=1')).toEqual([{ Id: 'a' }]);
  });

  test("an error status is an error with the status and the daemon's own words", async () => {
    const error = await engineGet(endpoint(), '/refused').catch((e: unknown) => e);
    expect(statusOf(error)).toBe(500);
    expect(daemonMessage(error)).toBe('the daemon is unwell');
  });

  test('an answer that is not JSON is an error saying so', async () => {
    await expect(engineGet(endpoint(), '/garbled')).rejects.toThrow('the daemon\'s answer is not JSON: [{"Id": ');
  });

  test('a daemon that is not there is unreachable, as for dockerode', async () => {
    const error = await engineGet(parseEndpoint(`unix://${join(dir, 'none.sock')}`), '/ok').catch((e: unknown) => e);
    expect(isUnreachable(error)).toBe(true);
  });

  test('no answer within HEATSTACK_DOCKER_TIMEOUT fails naming the call and the setting', async () => {
    const before = process.env.HEATSTACK_DOCKER_TIMEOUT;
    process.env.HEATSTACK_DOCKER_TIMEOUT = '0.5';
    try {
      await expect(engineGet(endpoint(), '/hung?all=1')).rejects.toThrow(
        `the Docker daemon at ${join(dir, 'd.sock')} did not answer GET /hung within 0.5 s (set HEATSTACK_DOCKER_TIMEOUT to wait longer)`,
      );
    } finally {
      if (before === undefined) delete process.env.HEATSTACK_DOCKER_TIMEOUT;
      else process.env.HEATSTACK_DOCKER_TIMEOUT = before;
    }
  });

  test("the stack's containers are listed filtered by its label, all of them, stopped too", async () => {
    asked.length = 0;
    const stack = `hs-engine-get-${randomBytes(3).toString('hex')}`;
    const seen = await observeContainers(stack, [{ docker_endpoint: `unix://${join(dir, 'd.sock')}` }], 'T');
    expect(seen.objects.map((o) => o.physicalId)).toEqual(['a']);
    const url = new URL(asked.at(-1) ?? '', 'http://d');
    expect(url.pathname).toBe('/containers/json');
    expect(url.searchParams.get('all')).toBe('1');
    expect(JSON.parse(url.searchParams.get('filters') ?? '')).toEqual({ label: [`io.heatstack.stack=${stack}`] });
  });
});
