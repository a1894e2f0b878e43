import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { startFaultProxy } from '../../chaos/fault-proxy.js';
import { describeDocker } from '../../support/docker.js';
import { TEST_IMAGES } from '../../support/images.js';
import { deployFile, type E2eWorkspace, e2eWorkspace, spawnCli } from '../support/e2e.js';

// The no-op fast path: a deploy whose template, parameters and containers match the last deploy asks Docker one
// labelled list and nothing else (no inspect, no logs, no network or image call), keeps the outputs, says so.
let ws: E2eWorkspace;

/** Three sleeping containers; outputs read A's address and B's first line of output. A template in JSON (YAML too). */
function templateFile(): string {
  const sleeper = {
    type: 'DockerInc::Docker::Container',
    properties: { image: TEST_IMAGES.busybox, cmd: ['sleep', '3600'] },
  };
  const template = {
    heat_template_version: '2021-04-16',
    resources: { A: sleeper, B: sleeper, C: sleeper },
    outputs: {
      URL: { value: { list_join: ['', ['http://', { get_attr: ['A', 'network_ip'] }, '/']] } },
      Head: { value: { get_attr: ['B', 'logs_head'] } },
    },
  };
  const file = join(ws.dir, 'noop.yaml');
  writeFileSync(file, JSON.stringify(template));
  return file;
}

describeDocker('a deploy that changes nothing', () => {
  ws = e2eWorkspace('noop');

  test('asks Docker one labelled list, keeps the outputs, and says No changes.', async () => {
    const file = templateFile();
    const stack = ws.newStack('noop');
    const first = await deployFile(file, stack, ws.stateDir);
    expect(first.record.status, first.failure?.reason).toBe('CREATE_COMPLETE');
    const socket = join(tmpdir(), `hs-noop-${randomBytes(4).toString('hex')}.sock`);
    const proxy = await startFaultProxy(socket, '/var/run/docker.sock');
    try {
      const again = await spawnCli(['deploy', file, '--stack', stack], ws.stateDir, { DOCKER_HOST: `unix://${socket}` })
        .done;
      expect(again.code, again.stderr).toBe(0);
      expect(again.stdout).toMatch(/^No changes\.$/m);
      expect(again.stdout).toContain(`URL = ${first.record.outputs.URL?.value}`);
      const asked = Object.entries(proxy.counts).filter(([, n]) => n > 0);
      expect(Object.fromEntries(asked)).toEqual({ list: 1 });
    } finally {
      await proxy.close();
    }
  }, 180_000);
});
