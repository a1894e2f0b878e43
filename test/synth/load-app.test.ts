import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SynthError } from 'heatstack';
import { AppLoadError, loadAppFile, synthesize } from 'heatstack/template';
import { describe, expect, onTestFinished, test } from 'vitest';
import { userFrame } from '../../src/constructs/private/creation-site.js';
import { Call } from '../../src/template/model.js';

const fixture = (name: string) => `test/fixtures/apps/${name}`;

describe('loadAppFile', () => {
  test('loads a TypeScript app file without a compile step and finds the App it created', async () => {
    const app = await loadAppFile('examples/wordpress.ts');
    const [stack] = synthesize(app);
    expect(stack!.stackName).toBe('Wordpress');
    // the Calls are this copy's, whichever copy of heatstack the app file loaded
    expect(stack!.template.outputs.BlogURL!.value).toBeInstanceOf(Call);
  });

  test('an app file that calls app.synth() itself is fine, and every stack comes back', async () => {
    const app = await loadAppFile(fixture('multi-stack.ts'));
    expect(synthesize(app).map((s) => s.stackName)).toEqual(['Front', 'Back']);
  });

  test('loads a JavaScript app file', async () => {
    const app = await loadAppFile(fixture('plain.mjs'));
    expect(synthesize(app, { dialect: 'hot' })[0]!.template.resources.Web!.type).toBe('DockerInc::Docker::Container');
  });

  test('the default export wins when the file created several Apps', async () => {
    const app = await loadAppFile(fixture('two-apps-default.ts'));
    expect(synthesize(app).map((s) => s.stackName)).toEqual(['Two']);
  });

  test('several Apps and no default export is an error saying what to do', async () => {
    await expect(loadAppFile(fixture('two-apps.ts'))).rejects.toThrow(/created 2 Apps: `export default` the one/);
  });

  test('a file that creates no App is an error saying what to add', async () => {
    await expect(loadAppFile(fixture('no-app.ts'))).rejects.toThrow(
      /no-app\.ts created no App: add `const app = new App\(\);`/,
    );
  });

  test('a missing file is an AppLoadError', async () => {
    await expect(loadAppFile(fixture('nope.ts'))).rejects.toThrow(AppLoadError);
  });

  // Under vitest, whose stack trace handler does not apply tsx's source maps, lines are those of the transformed
  // file; the CLI tests (test/cli/synth.test.ts) check the exact lines a user sees.
  test("an error thrown by the file's own code names the file and line that caused it", async () => {
    await expect(loadAppFile(fixture('duplicate-id.ts'))).rejects.toThrow(
      /duplicate-id\.ts: There is already a Construct with name 'Web'.* \(at test\/fixtures\/apps\/duplicate-id\.ts:\d+:\d+\)/s,
    );
  });

  test('synth problems come back as one SynthError of this copy, with every problem', async () => {
    const app = await loadAppFile(fixture('invalid.ts'));
    let error: unknown;
    try {
      synthesize(app);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SynthError);
    const problems = (error as SynthError).problems;
    expect(problems.map((p) => p.path)).toEqual(['Bad/Web', 'Bad/Db']);
    expect(problems.map((p) => p.source)).toEqual([
      expect.stringMatching(/^test\/fixtures\/apps\/invalid\.ts:\d+:\d+$/),
      expect.stringMatching(/^test\/fixtures\/apps\/invalid\.ts:\d+:\d+$/),
    ]);
  });
});

describe('loadAppFile: where a load error points', () => {
  /** A folder outside the project with `stacks/<name>` files and a package whose "exports" has no main entry. */
  function project(files: Record<string, string>): string {
    const root = mkdtempSync(join(tmpdir(), 'heatstack-load-app-'));
    onTestFinished(() => rmSync(root, { recursive: true, force: true }));
    mkdirSync(join(root, 'node_modules', 'no-main'), { recursive: true });
    writeFileSync(
      join(root, 'node_modules', 'no-main', 'package.json'),
      JSON.stringify({ name: 'no-main', type: 'module', exports: { './x': './x.js' } }),
    );
    mkdirSync(join(root, 'stacks'));
    for (const [name, text] of Object.entries(files)) writeFileSync(join(root, 'stacks', name), text);
    return root;
  }

  async function loadError(file: string): Promise<string> {
    try {
      await loadAppFile(file);
    } catch (e) {
      expect(e).toBeInstanceOf(AppLoadError);
      return (e as Error).message;
    }
    throw new Error(`${file} loaded`);
  }

  test('an error raised inside Node while importing (no "exports" main) shows no location inside Node', async () => {
    // GIVEN an app importing a package that cannot be resolved
    const root = project({ 'blog.ts': "import x from 'no-main';\nexport default x;\n" });
    // WHEN
    const message = await loadError(join(root, 'stacks', 'blog.ts'));
    // THEN the reason is there, and no frame of Node's own modules
    expect(message).toMatch(/blog\.ts: No "exports" main defined in .*no-main/);
    expect(message).not.toContain('(at ');
    expect(message).not.toMatch(/modules\/esm|node:internal/);
  });

  test('a syntax error names the file, line and column (1-based) of the mistake', async () => {
    // GIVEN `;` where an expression belongs, in line 2, column 11
    const root = project({ 'syntax.ts': 'const a = 1;\nconst b = ;\nexport default [a, b];\n' });
    // WHEN
    const message = await loadError(join(root, 'stacks', 'syntax.ts'));
    // THEN
    expect(message).toMatch(/syntax\.ts: Unexpected ";" \(at \S*stacks\/syntax\.ts:2:11\)$/);
    expect(message).not.toMatch(/streams|Transform failed/);
  });

  test.each([
    ['an ES module (.mjs)', 'syntax.mjs', {}],
    ['a .js file of an ES module project', 'syntax.js', { type: 'module' }],
    ['a CommonJS file (.cjs)', 'syntax.cjs', {}],
    ['a .js file of a CommonJS project', 'syntax.js', { type: 'commonjs' }],
  ])('a syntax error in JavaScript, %s, names the file, line and column too', async (_, name, manifest) => {
    // GIVEN `;` where an expression belongs, in line 2, column 11, in plain JavaScript (which tsx does not compile)
    const root = project({ [name]: 'const a = 1;\nconst b = ;\nexport default [a, b];\n' });
    writeFileSync(join(root, 'package.json'), JSON.stringify(manifest));
    // WHEN
    const message = await loadError(join(root, 'stacks', name));
    // THEN
    expect(message).toMatch(
      new RegExp(
        `${name.replace('.', '\\.')}: Unexpected (token ';'|";") \\(at \\S*stacks/${name.replace('.', '\\.')}:2:11\\)$`,
      ),
    );
  });

  test('new URL() of a string holding a token is an error naming the line and the token, not "Invalid URL"', async () => {
    // GIVEN an app that parses a URL whose host is a container's address
    const app = [
      "import { App, DockerContainer, Output, Stack } from 'heatstack';",
      'const app = new App();',
      "const stack = new Stack(app, 'S');",
      "const db = new DockerContainer(stack, 'Database', { image: 'mysql' });",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the app's own template literal
      "new Output(stack, 'Url', { value: new URL(`http://${db.networkIp}:80/`).href });",
      'export default app;',
      '',
    ].join('\n');
    const root = project({ 'url.ts': app });
    writeFileSync(join(root, 'package.json'), JSON.stringify({ type: 'module' }));
    // WHEN
    const message = await loadError(join(root, 'stacks', 'url.ts'));
    // THEN
    expect(message).toMatch(
      /url\.ts: new URL\('http:\/\/\$\{Token\[Database\.network_ip\.\d+\]\}:80\/'\) failed: it holds a token/,
    );
    // (lines under vitest are those of the transformed file: the CLI shows the line the user wrote)
    expect(message).toMatch(/\(at \S*stacks\/url\.ts:\d+:\d+\)$/);
  });

  test('a syntax error in a file the app imports points at that file', async () => {
    const root = project({ 'app.ts': "import './broken.js';\n", 'broken.ts': 'export const x = (;\n' });
    const message = await loadError(join(root, 'stacks', 'app.ts'));
    expect(message).toMatch(/app\.ts: Unexpected ";" \(at \S*stacks\/broken\.ts:1:19\)$/);
  });
});

describe('userFrame', () => {
  test("only the user's files count: Node's internals, node_modules and heatstack itself are skipped", () => {
    const stack = [
      'Error: x',
      '    at finalizeResolution (node:internal/modules/esm/resolve:322:10)',
      '    at Readable.push (node:internal/streams/readable:561:12)',
      '    at load (/work/app/node_modules/tsx/dist/esm/index.mjs:2:100)',
      `    at synth (${process.cwd()}/src/synth/synthesizer.ts:10:5)`,
    ].join('\n');
    expect(userFrame(stack)).toBeUndefined();
    expect(userFrame(`${stack}\n    at file:///home/me/stacks/blog.ts:3:7`)).toMatch(/home\/me\/stacks\/blog\.ts:3:7$/);
  });
});
