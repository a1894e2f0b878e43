import { UsageError } from '../errors.js';
import { showText } from '../terminal-text.js';
import type { PullPolicy } from './docker/index.js';
import { checkStackName } from './input.js';

export function requireStack(value: unknown, usage: string): string {
  if (typeof value !== 'string' || value === '') throw new UsageError(`--stack NAME is required\n\n${usage}`);
  checkStackName(value);
  return value;
}

export function concurrencyOption(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`--concurrency expects a whole number of at least 1, got '${showText(String(value))}'`);
  return n;
}

export function pullOption(value: unknown): PullPolicy | undefined {
  if (value === undefined) return undefined;
  if (value === 'missing' || value === 'always' || value === 'never') return value;
  throw new UsageError(`--pull expects missing, always or never, got '${showText(String(value))}'`);
}

/** `--stop-timeout SECONDS`: a whole number of seconds, 0 (kill at once) included. */
export function stopTimeoutOption(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (String(value).trim() === '' || !Number.isInteger(n) || n < 0)
    throw new UsageError(`--stop-timeout expects a whole number of seconds (0 or more), got '${String(value)}'`);
  return n;
}
