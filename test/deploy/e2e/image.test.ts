import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { destroyStack } from '../../../src/deploy/engine/stack-engine.js';
import { LABELS } from '../../../src/deploy/handler.js';
import type { StackEvent } from '../../../src/deploy/status.js';
import { describeDocker, testDocker } from '../../support/docker.js';
import { TEST_IMAGES } from '../../support/images.js';
import { deployFile, dockerObjectsOf, type E2eWorkspace, e2eWorkspace, session } from '../support/e2e.js';

let ws: E2eWorkspace;

/** A template (JSON) beside its context folder `web/`: the image, and a container serving its page. */
function workspaceFor(name: string): { file: string; page: string } {
  const dir = join(ws.dir, name);
  mkdirSync(join(dir, 'web', 'www'), { recursive: true });
  writeFileSync(
    join(dir, 'web', 'Dockerfile'),
    `FROM ${TEST_IMAGES.busybox}\nCOPY www /www\nCMD ["httpd", "-f", "-p", "80", "-h", "/www"]\n`,
  );
  const page = join(dir, 'web', 'www', 'index.html');
  writeFileSync(page, 'first\n');
  const file = join(dir, 'stack.json');
  const resources = {
    Web: { type: 'Heatstack::Docker::Image', properties: { context: 'web' } },
    Server: { type: 'DockerInc::Docker::Container', properties: { image: { get_resource: 'Web' } } },
  };
  writeFileSync(file, JSON.stringify({ heat_template_version: '2021-04-16', resources }));
  return { file, page };
}

const changesOf = (events: StackEvent[]) =>
  events
    .filter((e) => e.resource !== undefined && e.status.endsWith('_COMPLETE'))
    .map((e) => `${e.resource} ${e.status}`);

async function stackImages(stack: string): Promise<string[]> {
  const docker = await testDocker();
  const images = await docker.listImages({ filters: JSON.stringify({ label: [`${LABELS.stack}=${stack}`] }) });
  return images.flatMap((i) => i.RepoTags ?? []);
}

describeDocker('an image built by the deploy (Heatstack::Docker::Image)', () => {
  ws = e2eWorkspace('image');

  test('an unchanged context keeps the image (no build); a changed one replaces it and the container using it', async () => {
    const stack = ws.newStack('img');
    const { file, page } = workspaceFor('img');
    const first = await deployFile(file, stack, ws.stateDir);
    expect(first.record.status).toBe('CREATE_COMPLETE');
    const tag = first.record.resources.Web?.physicalId;
    expect(await stackImages(stack)).toEqual([tag]);

    const unchanged: StackEvent[] = [];
    const again = await deployFile(file, stack, ws.stateDir, unchanged);
    expect(again.record.status).toBe('UPDATE_COMPLETE');
    expect(changesOf(unchanged)).toEqual([]);
    expect(again.record.resources.Web?.physicalId).toBe(tag);

    writeFileSync(page, 'second\n');
    const changed: StackEvent[] = [];
    const third = await deployFile(file, stack, ws.stateDir, changed);
    expect(third.record.status).toBe('UPDATE_COMPLETE');
    expect(changesOf(changed).sort()).toEqual(
      ['Server DELETE_COMPLETE', 'Server CREATE_COMPLETE', 'Web DELETE_COMPLETE', 'Web CREATE_COMPLETE'].sort(),
    );
    const newTag = third.record.resources.Web?.physicalId;
    expect(newTag).not.toBe(tag);
    expect(await stackImages(stack)).toEqual([newTag]);
    const server = await (await testDocker()).getContainer(third.record.resources.Server?.physicalId ?? '').inspect();
    expect(server.Config.Image).toBe(newTag);

    await destroyStack(stack, session(ws.stateDir));
    expect(await stackImages(stack)).toEqual([]);
    expect(await dockerObjectsOf(stack)).toEqual({ containers: 0, networks: 0, volumes: 0 });
  });
});
