import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { run as deploy } from '../../src/cli/deploy.js';
import { run as destroy } from '../../src/cli/destroy.js';
import { emptyRecord } from '../../src/deploy/engine/stack-record.js';
import { DeployInputError } from '../../src/deploy/input.js';
import { lockStack } from '../../src/deploy/state/lock.js';
import { StateStore } from '../../src/deploy/state/store.js';
import { HeatstackError, UsageError } from '../../src/errors.js';
import { inFolder } from '../support/cli.js';
import { itDocker } from '../support/docker.js';

let dir: string;
let stateDir: string;
const before = process.env.HEATSTACK_STATE_DIR;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'heatstack-cli-'));
  stateDir = join(dir, 'state');
  process.env.HEATSTACK_STATE_DIR = stateDir;
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
});
afterEach(() => {
  process.env.HEATSTACK_STATE_DIR = before;
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const TEMPLATE = `heat_template_version: 2021-04-16
parameters:
  size:
    type: number
    constraints:
      - range: {min: 1, max: 5}
resources:
  Web:
    type: DockerInc::Docker::Container
    properties:
      image: heatstack-test/busybox:latest
`;

describe('heatstack deploy: everything is checked before anything is touched', () => {
  test('a stack name too long for its state files is bad usage naming the limit; one at the limit has them', async () => {
    const t = file('t.yaml', TEMPLATE);
    const long = `s${'x'.repeat(232)}`;
    await expect(deploy([t, '--stack', long])).rejects.toThrow(
      new UsageError(
        `invalid stack name 's${'x'.repeat(18)}…' (233 characters): at most 220 characters, since the stack's ` +
          'state files are named after it',
      ),
    );
    expect(existsSync(stateDir)).toBe(false);
    const longest = `s${'x'.repeat(219)}`;
    const store = new StateStore(stateDir);
    const lock = await lockStack(stateDir, longest, 'CREATE');
    await store.save(emptyRecord(longest));
    await lock.release();
    expect((await store.load(longest))?.name).toBe(longest);
  });

  test('no file (and no heatstack.json), or no --stack, is bad usage', async () => {
    await expect(inFolder(dir, () => deploy(['--stack', 's']))).rejects.toThrow(UsageError);
    await expect(deploy([file('t.yaml', TEMPLATE)])).rejects.toThrow('--stack NAME is required');
  });

  test('an unknown option, a bad stack name, a bad --concurrency or --pull are bad usage', async () => {
    const t = file('t.yaml', TEMPLATE);
    await expect(deploy([t, '--stack', 's', '--frobnicate'])).rejects.toThrow(UsageError);
    await expect(deploy([t, '--stack', '9lives'])).rejects.toThrow("invalid stack name '9lives'");
    await expect(deploy([t, '--stack', 's', '--concurrency', '0'])).rejects.toThrow(
      '--concurrency expects a whole number',
    );
    await expect(deploy([t, '--stack', 's', '--pull', 'sometimes'])).rejects.toThrow(
      '--pull expects missing, always or never',
    );
  });

  test('a missing template or parameter file is a user error (exit 1), not bad usage', async () => {
    const missing = join(dir, 'missing.yaml');
    const err = await deploy([missing, '--stack', 's']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HeatstackError);
    expect(err).not.toBeInstanceOf(UsageError);
    expect((err as Error).message).toContain(`cannot read ${missing}`);
    const perr = await deploy([file('t.yaml', TEMPLATE), '--stack', 's', '--parameter-file', missing]).catch(
      (e: unknown) => e,
    );
    expect(perr).toBeInstanceOf(HeatstackError);
    expect(perr).not.toBeInstanceOf(UsageError);
  });

  test('a file that is neither an app nor a template is bad usage', async () => {
    await expect(deploy([file('t.txt', 'x'), '--stack', 's'])).rejects.toThrow('cannot tell what');
  });

  test('a parameter value that breaks its constraint fails naming the parameter, and no state is written', async () => {
    const err = await deploy([file('t.yaml', TEMPLATE), '--stack', 's', '-P', 'size=9']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeployInputError);
    expect((err as Error).message).toMatch(/t\.yaml:\d+:\d+: .*(size|9)/);
    expect(() => readdirSync(stateDir)).toThrow();
  });

  test('a missing parameter value is reported before anything is touched', async () => {
    const err = await deploy([file('t.yaml', TEMPLATE), '--stack', 's']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HeatstackError);
    expect(String((err as Error).message)).toContain('size');
  });

  test('parameter paths are spelled as the dialect of the template spells them (CFN: Parameters.X)', async () => {
    const cfn = file(
      'cfn.yaml',
      [
        "HeatTemplateFormatVersion: '2012-12-12'",
        'Parameters:',
        '  Secret: {Type: String, NoEcho: "true", MinLength: "8"}',
        'Resources:',
        '  Web:',
        '    Type: DockerInc::Docker::Container',
        '    Properties: {image: heatstack-test/busybox:latest}',
        '',
      ].join('\n'),
    );
    for (const args of [[], ['-P', 'Secret=short']]) {
      const err = await deploy([cfn, '--stack', 's', ...args]).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(HeatstackError);
      expect((err as Error).message).toContain('Parameters.Secret');
      expect((err as Error).message).not.toContain('parameters.Secret');
      expect((err as Error).message).not.toContain('short');
    }
  });

  test('a template with a reference to a missing resource fails with file:line:col', async () => {
    const bad = file(
      'bad.yaml',
      `heat_template_version: 2021-04-16\nresources:\n  Web:\n    type: DockerInc::Docker::Container\n    properties:\n      image: {get_attr: [Nope, network_ip]}\n`,
    );
    const err = await deploy([bad, '--stack', 's']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeployInputError);
    expect((err as Error).message).toMatch(new RegExp(`${bad.replaceAll('/', '\\/')}:\\d+:\\d+: .*Nope`));
  });

  test('a syntax error is reported with its position', async () => {
    const err = await deploy([
      file('broken.yaml', 'heat_template_version: 2021-04-16\nresources: [\n'),
      '--stack',
      's',
    ]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeployInputError);
    expect((err as Error).message).toContain('broken.yaml:');
  });

  test('parameter files: a map, or an environment file with `parameters:`; -P wins', async () => {
    const { parameterValues } = await import('../../src/deploy/input.js');
    expect(
      await parameterValues(['a=from-option'], file('p.yaml', 'parameters:\n  a: from-file\n  list: [x, y]\n  n: 3\n')),
    ).toEqual({ a: 'from-option', list: 'x,y', n: '3' });
    expect(await parameterValues([], file('p.json', '{"b": true}'))).toEqual({ b: 'True' });
    await expect(parameterValues(['novalue'])).rejects.toThrow("-P expects key=value, got 'novalue'");
  });
});

describe('heatstack destroy', () => {
  test('needs --stack', async () => {
    await expect(destroy([])).rejects.toThrow(UsageError);
  });

  itDocker('of a stack that does not exist succeeds, saying there was nothing to destroy', async () => {
    const stdout = captureStdout();
    const stack = `t-nothing-${process.pid}-${Date.now().toString(36)}`;
    expect(await destroy(['--stack', stack])).toBe(0);
    expect(stdout.text).toContain(`stack ${stack} does not exist (nothing to destroy)`);
  });

  itDocker('of a mistyped name names the recorded stack meant, touches nothing, and still succeeds', async () => {
    const stdout = captureStdout();
    const meant = `t-near-${process.pid}-${Date.now().toString(36)}`;
    const store = new StateStore(stateDir);
    await store.save(emptyRecord(meant));
    const typo = `${meant.slice(0, -1)}_`;
    expect(await destroy(['--stack', typo])).toBe(0);
    expect(stdout.text).toContain(
      `stack ${typo} does not exist (nothing to destroy); did you mean '${meant}'? It is recorded in ${stateDir} ` +
        'and still there',
    );
    expect((await store.load(meant))?.name).toBe(meant);
  });
});

/** What the verb writes to standard output from now on (the spy is restored with the test's mocks). */
function captureStdout(): { readonly text: string } {
  const captured = { text: '' };
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    captured.text += String(chunk);
    return true;
  });
  return captured;
}
