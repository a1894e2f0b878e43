import { UsageError } from 'heatstack';
import { describe, expect, test } from 'vitest';
import { parseVerbArgs } from '../../src/cli/args.js';

const OPTIONS = {
  format: { type: 'string' },
  stack: { type: 'string', short: 's' },
  json: { type: 'boolean' },
} as const;

function usageError(args: string[]): string {
  try {
    parseVerbArgs(args, OPTIONS, 'Usage: heatstack x');
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as Error).message;
  }
  throw new Error(`${args.join(' ')} was accepted`);
}

describe('parseVerbArgs', () => {
  test.each([
    [['--formt', 'json'], '--format'],
    [['--formt=json'], '--format'],
    [['--stak', 'blog'], '--stack'],
    [['--JSON'], '--json'],
  ])('a misspelt option %j suggests %s, then shows the usage', (args, meant) => {
    expect(usageError(args)).toBe(
      `Unknown option '${args[0]!.split('=')[0]}' (did you mean '${meant}'?)\n\nUsage: heatstack x`,
    );
  });

  test("an option unlike any keeps Node's message", () => {
    expect(usageError(['--frobnicate'])).toBe("Unknown option '--frobnicate'\n\nUsage: heatstack x");
  });

  test('other mistakes keep their message too', () => {
    expect(usageError(['--stack'])).toMatch(/^Option '-s, --stack <value>' argument missing/);
  });
});
