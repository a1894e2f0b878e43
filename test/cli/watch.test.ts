import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type CliRun, spawnCli, waitForOutput } from '../deploy/support/e2e.js';

// `heatstack synth --watch`, through the real CLI in a subprocess, edited as a person edits: each save is one run,
// a save of a file the app imports counts, a burst of saves is one run, a save of the same text is none, and a
// mistake (a syntax error, a type error, a prop synth refuses) is reported at its line while the loop goes on.
// Ctrl-C ends it with exit 0.

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'heatstack-watch-'));
  writeFileSync(join(dir, 'package.json'), '{"type":"module"}');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The app: one stack, a Web container of `image`, and a Db container whose image comes from `images.ts`. */
function app(image: string, extra = ''): string {
  return [
    "import { App, DockerContainer, Stack } from 'heatstack';",
    "import { database } from './images.js';",
    'const app = new App();',
    "const stack = new Stack(app, 'Watched');",
    `new DockerContainer(stack, 'Web', { image: '${image}' });${extra}`,
    "new DockerContainer(stack, 'Db', { image: database });",
    'export default app;',
    '',
  ].join('\n');
}

const runLine = (n: number, outcome = 'done') =>
  new RegExp(`^heatstack: synth run ${n}\\b.*: ${outcome} in \\d+ ms`, 'm');
const runs = (stderr: string) => stderr.match(/^heatstack: synth run \d+/gm)?.length ?? 0;

describe('heatstack synth --watch', () => {
  let run: CliRun;
  const appFile = () => join(dir, 'app.ts');
  const imagesFile = () => join(dir, 'images.ts');
  /** The Image lines of the last template printed. */
  const lastImages = () => {
    const documents = run.stdout().split(/^HeatTemplateFormatVersion/m);
    return documents[documents.length - 1]!.match(/Image: \S+/g);
  };

  test('each save is one run, of the app or of a file it imports; a mistake is reported at its line and waited out', async () => {
    writeFileSync(imagesFile(), "export const database: string = 'mysql:8';\n");
    writeFileSync(appFile(), app('nginx:1'));
    run = spawnCli(['synth', appFile(), '--watch'], join(dir, 'state'));
    try {
      // the first run loads the type checker and checks heatstack's own sources too: slow on a busy machine
      await waitForOutput(run, (e) => runLine(1).test(e), 180_000);
      expect(lastImages()).toEqual(['Image: nginx:1', 'Image: mysql:8']);

      // a save of the app file
      writeFileSync(appFile(), app('nginx:2'));
      await waitForOutput(run, (e) => runLine(2).test(e));
      expect(run.stderr()).toMatch(/synth run 2 \(\S*app\.ts changed\)/);
      expect(lastImages()).toEqual(['Image: nginx:2', 'Image: mysql:8']);

      // a save of a file the app imports
      writeFileSync(imagesFile(), "export const database: string = 'mysql:9';\n");
      await waitForOutput(run, (e) => runLine(3).test(e));
      expect(lastImages()).toEqual(['Image: nginx:2', 'Image: mysql:9']);

      // a burst of saves (an editor writing in pieces) is one run, of the last text
      for (const tag of ['3a', '3b', '3']) writeFileSync(appFile(), app(`nginx:${tag}`));
      await waitForOutput(run, (e) => runLine(4).test(e));
      expect(lastImages()).toEqual(['Image: nginx:3', 'Image: mysql:9']);

      // a syntax error: reported with its file:line:col, and nothing printed on standard output
      const printed = run.stdout();
      writeFileSync(appFile(), app('nginx:4', '\nconst broken = ;'));
      await waitForOutput(run, (e) => runLine(5, 'exit 1').test(e));
      expect(run.stderr()).toMatch(/heatstack: \S*app\.ts: Unexpected ";" \(at \S*app\.ts:6:16\)\n/);
      expect(run.stdout()).toBe(printed);

      // a mistake the types would catch, found at synth: the construct and the line that created it
      writeFileSync(
        appFile(),
        app('nginx:5').replace("{ image: 'nginx:5' }", "{ image: 'nginx:5', cpuShares: 'many' as unknown as number }"),
      );
      await waitForOutput(run, (e) => runLine(6, 'exit 1').test(e));
      expect(run.stderr()).toMatch(/Watched\/Web \(created at \S*app\.ts:5:1\): Properties\.cpu_shares: /);

      // a type error synth does not meet (Heat reads a number as a String property's text): the type check's, at
      // its file:line:col, and nothing synthesized
      writeFileSync(appFile(), app('nginx:5').replace("{ image: 'nginx:5' }", '{ image: 42 }'));
      await waitForOutput(run, (e) => runLine(7, 'exit 1').test(e));
      expect(run.stderr()).toMatch(
        /^heatstack: \S*app\.ts:5:37: error TS2322: Type 'number' is not assignable to type 'string'\.\nheatstack: synth run 7 /m,
      );
      expect(run.stdout()).toBe(printed);

      // the same text saved again is no run (given time to be one: an absence has no event to wait for); the fix is
      writeFileSync(imagesFile(), "export const database: string = 'mysql:9';\n");
      await new Promise((r) => setTimeout(r, 1000));
      writeFileSync(appFile(), app('nginx:6'));
      await waitForOutput(run, (e) => runLine(8).test(e));
      expect(lastImages()).toEqual(['Image: nginx:6', 'Image: mysql:9']);

      // Ctrl-C ends the loop cleanly
      run.child.kill('SIGINT');
      const end = await run.done;
      expect(end.code).toBe(0);
      expect(end.stderr).toMatch(/heatstack: synth --watch stopped\n$/);
      expect(runs(end.stderr)).toBe(8);
    } finally {
      run.child.kill('SIGKILL');
    }
  }, 400_000);

  test('an atomic save (a new file renamed over the old), twice in quick succession, is followed as any save', async () => {
    // (as editors save, and `sed -i`: the watch of the old file followed it away and was lost for good)
    const atomicSave = (file: string, text: string) => {
      writeFileSync(`${file}.tmp`, text);
      renameSync(`${file}.tmp`, file);
    };
    writeFileSync(imagesFile(), "export const database: string = 'mysql:8';\n");
    writeFileSync(appFile(), app('nginx:1'));
    run = spawnCli(['synth', appFile(), '--watch'], join(dir, 'state'));
    try {
      await waitForOutput(run, (e) => runLine(1).test(e), 180_000);

      // two atomic saves of the app at once: one run, of the last text
      atomicSave(appFile(), app('nginx:2a'));
      atomicSave(appFile(), app('nginx:2'));
      await waitForOutput(run, (e) => runLine(2).test(e));
      expect(lastImages()).toEqual(['Image: nginx:2', 'Image: mysql:8']);

      // and again, of the file the app imports
      atomicSave(imagesFile(), "export const database: string = 'mysql:9a';\n");
      atomicSave(imagesFile(), "export const database: string = 'mysql:9';\n");
      await waitForOutput(run, (e) => runLine(3).test(e));
      expect(lastImages()).toEqual(['Image: nginx:2', 'Image: mysql:9']);

      // then an ordinary save of each is still seen
      writeFileSync(appFile(), app('nginx:4'));
      await waitForOutput(run, (e) => runLine(4).test(e));
      expect(lastImages()).toEqual(['Image: nginx:4', 'Image: mysql:9']);
      writeFileSync(imagesFile(), "export const database: string = 'mysql:10';\n");
      await waitForOutput(run, (e) => runLine(5).test(e));
      expect(lastImages()).toEqual(['Image: nginx:4', 'Image: mysql:10']);
      expect(run.stderr()).toMatch(/synth run 5 .*watching 2 files/);

      run.child.kill('SIGINT');
      expect((await run.done).code).toBe(0);
    } finally {
      run.child.kill('SIGKILL');
    }
  }, 400_000);
});
