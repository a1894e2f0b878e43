import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { describeDocker } from '../../support/docker.js';
import { TEST_IMAGES } from '../../support/images.js';
import { type E2eWorkspace, e2eWorkspace, spawnCli } from '../support/e2e.js';

let ws: E2eWorkspace;

const SLEEP = 'trap "exit 0" TERM; sleep 3600 & wait';

function template(): string {
  const file = join(ws.dir, 'greeting.yaml');
  writeFileSync(
    file,
    `heat_template_version: 2021-04-16
parameters:
  Greeting: {type: string, default: hello}
  Password: {type: string, hidden: true}
resources:
  Web:
    type: DockerInc::Docker::Container
    properties:
      image: ${TEST_IMAGES.busybox}
      cmd: [sh, -c, '${SLEEP}']
      env:
        - {list_join: ['=', [GREETING, {get_param: Greeting}]]}
        - {list_join: ['=', [PASSWORD, {get_param: Password}]]}
`,
  );
  return file;
}

const cli = async (...args: string[]) => spawnCli(args, ws.stateDir).done;

/** The stack's container id, from its state file. */
function webId(stack: string): string | undefined {
  const record = JSON.parse(readFileSync(join(ws.stateDir, `${stack}.json`), 'utf8')) as {
    resources: Record<string, { physicalId?: string }>;
  };
  return record.resources.Web?.physicalId;
}

const stateFiles = () =>
  readdirSync(ws.stateDir)
    .sort()
    .map((f) => [f, readFileSync(join(ws.stateDir, f), 'utf8')]);

describeDocker('parameters across deploys', () => {
  ws = e2eWorkspace('params');

  test('a value left out is called out; --existing keeps it; a hidden one must be given again; diff lists what differs', async () => {
    // GIVEN a stack deployed with a greeting that is not the default
    const stack = ws.newStack('params');
    const file = template();
    const first = await cli('deploy', file, '--stack', stack, '-P', 'Greeting=hey', '-P', 'Password=swordfish');
    expect(first.code).toBe(0);
    const id = webId(stack);

    // WHEN diffed without the greeting: the default would replace it, and diff says so, and why
    const leftOut = await cli('diff', file, '--stack', stack, '-P', 'Password=swordfish');
    expect(leftOut.stderr).toBe(
      "heatstack: warning: Greeting: the default 'hello' replaces the last deploy's 'hey' (pass --existing to keep it)\n",
    );
    expect(leftOut.stdout).toBe(
      [
        '~ parameter Greeting: "hey" → "hello"',
        '~ replace Web: configuration changed (env[0]); create before delete',
        '    env[0]: "GREETING=hey" → "GREETING=hello"',
        '',
        '0 to create, 1 to replace, 0 to delete, 0 unchanged',
        '',
      ].join('\n'),
    );

    // WHEN diffed with --existing: nothing changes
    const existing = await cli('diff', file, '--stack', stack, '--existing', '-P', 'Password=swordfish', '--fail');
    expect({ code: existing.code, stderr: existing.stderr }).toEqual({ code: 0, stderr: '' });
    expect(existing.stdout).toBe('= keep Web: unchanged\n\nNo changes.\n');

    // WHEN the hidden value is left out with --existing: an error naming it, and nothing touched
    const before = stateFiles();
    const noPassword = await cli('deploy', file, '--stack', stack, '--existing');
    expect(noPassword.code).toBe(1);
    expect(noPassword.stderr).toContain('hidden parameter Password');
    expect(noPassword.stderr).toContain('-P Password=…');
    expect(stateFiles()).toEqual(before);

    // WHEN deployed with --existing: the container stays
    const again = await cli('deploy', file, '--stack', stack, '--existing', '-P', 'Password=swordfish');
    expect(again.code).toBe(0);
    expect(webId(stack)).toBe(id);

    // WHEN the hidden value changes: diff says so without showing it
    const changed = await cli('diff', file, '--stack', stack, '--existing', '-P', 'Password=trout', '--json');
    expect(changed.stdout).not.toContain('trout');
    const json = JSON.parse(changed.stdout) as { parameters: unknown; operations: { changes?: unknown }[] };
    expect(json.parameters).toEqual([{ name: 'Password', kind: 'change', hidden: true }]);
    expect(json.operations.find((op) => op.changes)?.changes).toEqual([
      { path: 'env[1]', kind: 'change', old: '******', new: '******', hidden: true },
    ]);
  }, 180_000);
});
