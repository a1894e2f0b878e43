import { describe, expect, test } from 'vitest';
import { heatstack } from '../support/cli.js';

describe('the heatstack command', () => {
  test('a misspelt command is bad usage that suggests the command meant', async () => {
    const { code, stderr } = await heatstack('deplyo', 'app.ts');
    expect(code).toBe(2);
    expect(stderr).toMatch(/^heatstack: unknown command 'deplyo' \(did you mean 'deploy'\?\)\n\nUsage: heatstack/);
  });

  test('a command unlike any is bad usage with the list of commands, and no suggestion', async () => {
    const { code, stderr } = await heatstack('frobnicate');
    expect(code).toBe(2);
    expect(stderr).toMatch(/^heatstack: unknown command 'frobnicate'\n\nUsage: heatstack/);
    expect(stderr).toContain('  synth ');
  });
});
