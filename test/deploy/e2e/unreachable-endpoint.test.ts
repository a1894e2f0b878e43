import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { destroyStack } from '../../../src/deploy/engine/stack-engine.js';
import { describeDocker } from '../../support/docker.js';
import { ensureTestImages, TEST_IMAGES } from '../../support/images.js';
import { deployFile, dockerObjectsOf, session, tempStateDir, uniqueStack } from '../support/e2e.js';

// Nothing listens on port 1: connection refused at once.
const DEAD_ENDPOINT = 'tcp://127.0.0.1:1';
const SLEEP = 'trap "exit 0" TERM; sleep 3600 & wait';
let dir: string;
let stateDir: string;
const stacks: string[] = [];

/** `a` on the local daemon, `b` on a daemon nobody can reach. */
function splitTemplate(): string {
  const file = join(dir, 'split.yaml');
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

const newStack = (prefix: string): string => {
  const s = uniqueStack(prefix);
  stacks.push(s);
  return s;
};

const deployNoRollback = (file: string, stack: string) => deployFile(file, stack, stateDir, [], {}, false);

describeDocker('a resource on an unreachable docker_endpoint', () => {
  beforeAll(async () => {
    await ensureTestImages();
    dir = mkdtempSync(join(tmpdir(), 'heatstack-unreach-'));
    stateDir = tempStateDir();
  }, 120_000);

  afterAll(async () => {
    for (const s of stacks) await destroyStack(s, session(stateDir)).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
    rmSync(stateDir, { recursive: true, force: true });
  }, 120_000);

  test('fails its create, and the rollback removes what the local daemon holds: ROLLBACK_COMPLETE', async () => {
    // GIVEN
    const stack = newStack('unr');
    // WHEN
    const result = await deployFile(splitTemplate(), stack, stateDir);
    // THEN
    expect(result.ok).toBe(false);
    expect(result.failure?.reason).toContain(`cannot reach the Docker daemon at ${DEAD_ENDPOINT}`);
    expect(result.record.status).toBe('ROLLBACK_COMPLETE');
    expect(await dockerObjectsOf(stack)).toEqual({ containers: 0, networks: 0, volumes: 0 });
  });

  test('with --no-rollback, destroy removes the local container and network: nothing was created over there', async () => {
    // GIVEN
    const stack = newStack('unk');
    const options = session(stateDir);
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
    const stack = newStack('und');
    const kept = await deployNoRollback(splitTemplate(), stack);
    const options = session(stateDir);
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
