import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { LABELS } from '../../../src/deploy/handler.js';
import { describeDocker, testDocker } from '../../support/docker.js';
import { TEST_IMAGES } from '../../support/images.js';
import { type E2eWorkspace, e2eWorkspace, spawnCli, waitForOutput } from '../support/e2e.js';

// `heatstack deploy --watch`, through the real CLI: a save that changes one container's props replaces that
// container and leaves the other running as it was; a save that does not synthesize or does not type-check is
// reported at its line and touches nothing; Ctrl-C ends the loop with the stack running.

const SLEEP = 'trap "exit 0" TERM; sleep 3600 & wait';
let ws: E2eWorkspace;

/** The app: Web (reading `greeting`) and Db, busybox containers that sleep. */
function app(greeting: string, extra = ''): string {
  return [
    "import { App, DockerContainer, Stack } from 'heatstack';",
    'const app = new App();',
    "const stack = new Stack(app, 'Watched');",
    `const cmd = ['sh', '-c', ${JSON.stringify(SLEEP)}];`,
    `new DockerContainer(stack, 'Web', { image: '${TEST_IMAGES.busybox}', cmd, env: ['GREETING=${greeting}'] });${extra}`,
    `new DockerContainer(stack, 'Db', { image: '${TEST_IMAGES.busybox}', cmd });`,
    'export default app;',
    '',
  ].join('\n');
}

/** The stack's containers: logical id → its container id and whether it runs. */
async function containersOf(stack: string): Promise<Record<string, { id: string; running: boolean }>> {
  const docker = await testDocker();
  const filters = JSON.stringify({ label: [`${LABELS.stack}=${stack}`] });
  const out: Record<string, { id: string; running: boolean }> = {};
  for (const c of await docker.listContainers({ all: true, filters })) {
    out[c.Labels[LABELS.resource] ?? ''] = { id: c.Id, running: c.State === 'running' };
  }
  return out;
}

const runLine = (n: number, outcome = 'done') =>
  new RegExp(`^heatstack: deploy run ${n}\\b.*: ${outcome} in \\d+ ms`, 'm');

describeDocker('heatstack deploy --watch', () => {
  ws = e2eWorkspace('watch');

  test('a save replaces the container whose props changed and nothing else; a broken save touches nothing', async () => {
    const stack = ws.newStack('watch');
    const file = join(ws.dir, 'app.ts');
    writeFileSync(join(ws.dir, 'package.json'), '{"type":"module"}');
    writeFileSync(file, app('hello'));
    const run = spawnCli(['deploy', file, '--stack', stack, '--watch'], ws.stateDir);
    try {
      // the first run loads the type checker and checks heatstack's own sources too: slow on a busy machine
      await waitForOutput(run, (e) => runLine(1).test(e), 180_000);
      const first = await containersOf(stack);
      expect(Object.keys(first).sort()).toEqual(['Db', 'Web']);

      // Web's env changes: Web is replaced, Db keeps its container
      writeFileSync(file, app('hey'));
      await waitForOutput(run, (e) => runLine(2).test(e), 120_000);
      const second = await containersOf(stack);
      expect(second.Db).toEqual(first.Db);
      expect(second.Web!.id).not.toBe(first.Web!.id);
      expect(second.Web!.running).toBe(true);
      const env = (await (await testDocker()).getContainer(second.Web!.id).inspect()).Config.Env;
      expect(env).toContain('GREETING=hey');

      // a syntax error: reported at its line; the stack is left as it runs
      writeFileSync(file, app('oops', '\nconst broken = ;'));
      await waitForOutput(run, (e) => runLine(3, 'exit 1').test(e), 120_000);
      expect(run.stderr()).toMatch(/heatstack: \S*app\.ts: Unexpected ";" \(at \S*app\.ts:6:16\)\n/);
      // a mistake the types would catch, found at synth: the construct and the line that created it
      writeFileSync(
        file,
        app('oops').replace("env: ['GREETING=oops']", "env: ['GREETING=oops'], cpuShares: 'x' as unknown as number"),
      );
      await waitForOutput(run, (e) => runLine(4, 'exit 1').test(e), 120_000);
      expect(run.stderr()).toMatch(/Watched\/Web \(created at \S*app\.ts:5:1\)/);
      expect(await containersOf(stack)).toEqual(second);
      // a type error synth would let through (Heat reads 42 as the String "42", and Web would be replaced): the
      // type check's error at its file:line:col, and nothing touched
      writeFileSync(file, app('typed').replace("env: ['GREETING=typed']", "env: ['GREETING=typed'], hostname: 42"));
      await waitForOutput(run, (e) => runLine(5, 'exit 1').test(e), 120_000);
      expect(run.stderr()).toMatch(
        /^heatstack: \S*app\.ts:5:\d+: error TS2322: Type 'number' is not assignable to type 'string'\.$/m,
      );
      expect(await containersOf(stack)).toEqual(second);

      run.child.kill('SIGINT');
      const end = await run.done;
      expect(end.code).toBe(0);
      expect(end.stderr).toMatch(/heatstack: deploy --watch stopped\n$/);
      // each save was one run: the first deploy and four saves
      expect(end.stderr.match(/^heatstack: deploy run \d+/gm)).toHaveLength(5);
      expect(await containersOf(stack)).toEqual(second);
    } finally {
      run.child.kill('SIGKILL');
    }
  }, 400_000);
});
