import { describe, expect, test } from 'vitest';
import { heatstack } from '../support/cli.js';

describe('heatstack ui', () => {
  test('--help says what it serves and its options', async () => {
    const r = await heatstack('ui', '--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: heatstack ui \[--port N\] \[--host 127\.0\.0\.1\] \[--open\] \[--dir DIR\]/);
    expect(r.stdout).toContain('--host HOST   the address to listen on (default 127.0.0.1: this machine only)');
  });

  test('a port that is no port is bad usage, and nothing is started', async () => {
    await expect(heatstack('ui', '--port', '80x')).rejects.toThrow(
      /--port must be a number from 0 to 65535, not '80x'/,
    );
    await expect(heatstack('ui', '--port', '70000')).rejects.toThrow(/--port must be a number/);
  });

  test('is listed with graph among the commands', async () => {
    const r = await heatstack('--help');
    expect(r.stdout).toMatch(/\n {2}graph +Draw a template’s dependency graph \(SVG, PNG or DOT\)\n/);
    expect(r.stdout).toMatch(/\n {2}ui +Start the stack dashboard \(a local web app\)\n/);
  });
});
