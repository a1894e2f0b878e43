import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { StateStore } from '../../../src/deploy/state/store.js';
import { describeDocker, testDocker } from '../../support/docker.js';
import { TEST_IMAGES } from '../../support/images.js';
import { type E2eWorkspace, e2eWorkspace, spawnCli } from '../support/e2e.js';

// `heatstack rollback`: the stack returns to its previous successful template and parameters, and forward again.
let ws: E2eWorkspace;

/** Web's env reads both parameters. A template in JSON (YAML too). */
function templateFile(name: string): string {
  const env = (key: string, parameter: string) => ({ list_join: ['=', [key, { get_param: parameter }]] });
  const template = {
    heat_template_version: '2021-04-16',
    parameters: { Greeting: { type: 'string' }, Secret: { type: 'string', hidden: true } },
    resources: {
      Web: {
        type: 'DockerInc::Docker::Container',
        properties: {
          image: TEST_IMAGES.busybox,
          cmd: ['sleep', '3600'],
          env: [env('GREETING', 'Greeting'), env('S', 'Secret')],
        },
      },
    },
  };
  const file = join(ws.dir, `${name}.yaml`);
  writeFileSync(file, JSON.stringify(template));
  return file;
}

const cli = (args: string[]) => spawnCli(args, ws.stateDir).done;

async function greetingOf(stack: string): Promise<string | undefined> {
  const record = await new StateStore(ws.stateDir).load(stack);
  const info = await (await testDocker()).getContainer(record?.resources.Web?.physicalId ?? 'none').inspect();
  return info.Config.Env.find((e) => e.startsWith('GREETING='));
}

describeDocker('heatstack rollback', () => {
  ws = e2eWorkspace('rollback');

  test('returns to the previous template and parameters, a hidden one given again; a second one goes forward', async () => {
    const file = templateFile('greeting');
    const stack = ws.newStack('rollback');
    const deploy = (greeting: string) =>
      cli(['deploy', file, '--stack', stack, '-P', `Greeting=${greeting}`, '-P', 'Secret=s3cret-value']);
    expect((await deploy('one')).code).toBe(0);
    const none = await cli(['rollback', '--stack', stack]);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('has no previous deploy to return to');
    expect((await deploy('two')).code).toBe(0);
    expect(await greetingOf(stack)).toBe('GREETING=two');

    const unknown = await cli(['rollback', '--stack', stack]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('the previous value of hidden parameter Secret is stored only as a hash');
    const wrong = await cli(['rollback', '--stack', stack, '-P', 'Secret=guess']);
    expect(wrong.stderr).toContain('-P Secret: not the value the previous deploy had');

    const back = await cli(['rollback', '--stack', stack, '-P', 'Secret=s3cret-value']);
    expect(back.code, back.stderr).toBe(0);
    expect(back.stdout).toContain(`Stack ${stack}: UPDATE_COMPLETE`);
    expect(await greetingOf(stack)).toBe('GREETING=one');
    const forward = await cli(['rollback', '--stack', stack, '-P', 'Secret=s3cret-value']);
    expect(forward.code, forward.stderr).toBe(0);
    expect(await greetingOf(stack)).toBe('GREETING=two');
  }, 240_000);
});
