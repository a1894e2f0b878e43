import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { StateStore } from '../../src/deploy/state/store.js';
import { e2eWorkspace, spawnCli } from '../deploy/support/e2e.js';
import { describeDocker } from '../support/docker.js';
import { TEST_IMAGES } from '../support/images.js';

// A reader that closes its end of the pipe early (`heatstack synth app.ts | head`, `… | true`) ends the run as it ends
// `git log | head`: quietly, with status 0, never with Node's EPIPE stack trace. A verb that changes a stack is not
// cut short by it: it runs to its end, its output dropped.
const stateDir = mkdtempSync(join(tmpdir(), 'heatstack-closed-output-'));
afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

const SEED = 'test/fixtures/seed/wordpress_mysql.yml';

/** Runs the CLI with its standard output's reader gone before it writes anything. */
async function withClosedOutput(args: string[], state = stateDir) {
  const run = spawnCli(args, state);
  run.child.stdout?.destroy();
  return run.done;
}

describe('standard output closed early', () => {
  test.each([
    ['synth of an app', ['synth', 'examples/wordpress.ts']],
    ['convert of a template', ['convert', SEED, '--dialect', 'hot', '--format', 'json']],
    ['the usage', ['--help']],
    ['ls', ['ls']],
  ])(
    '%s ends quietly with status 0',
    async (_, args) => {
      const done = await withClosedOutput(args);
      expect(done.stderr).toBe('');
      expect(done.code).toBe(0);
    },
    60_000,
  );
});

describeDocker('standard output closed early during a deploy', () => {
  const ws = e2eWorkspace('closed-output');

  test('the deploy runs to its end and exits with its own status', async () => {
    const file = join(ws.dir, 'one.yaml');
    writeFileSync(
      file,
      `heat_template_version: 2021-04-16\nresources:\n  Web:\n    type: DockerInc::Docker::Container\n` +
        `    properties: { image: ${TEST_IMAGES.busybox}, cmd: [sleep, "3600"] }\n`,
    );
    const stack = ws.newStack('closed-output');
    const done = await withClosedOutput(['deploy', file, '--stack', stack], ws.stateDir);
    expect(done.code, done.stderr).toBe(0);
    expect(done.stderr).not.toContain('EPIPE');
    expect((await new StateStore(ws.stateDir).load(stack))?.status).toBe('CREATE_COMPLETE');
  }, 120_000);
});
