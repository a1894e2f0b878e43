import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { ROOT } from '../deploy/support/e2e.js';
import { heatstack } from '../support/cli.js';

// `validate` and `convert` take a template. Given an app (a TypeScript or JavaScript file), they say so and what to
// run, rather than print its code's YAML errors; a template on standard input is FILE "-" for both.
const APP = 'examples/wordpress.ts';
const SEED = 'test/fixtures/seed/wordpress_mysql.yml';

describe('an app where a template is expected', () => {
  test.each(['app.ts', 'app.mts', 'app.cts', 'app.js', 'app.mjs', 'app.cjs', 'APP.TS'])(
    'validate %s says it is an app and names synth, before reading it',
    async (file) => {
      await expect(heatstack('validate', file)).rejects.toThrow(
        new UsageError(
          `validate: ${file} is an app, not a template: \`heatstack synth ${file}\` synthesizes and checks its ` +
            `templates (\`heatstack synth ${file} | heatstack validate -\` validates the one it prints)`,
        ),
      );
    },
  );

  test('convert of an app says it is an app and names synth', async () => {
    await expect(heatstack('convert', APP, '--dialect', 'cfn')).rejects.toThrow(
      new UsageError(
        `convert: ${APP} is an app, not a template: \`heatstack synth ${APP}\` synthesizes its templates ` +
          `(\`heatstack synth ${APP} | heatstack convert - --dialect cfn\` converts the one it prints)`,
      ),
    );
  });
});

describe('validate -', () => {
  const cli = (args: string[], input: string) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'test/deploy/support/heatstack-cli.ts', ...args], {
      cwd: ROOT,
      input,
      encoding: 'utf8',
    });

  test('reads the template from standard input', () => {
    const done = cli(['validate', '-'], readFileSync(`${ROOT}/${SEED}`, 'utf8'));
    expect([done.status, done.stdout, done.stderr]).toEqual([0, '<stdin>: valid\n', '']);
  });

  test('names standard input in each problem', () => {
    const done = cli(
      ['validate', '-'],
      'heat_template_version: 2021-04-16\nresources:\n  a: {type: OS::Heat::None, depends_on: [b]}\n',
    );
    expect(done.status).toBe(1);
    expect(done.stdout).toMatch(/^<stdin>:3:\d+: a depends on "b"/);
    expect(done.stdout).toContain('<stdin>: invalid (1 error)\n');
  });
});
