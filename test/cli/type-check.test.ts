import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { WatchTypeCheck } from '../../src/cli/type-check.js';

// The type check each `--watch` run makes before it synthesizes (src/cli/type-check.ts): a type error of the app or
// of a file it imports, at its file:line:col; nothing for a file that does not parse (the run reports that), nor
// for Node's globals in a project without @types/node; and a second check reads what changed since the first.

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'heatstack-type-check-'));
  writeFileSync(join(dir, 'package.json'), '{"type":"module"}');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const app = (image: string) =>
  [
    "import { App, DockerContainer, Stack } from 'heatstack';",
    "import { tag } from './tag.js';",
    'const app = new App();',
    `new DockerContainer(new Stack(app, 'S'), 'Web', { image: ${image}, env: [\`HOME=\${process.env.HOME}\`] });`,
    'export default app;',
    '',
  ].join('\n');

describe('the type check of --watch', () => {
  test('reports type errors of the app and the files it imports at their place, once each; then what changed', () => {
    const file = join(dir, 'app.ts');
    const at = (name: string) => relative(process.cwd(), join(dir, name));
    writeFileSync(join(dir, 'tag.ts'), 'export const tag: number = "1";\n');
    writeFileSync(file, app('42'));
    const check = new WatchTypeCheck(file);
    expect(check.errors()).toEqual([
      `${at('app.ts')}:4:51: error TS2322: Type 'number' is not assignable to type 'string'.`,
      `${at('tag.ts')}:1:14: error TS2322: Type 'string' is not assignable to type 'number'.`,
    ]);

    // fixed, both: nothing (process.env is Node's, whose types this folder does not have: not the app's error)
    writeFileSync(join(dir, 'tag.ts'), 'export const tag: string = "1";\n');
    writeFileSync(file, app("'nginx:' + tag"));
    expect(check.errors()).toEqual([]);

    // a file that does not parse is the run's to report, as without --watch
    writeFileSync(file, `${app('42')}const broken = ;\n`);
    expect(check.errors()).toEqual([]);
  }, 120_000);
  test('a run goes ahead only when the types check; a template or a JavaScript app has none to check', async () => {
    const file = join(dir, 'typed.ts');
    writeFileSync(join(dir, 'tag.ts'), 'export const tag: string = "1";\n');
    writeFileSync(file, app('42'));
    let runs = 0;
    const run = async () => {
      runs++;
      return 0;
    };
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(await new WatchTypeCheck(file).runIfTypesCheck(run)).toBe(1);
      expect(runs).toBe(0);
      expect(String(stderr.mock.calls[0]?.[0])).toMatch(/^heatstack: \S*typed\.ts:4:51: error TS2322: /);
    } finally {
      stderr.mockRestore();
    }
    writeFileSync(join(dir, 'stack.yaml'), 'heat_template_version: 2021-04-16\nresources: {}\n');
    writeFileSync(join(dir, 'app.js'), 'export const image = 42;\n');
    expect(await new WatchTypeCheck(join(dir, 'stack.yaml')).runIfTypesCheck(run)).toBe(0);
    expect(await new WatchTypeCheck(join(dir, 'app.js')).runIfTypesCheck(run)).toBe(0);
    expect(runs).toBe(2);
  }, 120_000);
});
