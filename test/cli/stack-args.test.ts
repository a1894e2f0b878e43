import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { run as deploy } from '../../src/cli/deploy.js';
import { run as diff } from '../../src/cli/diff.js';
import { inputFile } from '../../src/cli/stack-args.js';
import { DeployInputError } from '../../src/deploy/input.js';
import { UsageError } from '../../src/errors.js';
import { folderPerTest, heatstack, inFolder } from '../support/cli.js';
import { itDocker, uniqueStack } from '../support/docker.js';

const folder = folderPerTest('heatstack-input-');

describe('the file deploy and diff read', () => {
  test('is the one given, else the app of the nearest heatstack.json, relative to the working folder', () => {
    writeFileSync(join(folder(), 'heatstack.json'), JSON.stringify({ app: 'stacks/main.ts' }));
    mkdirSync(join(folder(), 'sub'));
    expect(inputFile(['blog.yaml'], 'deploy', 'usage', folder())).toBe('blog.yaml');
    expect(inputFile([], 'deploy', 'usage', folder())).toBe(join('stacks', 'main.ts'));
    expect(inputFile([], 'deploy', 'usage', join(folder(), 'sub'))).toBe(join('..', 'stacks', 'main.ts'));
  });

  test('none given and no heatstack.json, or two given, is bad usage saying what to do', () => {
    expect(() => inputFile([], 'diff', 'Usage: x', folder())).toThrow(UsageError);
    expect(() => inputFile([], 'diff', 'Usage: x', folder())).toThrow(
      /^give the app or template file to diff, or add a heatstack\.json with \{"app": "…"\}\n\nUsage: x$/,
    );
    expect(() => inputFile(['a.ts', 'b.ts'], 'deploy', 'Usage: x', folder())).toThrow(
      /^deploy takes one app or template file, got a\.ts b\.ts/,
    );
  });

  test.each([
    ['deploy', deploy],
    ['diff', diff],
  ])(
    '%s --stack X with no file reads what heatstack.json names, checked before anything is touched',
    async (name, verb) => {
      // GIVEN a project whose heatstack.json names a template with a reference to nothing
      const template =
        'heat_template_version: 2021-04-16\nresources:\n  Web:\n    type: DockerInc::Docker::Container\n    properties:\n      image: {get_attr: [Nope, network_ip]}\n';
      writeFileSync(join(folder(), 'bad.yaml'), template);
      writeFileSync(join(folder(), 'heatstack.json'), JSON.stringify({ app: 'bad.yaml' }));
      // WHEN it runs with no file, THEN that file is read and refused, naming it
      const error = await inFolder(folder(), () => verb(['--stack', 's'])).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DeployInputError);
      const refused = name === 'diff' ? 'cannot be previewed \\(nor deployed\\)' : 'cannot be deployed';
      expect((error as Error).message).toMatch(new RegExp(`^bad\\.yaml ${refused}:\\n {2}bad\\.yaml:6:\\d+: .*Nope`));
    },
  );

  test('a heatstack.json with an unknown key is bad usage for deploy too', async () => {
    writeFileSync(join(folder(), 'heatstack.json'), JSON.stringify({ ap: 'main.ts' }));
    await expect(inFolder(folder(), () => deploy(['--stack', 's']))).rejects.toThrow(
      /heatstack\.json: unknown key "ap" \(did you mean "app"\?\)/,
    );
  });

  itDocker("diff --stack X in the project folder previews the app heatstack.json names (the README's)", async () => {
    // GIVEN this repository, whose heatstack.json names examples/wordpress.ts
    expect(resolve('heatstack.json')).toBe(resolve(import.meta.dirname, '..', '..', 'heatstack.json'));
    // WHEN
    const { code, stdout } = await heatstack(
      'diff',
      '--stack',
      uniqueStack('input'),
      '-P',
      'DatabasePassword=a-password',
    );
    // THEN its database volume and two containers would be created
    expect(code).toBe(0);
    expect(stdout).toBe(
      '+ create DatabaseData: new resource\n+ create Database: new resource\n+ create Blog: new resource\n\n' +
        '3 to create, 0 to replace, 0 to delete, 0 unchanged\n',
    );
  });
});
