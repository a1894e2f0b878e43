import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { readBuildContext, readContextProperties } from '../../../src/deploy/docker/build-context.js';

const roots: string[] = [];
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

/** A context directory with `files` (path → text). */
function context(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'hs-context-'));
  roots.push(dir);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const BASE = { Dockerfile: 'FROM heatstack-test/busybox\nCOPY . /app\n', 'www/index.html': 'hello\n' };
const read = (dir: string, dockerfile = 'Dockerfile') =>
  readBuildContext(dir, dockerfile, 'Resources.Web.Properties.context');

describe('a build context', () => {
  test('lists what docker build sends, sorted, and the same files give the same digest anywhere', async () => {
    const [a, b] = [context(BASE), context(BASE)];
    const [ra, rb] = [await read(a), await read(b)];
    expect(ra.entries).toEqual(['Dockerfile', 'www/index.html']);
    expect(ra.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(rb.digest).toBe(ra.digest);
  });

  test('a changed file, a new file, a changed mode or a symlink target changes the digest', async () => {
    const dir = context(BASE);
    const digests = [(await read(dir)).digest];
    writeFileSync(join(dir, 'www/index.html'), 'hello again\n');
    digests.push((await read(dir)).digest);
    writeFileSync(join(dir, 'www/new.txt'), '');
    digests.push((await read(dir)).digest);
    chmodSync(join(dir, 'www/new.txt'), 0o755);
    digests.push((await read(dir)).digest);
    symlinkSync('index.html', join(dir, 'www/link'));
    digests.push((await read(dir)).digest);
    expect(new Set(digests).size).toBe(digests.length);
  });

  test('.dockerignore is respected: ignored files are not sent, and changing them changes nothing', async () => {
    const dir = context({
      ...BASE,
      '.dockerignore': 'node_modules\n*.log\n!keep.log\n',
      'debug.log': 'x',
      'keep.log': 'kept',
      'node_modules/lib/index.js': 'x',
    });
    const before = await read(dir);
    expect(before.entries).toEqual(['.dockerignore', 'Dockerfile', 'keep.log', 'www/index.html']);
    writeFileSync(join(dir, 'debug.log'), 'changed');
    writeFileSync(join(dir, 'node_modules/lib/index.js'), 'changed');
    expect((await read(dir)).digest).toBe(before.digest);
    writeFileSync(join(dir, 'keep.log'), 'changed');
    expect((await read(dir)).digest).not.toBe(before.digest);
  });

  test('the Dockerfile and .dockerignore are sent even when ignored, as Docker sends them', async () => {
    const dir = context({ ...BASE, 'build/Dockerfile.web': 'FROM x\n', '.dockerignore': 'build\n.dockerignore\n' });
    expect((await read(dir, 'build/Dockerfile.web')).entries).toEqual([
      '.dockerignore',
      'Dockerfile',
      'build/Dockerfile.web',
      'www/index.html',
    ]);
  });

  test('a missing directory, a missing Dockerfile, or one outside the context is an error naming the property', async () => {
    const dir = context(BASE);
    await expect(read(join(dir, 'nope'))).rejects.toThrow(
      /^Resources\.Web\.Properties\.context: .*nope is not a directory$/,
    );
    await expect(read(dir, 'Other')).rejects.toThrow(/context: there is no Dockerfile Other in /);
    await expect(read(join(dir, 'www'), '../Dockerfile')).rejects.toThrow(/the Dockerfile \.\.\/Dockerfile is outside/);
  });
});

describe('reading an image resource’s context before a deploy', () => {
  test('makes the context absolute against the deployed file’s folder, and sets its digest', async () => {
    const dir = context(BASE);
    const read = await readContextProperties(
      { context: 'ctx-sub/..', dockerfile: 'Dockerfile' },
      dir,
      'Resources.Web.Properties',
    );
    expect(read.context).toBe(dir);
    expect(read.context_digest).toBe((await readBuildContext(dir, 'Dockerfile', '')).digest);
  });

  test('a context that is not a path written in the template, or a written digest, is refused', async () => {
    const at = 'Resources.Web.Properties';
    await expect(readContextProperties({ context: { get_param: 'dir' } }, '/', at)).rejects.toThrow(
      /^Resources\.Web\.Properties\.context: a directory written in the template/,
    );
    await expect(readContextProperties({ context: '.', context_digest: 'x' }, '/', at)).rejects.toThrow(
      /^Resources\.Web\.Properties\.context_digest: heatstack computes it/,
    );
  });
});
