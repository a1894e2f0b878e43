import { AppLoadError, loadAppFile, SynthError, synthesize } from 'heatstack';
import { describe, expect, test } from 'vitest';
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
