import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { AppLoadError, loadAppFile } from 'heatstack/template';
import { afterAll, describe, expect, test } from 'vitest';
import { inFolder } from '../../support/cli.js';
import { appImporting, imageOf } from './apps.js';

const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

/** A project folder outside the repository: `files` by relative path (package.json, tsconfig.json, stacks…). */
function project(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'heatstack-loader-'));
  roots.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

describe('the app loader', () => {
  test.each([
    ['an ES module project', { type: 'module' }, 'app.ts'],
    ['a CommonJS project', { type: 'commonjs' }, 'app.ts'],
    ['a project whose package.json has no type (its ES module syntax decides)', {}, 'app.ts'],
    ['a .mts file', {}, 'app.mts'],
    ['a .cts file', { type: 'module' }, 'app.cts'],
  ])('loads a TypeScript app of %s, and the TypeScript files it imports as ./x.js', async (_, manifest, name) => {
    // GIVEN an app importing a TypeScript module by the name it has once compiled, with types, an enum and an interface
    const lib = 'export enum Tier { Web = "nginx" }\nexport interface Named { name: string }\n';
    const extension = name.endsWith('.mts') ? '.mjs' : name.endsWith('.cts') ? '.cjs' : '.js';
    const libName = `lib${extension.replace('js', 'ts')}`;
    const root = project({
      'package.json': JSON.stringify(manifest),
      [`stacks/${libName}`]: lib,
      [`stacks/${name}`]: appImporting(`import { Tier, type Named } from './lib${extension}';`, 'Tier.Web as string'),
    });
    // WHEN / THEN
    expect(await imageOf(join(root, 'stacks', name))).toBe('nginx');
  });

  test('a TypeScript app in a folder with no package.json is an ES module when it uses ES module syntax', async () => {
    // (as Node decides for a file no package.json gives a type: by its syntax)
    const root = project({
      'stacks/lib.ts': 'export const web: string = "nginx:typeless";\n',
      'stacks/app.ts': appImporting("import { web } from './lib.js';", 'web'),
    });
    expect(await imageOf(join(root, 'stacks', 'app.ts'))).toBe('nginx:typeless');
  });

  test('a TypeScript app in a folder with no package.json is CommonJS when it uses require', async () => {
    const app = [
      "const { App, DockerContainer, Stack } = require('heatstack');",
      'const app = new App();',
      "const image: string = 'nginx:required';",
      "new DockerContainer(new Stack(app, 'S'), 'Web', { image });",
      'module.exports = app;',
      '',
    ].join('\n');
    const root = project({ 'stacks/app.ts': app });
    expect(await imageOf(join(root, 'stacks', 'app.ts'))).toBe('nginx:required');
  });

  test('a TypeScript import with no extension, and of a folder, finds the file and its index.ts', async () => {
    const root = project({
      'package.json': '{"type":"module"}',
      'stacks/images.ts': 'export const base = "nginx";\n',
      'stacks/tags/index.ts': 'export const tag: string = "1.25";\n',
      'stacks/app.ts': appImporting(
        "import { base } from './images';\nimport { tag } from './tags';",
        'base + ":" + tag',
      ),
    });
    expect(await imageOf(join(root, 'stacks', 'app.ts'))).toBe('nginx:1.25');
  });

  test('tsconfig.json paths of the working folder apply, as with tsc (`extends` followed)', async () => {
    const root = project({
      'package.json': '{"type":"module"}',
      'tsconfig.base.json':
        '{\n  // comments and trailing commas, as tsconfig files have them\n  "compilerOptions": { "baseUrl": ".", "paths": { "@lib/*": ["lib/*"], }, },\n}\n',
      'tsconfig.json': '{ "extends": "./tsconfig.base.json" }',
      'lib/images.ts': 'export const web: string = "nginx:stable";\n',
      'stacks/app.ts': appImporting("import { web } from '@lib/images.js';", 'web'),
    });
    const image = await inFolder(root, () => imageOf(join(root, 'stacks', 'app.ts')));
    expect(image).toBe('nginx:stable');
  });

  test.each(['module', 'commonjs'])(
    'every load is a fresh module graph (%s): a changed imported file is read again',
    async (type) => {
      const root = project({
        'package.json': JSON.stringify({ type }),
        'stacks/images.ts': 'export const web: string = "nginx:1";\n',
        'stacks/app.ts': appImporting("import { web } from './images.js';", 'web'),
      });
      const app = join(root, 'stacks', 'app.ts');
      expect(await imageOf(app)).toBe('nginx:1');
      writeFileSync(join(root, 'stacks', 'images.ts'), 'export const web: string = "nginx:2";\n');
      expect(await imageOf(app)).toBe('nginx:2');
    },
  );

  test.each([
    ['ES module', { type: 'module' }],
    ['CommonJS', { type: 'commonjs' }],
  ])(
    "a %s TypeScript app's error names the line and column the user wrote (after a type-only line)",
    async (_, manifest) => {
      // GIVEN types that take room in the source, then a throw in line 7, column 7
      const app = [
        'interface Props {',
        '  readonly a: string;',
        '  readonly b: number;',
        '}',
        'const props: Props = { a: "x", b: 1 };',
        'if (props.b === 1) {',
        '  throw new Error("no stack for " + (props.a as string));',
        '}',
        '',
      ].join('\n');
      const root = project({ 'package.json': JSON.stringify(manifest), 'stacks/app.ts': app });
      // WHEN / THEN
      await expect(loadAppFile(join(root, 'stacks', 'app.ts'))).rejects.toThrow(
        /app\.ts: no stack for x \(at \S*stacks\/app\.ts:7:9\)$/,
      );
    },
  );

  test('a type error the compiler cannot get past is an AppLoadError at its 1-based line and column', async () => {
    const root = project({ 'package.json': '{"type":"module"}', 'stacks/app.ts': 'const a: = 1;\n' });
    const error = await loadAppFile(join(root, 'stacks', 'app.ts')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppLoadError);
    expect((error as Error).message).toMatch(/app\.ts: Unexpected "=" \(at \S*stacks\/app\.ts:1:10\)$/);
  });
});
