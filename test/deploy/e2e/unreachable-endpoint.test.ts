import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { destroyStack } from '../../../src/deploy/engine/stack-engine.js';
import { describeDocker } from '../../support/docker.js';
import { TEST_IMAGES } from '../../support/images.js';
import { deployFile, dockerObjectsOf, type E2eWorkspace, e2eWorkspace, session } from '../support/e2e.js';

// Nothing listens on port 1: connection refused at once.
const DEAD_ENDPOINT = 'tcp://127.0.0.1:1';
const SLEEP = 'trap "exit 0" TERM; sleep 3600 & wait';
let ws: E2eWorkspace;

/** `a` on the local daemon, `b` on a daemon nobody can reach. */
function splitTemplate(): string {
  const file = join(ws.dir, 'split.yaml');
  const container = (extra: string[]) => [
    '    type: DockerInc::Docker::Container',
    '    properties:',
    `      image: ${TEST_IMAGES.busybox}`,
    `      cmd: [sh, -c, ${JSON.stringify(SLEEP)}]`,
    ...extra,
  ];
  const lines = [
    'heat_template_version: 2021-04-16',
    'resources:',
    '  a:',
    ...container([]),
    '  b:',
    ...container([`      docker_endpoint: ${DEAD_ENDPOINT}`]),
  ];
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

const deployNoRollback = (file: string, stack: string) => deployFile(file, stack, ws.stateDir, [], {}, false);

describeDocker('a resource on an unreachable docker_endpoint', () => {
  ws = e2eWorkspace('unreach');

  test('fails its create, and the rollback removes what the local daemon holds: ROLLBACK_COMPLETE', async () => {
    // GIVEN
    const stack = ws.newStack('unr');
    // WHEN
    const result = await deployFile(splitTemplate(), stack, ws.stateDir);
    // THEN
    expect(result.ok).toBe(false);
    expect(result.failure?.reason).toContain(`cannot reach the Docker daemon at ${DEAD_ENDPOINT}`);
    expect(result.record.status).toBe('ROLLBACK_COMPLETE');
    expect(await dockerObjectsOf(stack)).toEqual({ containers: 0, networks: 0, volumes: 0 });
  });

  test('with --no-rollback, destroy removes the local container and network: nothing was created over there', async () => {
    // GIVEN
    const stack = ws.newStack('unk');
    const options = session(ws.stateDir);
    const kept = await deployNoRollback(splitTemplate(), stack);
    expect(kept.record.status).toBe('CREATE_FAILED');
    expect((await dockerObjectsOf(stack)).containers).toBe(1);
    // WHEN
    const destroyed = await destroyStack(stack, options);
    // THEN
    expect(destroyed.ok).toBe(true);
    expect(destroyed.record.status).toBe('DELETE_COMPLETE');
    expect(await dockerObjectsOf(stack)).toEqual({ containers: 0, networks: 0, volumes: 0 });
  });

  test('destroy deletes what is reachable and fails only the resource created on the unreachable daemon', async () => {
    // GIVEN a stack whose record says `b` was created on the unreachable daemon
    const stack = ws.newStack('und');
    const kept = await deployNoRollback(splitTemplate(), stack);
    const options = session(ws.stateDir);
    const record = kept.record;
    const b = record.resources.b;
    if (b === undefined) throw new Error('b is not recorded');
    b.physicalId = 'f'.repeat(64);
    b.status = 'CREATE_COMPLETE';
    await options.store.save(record);
    // WHEN
    const destroyed = await destroyStack(stack, options);
    // THEN
    expect(destroyed.ok).toBe(false);
    expect(destroyed.record.status).toBe('DELETE_FAILED');
    expect(destroyed.record.resources.b?.status).toBe('DELETE_FAILED');
    expect(destroyed.record.resources.b?.statusReason).toContain(DEAD_ENDPOINT);
    expect(destroyed.record.resources.a).toBeUndefined();
    expect(await dockerObjectsOf(stack)).toEqual({ containers: 0, networks: 0, volumes: 0 });
  });
});
