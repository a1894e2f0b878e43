import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));

test('importing the Docker handler does not load the Docker client (synth and validate never pay for it)', () => {
  // GIVEN a fresh Node process that imports the handler module and creates a handler
  const script = `
    import { createRequire } from 'node:module';
    const { createDockerContainerHandler } = await import('./src/deploy/docker/index.ts');
    createDockerContainerHandler();
    const loaded = Object.keys(createRequire(import.meta.url).cache).filter((k) => /dockerode|docker-modem/.test(k));
    console.log(JSON.stringify(loaded));`;
  // WHEN it runs
  const output = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: root,
    encoding: 'utf8',
  });
  // THEN no module of the Docker client was loaded
  expect(JSON.parse(output.trim())).toEqual([]);
});
