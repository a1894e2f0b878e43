import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadAppFile } from 'heatstack/template';
import { afterAll, describe, expect, test } from 'vitest';
import { mainThreadPlan } from '../../../src/synth/loader/main-thread.js';
import { selfExports } from '../../../src/synth/loader/resolve.js';
import { appImporting as app, imageOf } from './apps.js';

// Which apps load in the main thread (compiled to CommonJS, no loader thread: `src/synth/loader/main-thread.ts`)
// and which need the ES module hooks; and that both kinds load and run as the ES modules they are written as.

const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

const LIBRARY_ROOT = fileURLToPath(new URL('../../../src/', import.meta.url));
const SELF = selfExports(LIBRARY_ROOT, '.ts');
const isUserFile = (file: string) => !file.startsWith(LIBRARY_ROOT) && !file.includes('/node_modules/');

/** A project folder (an ES module package) holding `files` by relative path; gives its stacks/app.ts. */
function project(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'heatstack-main-thread-'));
  roots.push(root);
  for (const [path, text] of Object.entries({ 'package.json': '{"type":"module"}', ...files })) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return join(root, 'stacks', 'app.ts');
}

describe('the main-thread load of an app (no loader thread)', () => {
  test('an app of TypeScript files importing each other (a cycle too), heatstack and Node built-ins qualifies', () => {
    const file = project({
      'stacks/images.ts': "import { tag } from './tags.js';\nexport const web: string = 'nginx:' + tag;\n",
      'stacks/tags.ts': "import './images.js';\nexport const tag = '1';\n",
      'stacks/app.ts': app(
        "import { join } from 'node:path';\nimport fs from 'fs';\nimport { web } from './images.js';",
        'web',
      ),
    });
    expect(mainThreadPlan(file, SELF, isUserFile)).toEqual({ library: [SELF.heatstack] });
  });

  test.each([
    ['a top-level await', "const tag = await Promise.resolve('1');", "'nginx:' + tag"],
    ['import.meta', 'const here = import.meta.url;', "'nginx:' + here.length"],
    ['a package from node_modules', "import { tag } from 'tagged';", "'nginx:' + tag"],
    ['a JavaScript file', "import { web } from './images.js';", 'web'],
    ['a .mts file', "import { web } from './images.mjs';", 'web'],
    ['an imported file with a top-level await', "import { web } from './late.js';", 'web'],
  ])('an app with %s needs the ES module loader, and loads through it as before', async (_, lines, expression) => {
    const file = project({
      'node_modules/tagged/package.json': '{"name":"tagged","type":"module","main":"index.js"}',
      'node_modules/tagged/index.js': "export const tag = 'pkg';\n",
      'stacks/images.js': "export const web = 'nginx:js';\n",
      'stacks/images.mts': "export const web: string = 'nginx:mts';\n",
      'stacks/late.ts': "export const web: string = await Promise.resolve('nginx:late');\n",
      'stacks/app.ts': app(lines, expression),
    });
    expect(mainThreadPlan(file, SELF, isUserFile)).toBeUndefined();
    expect(await imageOf(file)).toMatch(/^nginx:/);
  });

  test('an app loaded in the main thread runs as its ES module would: imports, cycles, a default export', async () => {
    const file = project({
      'stacks/images.ts': "import { tag } from './tags.js';\nexport const web = (): string => 'nginx:' + tag;\n",
      'stacks/tags.ts':
        "import { web } from './images.js';\nexport const tag = '1';\nexport const again = () => web();\n",
      'stacks/app.ts': app(
        "import { basename } from 'node:path';\nimport * as images from './images.js';",
        "images.web() + basename('/x/-y')",
      ),
    });
    expect(mainThreadPlan(file, SELF, isUserFile)).toBeDefined();
    expect(await imageOf(file)).toBe('nginx:1-y');
  });

  test("an error thrown by an app loaded in the main thread names the user's line and column", async () => {
    const file = project({
      'stacks/app.ts':
        'interface P {\n  a: string;\n}\nconst p: P = { a: "x" };\n  throw new Error("no stack " + p.a);\n',
    });
    expect(mainThreadPlan(file, SELF, isUserFile)).toBeDefined();
    await expect(loadAppFile(file)).rejects.toThrow(/app\.ts: no stack x \(at \S*stacks\/app\.ts:5:9\)$/);
  });
  test.each([
    ['in the main thread', ''],
    ['through the ES module loader', 'await 0;'],
  ])(
    'a name an import asks for and the module lacks is an error naming both, at the user’s line (%s)',
    async (_, lines) => {
      // ES modules link names before they run; a module compiled to CommonJS would read `undefined` and go on
      const names = project({
        'stacks/lib.ts': 'export const yes: string = "nginx";\n',
        'stacks/app.ts': app(`import { nope } from './lib.js';\n${lines}`, 'nope'),
      });
      expect(mainThreadPlan(names, SELF, isUserFile) !== undefined).toBe(lines === '');
      await expect(loadAppFile(names)).rejects.toThrow(
        /app\.ts: The requested module '\.\/lib\.js' does not provide an export named 'nope' \(at \S*stacks\/app\.ts:\d+:\d+\)$/,
      );
      const library = project({ 'stacks/app.ts': app(`import { Stak } from 'heatstack';\n${lines}`, 'new Stak()') });
      await expect(loadAppFile(library)).rejects.toThrow(
        /app\.ts: The requested module 'heatstack' does not provide an export named 'Stak' \(at \S*stacks\/app\.ts:\d+:\d+\)$/,
      );
    },
  );
});
