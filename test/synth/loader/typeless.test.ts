import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadAppFile, synthesize } from 'heatstack/template';
import { afterAll, expect, test } from 'vitest';

// Its own file, so that this app is the first the process loads (nothing of heatstack loaded by an app before it).
const dir = mkdtempSync(join(tmpdir(), 'heatstack-typeless-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('an app with ES module syntax and no package.json above it loads as an ES module, as Node reads it', async () => {
  const app = join(dir, 'app.ts');
  const source = `import { App, DockerContainer, Stack } from 'heatstack';
const app = new App();
new DockerContainer(new Stack(app, 'Typeless'), 'Db', { image: 'mysql' as string });
export default app;
`;
  writeFileSync(app, source);
  const [stack] = synthesize(await loadAppFile(app));
  expect(stack!.template.resources.Db!.properties.Image).toBe('mysql');
});
