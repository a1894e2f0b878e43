import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from 'heatstack';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { appFromConfig } from '../../src/synth/app-config.js';

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
      /heatstack\.json: unknown keys "apps" \(did you mean "app"\?\), "output"; the keys are "app"$/,
    );
  });
});
