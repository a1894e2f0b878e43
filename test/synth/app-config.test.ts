import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from 'heatstack';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { appFromConfig, targetFromConfig } from '../../src/synth/app-config.js';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'heatstack-config-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('heatstack.json', () => {
  test('names the app file relative to its own folder, found from a subfolder', () => {
    writeFileSync(join(root, 'heatstack.json'), JSON.stringify({ app: 'stacks/main.ts' }));
    mkdirSync(join(root, 'stacks', 'deep'), { recursive: true });
    expect(appFromConfig(root)).toBe(join('stacks', 'main.ts'));
    expect(appFromConfig(join(root, 'stacks', 'deep'))).toBe(join('..', 'main.ts'));
  });

  test('no file anywhere up the tree gives nothing', () => {
    expect(appFromConfig(root)).toBeUndefined();
  });

  test('a file without "app" or with broken JSON is a usage error naming the file', () => {
    writeFileSync(join(root, 'heatstack.json'), '{}');
    expect(() => appFromConfig(root)).toThrow(UsageError);
    expect(() => appFromConfig(root)).toThrow(/heatstack\.json: "app" must name the app file/);
    writeFileSync(join(root, 'heatstack.json'), '["stacks/main.ts"]');
    expect(() => appFromConfig(root)).toThrow(/heatstack\.json: must hold an object/);
    writeFileSync(join(root, 'heatstack.json'), '{ app: x }');
    expect(() => appFromConfig(root)).toThrow(/heatstack\.json: not valid JSON/);
  });

  test('an unknown key is a usage error naming it, with the key it may have meant', () => {
    writeFileSync(join(root, 'heatstack.json'), JSON.stringify({ app: 'main.ts', apps: 'x.ts', output: 'cdk.out' }));
    expect(() => appFromConfig(root)).toThrow(UsageError);
    expect(() => appFromConfig(root)).toThrow(
      /heatstack\.json: unknown keys "apps" \(did you mean "app"\?\), "output"; the keys are "app", "target", "stacks"$/,
    );
  });

  test("gives a stack its own target, else the project's, saying which key; none when neither says", () => {
    const file = join(root, 'heatstack.json');
    writeFileSync(file, JSON.stringify({ app: 'main.ts', target: 'swarm', stacks: { dev: { target: 'docker' } } }));
    mkdirSync(join(root, 'sub'));
    expect(targetFromConfig('dev', join(root, 'sub'))).toEqual({
      target: 'docker',
      from: `"stacks.dev.target" of ${file}`,
    });
    expect(targetFromConfig('blog', root)).toEqual({ target: 'swarm', from: `"target" of ${file}` });
    writeFileSync(file, JSON.stringify({ app: 'main.ts', stacks: { dev: {} } }));
    expect(targetFromConfig('dev', root)).toBeUndefined();
    expect(targetFromConfig('blog', root)).toBeUndefined();
    // An inherited name is not a stack's entry.
    expect(targetFromConfig('constructor', root)).toBeUndefined();
  });

  test('a target other than docker or swarm, or stack settings that are not, is a usage error naming the key', () => {
    const file = join(root, 'heatstack.json');
    const refused = (config: unknown, message: RegExp) => {
      writeFileSync(file, JSON.stringify(config));
      expect(() => targetFromConfig('blog', root)).toThrow(UsageError);
      expect(() => targetFromConfig('blog', root)).toThrow(message);
      // The app is read from the same file: it is refused there too, rather than half read.
      expect(() => appFromConfig(root)).toThrow(message);
    };
    refused(
      { app: 'main.ts', target: 'kubernetes' },
      /heatstack\.json: "target" must be "docker" or "swarm", got "kubernetes"$/,
    );
    refused(
      { app: 'main.ts', stacks: { blog: { target: 3 } } },
      /heatstack\.json: "stacks\.blog\.target" must be "docker" or "swarm", got 3$/,
    );
    refused(
      { app: 'main.ts', stacks: { blog: { targt: 'swarm' } } },
      /heatstack\.json: unknown key "targt" \(did you mean "target"\?\) in "stacks\.blog"; the keys are "target"$/,
    );
    refused({ app: 'main.ts', stacks: ['blog'] }, /heatstack\.json: "stacks" must map stack names to settings/);
    refused({ app: 'main.ts', stacks: { blog: 'swarm' } }, /heatstack\.json: "stacks\.blog" must hold settings/);
  });
});
