import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { describeDocker, testDocker } from '../../support/docker.js';
import { TEST_IMAGES } from '../../support/images.js';
import { deployFile, type E2eWorkspace, e2eWorkspace } from '../support/e2e.js';

const SLEEP = 'trap "exit 0" TERM; sleep 3600 & wait';
let ws: E2eWorkspace;

/**
 * `a` reads the hidden `pw`; the second version changes `a` and adds `bad`, which exits 3. With `fixedName`, `a` has
 * a fixed container name, so its replace deletes the old container first; without, the new one is created first.
 */
function templateFile(name: string, version: 1 | 2, fixedName?: string, slowReady = false): string {
  const container = (id: string, cmd: string) => [
    `  ${id}:`,
    '    type: DockerInc::Docker::Container',
    '    properties:',
    `      image: ${TEST_IMAGES.busybox}`,
    ...(fixedName !== undefined && id === 'a' ? [`      name: ${fixedName}`] : []),
    // Healthy only after 4 s: `bad` has failed by then, while the old `a` still runs.
    ...(slowReady && id === 'a' && version === 2
      ? ['      healthcheck: {test: [CMD, test, -f, /tmp/ready], interval: 0.2, retries: 100}']
      : []),
    `      cmd: [sh, -c, ${JSON.stringify(cmd)}]`,
    '      env: [{list_join: ["=", [PW, {get_param: pw}]]}]',
  ];
  const lines = [
    'heat_template_version: 2021-04-16',
    'parameters:',
    '  pw: {type: string, hidden: true}',
    'resources:',
    ...container('a', version === 1 ? SLEEP : `echo v2; ${slowReady ? 'sleep 4; touch /tmp/ready; ' : ''}${SLEEP}`),
    ...(version === 2 ? container('bad', 'echo failing; exit 3') : []),
  ];
  const file = join(ws.dir, `${name}.yaml`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

async function containersOf(stack: string): Promise<{ resource: string; running: boolean; id: string }[]> {
  const docker = await testDocker();
  const list = await docker.listContainers({
    all: true,
    filters: JSON.stringify({ label: [`io.heatstack.stack=${stack}`] }),
  });
  return list.map((c) => ({
    resource: c.Labels['io.heatstack.resource'] ?? '',
    running: c.State === 'running',
    id: c.Id,
  }));
}

describeDocker('a failed update whose hidden value changed', () => {
  ws = e2eWorkspace('hidden-upd');

  test('cannot restore the replaced container: it keeps the new one and ends ROLLBACK_FAILED naming it and why', async () => {
    // GIVEN a container whose replace deletes the old one first (a fixed name)
    const stack = ws.newStack('hupd');
    const fixed = `${stack}-a`;
    const first = await deployFile(templateFile('v1', 1, fixed), stack, ws.stateDir, [], { pw: 'other' });
    expect(first.record.status).toBe('CREATE_COMPLETE');
    // WHEN
    const second = await deployFile(templateFile('v2', 2, fixed), stack, ws.stateDir, [], { pw: 'zzsecretzz' });
    // THEN
    expect(second.ok).toBe(false);
    expect(second.record.status).toBe('ROLLBACK_FAILED');
    expect(second.record.statusReason).toMatch(/could not restore a \(replaced\): .*hidden parameter pw/);
    expect(second.record.statusReason).not.toContain('zzsecretzz');
    expect(await containersOf(stack)).toMatchObject([{ resource: 'a', running: true }]);
    expect(second.record.resources.a?.status).toBe('CREATE_COMPLETE');
    expect(second.record.resources.bad).toBeUndefined();
  });

  test('replaced create-first, not yet deleted when the update fails: the old container is restored, the new removed', async () => {
    // GIVEN a container replaced create-first, its replacement healthy only after `bad` has failed
    const stack = ws.newStack('hupd-cf');
    const first = await deployFile(templateFile('v1', 1), stack, ws.stateDir, [], { pw: 'other' });
    const firstId = first.record.resources.a?.physicalId;
    // WHEN
    const v2 = templateFile('v2', 2, undefined, true);
    const second = await deployFile(v2, stack, ws.stateDir, [], { pw: 'zzsecretzz' });
    // THEN the stack is as it was: the first container alone, recorded, nothing the update made left
    expect(second.record.status).toBe('ROLLBACK_COMPLETE');
    expect(await containersOf(stack)).toEqual([{ resource: 'a', running: true, id: firstId }]);
    expect(second.record.resources.a?.physicalId).toBe(firstId);
    expect(second.record.resources.bad).toBeUndefined();
  });
});
