import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { describeDocker, testDocker } from '../../support/docker.js';
import { TEST_IMAGES } from '../../support/images.js';
import { deployFile, type E2eWorkspace, e2eWorkspace } from '../support/e2e.js';

const SLEEP = 'trap "exit 0" TERM; sleep 3600 & wait';
let ws: E2eWorkspace;

/** `a` reads the hidden `pw`; the second version changes `a` and adds `bad`, which exits 3. */
function templateFile(name: string, version: 1 | 2): string {
  const container = (id: string, cmd: string) => [
    `  ${id}:`,
    '    type: DockerInc::Docker::Container',
    '    properties:',
    `      image: ${TEST_IMAGES.busybox}`,
    `      cmd: [sh, -c, ${JSON.stringify(cmd)}]`,
    '      env: [{list_join: ["=", [PW, {get_param: pw}]]}]',
  ];
  const lines = [
    'heat_template_version: 2021-04-16',
    'parameters:',
    '  pw: {type: string, hidden: true}',
    'resources:',
    ...container('a', version === 1 ? SLEEP : `echo v2; ${SLEEP}`),
    ...(version === 2 ? container('bad', 'echo failing; exit 3') : []),
  ];
  const file = join(ws.dir, `${name}.yaml`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

async function containersOf(stack: string): Promise<{ resource: string; running: boolean }[]> {
  const docker = await testDocker();
  const list = await docker.listContainers({
    all: true,
    filters: JSON.stringify({ label: [`io.heatstack.stack=${stack}`] }),
  });
  return list.map((c) => ({ resource: c.Labels['io.heatstack.resource'] ?? '', running: c.State === 'running' }));
}

describeDocker('a failed update whose hidden value changed', () => {
  ws = e2eWorkspace('hidden-upd');

  test('cannot restore the replaced container: it keeps the new one and ends ROLLBACK_FAILED naming it and why', async () => {
    // GIVEN
    const stack = ws.newStack('hupd');
    const first = await deployFile(templateFile('v1', 1), stack, ws.stateDir, [], { pw: 'other' });
    expect(first.record.status).toBe('CREATE_COMPLETE');
    // WHEN
    const second = await deployFile(templateFile('v2', 2), stack, ws.stateDir, [], { pw: 'zzsecretzz' });
    // THEN
    expect(second.ok).toBe(false);
    expect(second.record.status).toBe('ROLLBACK_FAILED');
    expect(second.record.statusReason).toMatch(/could not restore a \(replaced\): .*hidden parameter pw/);
    expect(second.record.statusReason).not.toContain('zzsecretzz');
    expect(await containersOf(stack)).toEqual([{ resource: 'a', running: true }]);
    expect(second.record.resources.a?.status).toBe('CREATE_COMPLETE');
    expect(second.record.resources.bad).toBeUndefined();
  });
});
